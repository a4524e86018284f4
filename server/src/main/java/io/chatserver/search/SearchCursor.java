package io.chatserver.search;

import io.chatserver.core.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the next page of a search starts: in each of the two id series (public and private messages),
 * the id the next page stays below; 0 once a series is exhausted. Holding both positions, rather than
 * one (time, type, id) point, makes the merge of the two series exact: no message twice, none skipped.
 * Opaque to clients (base64url of {@code v1:<public>:<private>}); anything else is 400.
 */
record SearchCursor(long publicBefore, long privateBefore) {

  static final SearchCursor START = new SearchCursor(Long.MAX_VALUE, Long.MAX_VALUE);

  private static final Pattern FORMAT = Pattern.compile("v1:(\\d{1,19}):(\\d{1,19})");

  static SearchCursor parse(String cursor) {
    if (cursor == null) {
      return START;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      Matcher m = FORMAT.matcher(text);
      if (m.matches()) {
        return new SearchCursor(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
      }
    } catch (IllegalArgumentException e) { // not base64, or a number beyond a long
      // the 400 below
    }
    throw ApiException.badRequest("cursor is not valid: pass the next_cursor of the previous page");
  }

  boolean exhausted() {
    return publicBefore == 0 && privateBefore == 0;
  }

  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("v1:" + publicBefore + ":" + privateBefore).getBytes(StandardCharsets.UTF_8));
  }
}
