package io.chatserver.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a search (decision 43): runs of Unicode letters and digits, as both indexes split text;
 * everything else in {@code q} only separates words. Each database's query is built from these words
 * alone, each quoted as a literal, so nothing a user types (quotes, AND, OR, NEAR(, *, :, &, !) is ever
 * read as query syntax. The last word also matches as a prefix.
 */
record SearchTerms(List<String> words) {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  static SearchTerms of(String q) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(q);
    while (m.find()) {
      words.add(m.group());
    }
    return new SearchTerms(List.copyOf(words));
  }

  /** No word at all (e.g. only punctuation): nothing can match. */
  boolean isEmpty() {
    return words.isEmpty();
  }

  /** FTS5: {@code "w1" "w2" "w3"*}, strings joined by an implicit AND; FTS5 folds case itself. */
  String fts5() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      out.append(i == 0 ? "" : " ").append('"').append(words.get(i).replace("\"", "\"\"")).append('"');
    }
    return out.append('*').toString();
  }

  /** PostgreSQL to_tsquery: {@code 'w1' & 'w2' & 'w3':*}; the 'simple' dictionary lower-cases each. */
  String tsquery() {
    List<String> quoted = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      quoted.add(quoteLexeme(words.get(i)) + (i == words.size() - 1 ? ":*" : ""));
    }
    return String.join(" & ", quoted);
  }

  private static String quoteLexeme(String word) {
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
  }
}
