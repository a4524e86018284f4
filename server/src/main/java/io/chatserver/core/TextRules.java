package io.chatserver.core;

/**
 * The character rules for every string a client sends, REST body or socket event alike (both read
 * strings through {@code edge.JsonBody}). Every string is well-formed ({@link #wellFormed}); then each
 * field is one line ({@link #singleLine}: names, emails, file names, URLs) or free text
 * ({@link #text}: message content). Lengths are the fields' own rules.
 */
public final class TextRules {

  private TextRules() {}

  /**
   * No NUL (PostgreSQL cannot store it, so the databases would disagree) and no unpaired UTF-16
   * surrogate (it has no UTF-8 form and was silently stored as '?').
   */
  public static String wellFormed(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw ApiException.badRequest(field + " must not contain NUL characters");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ApiException.badRequest(field + " must be valid Unicode text (unpaired surrogate)");
      }
    }
    return value;
  }

  /**
   * A one-line value: no control characters (Unicode Cc: NUL, newline, ...) and no invisible format
   * characters (Cf: zero-width space, right-to-left override, ...), which would let a name or an address
   * look like another one.
   */
  public static String singleLine(String field, String value) {
    wellFormed(field, value);
    value.codePoints().forEach(cp -> {
      if (isControl(cp) || Character.getType(cp) == Character.FORMAT) {
        throw ApiException.badRequest(field + " must not contain control or invisible format characters");
      }
    });
    return value;
  }

  /** Free text (message content): line breaks and tabs are allowed, other control characters are not. */
  public static String text(String field, String value) {
    wellFormed(field, value);
    value.codePoints().forEach(cp -> {
      if (isControl(cp) && cp != '\n' && cp != '\r' && cp != '\t') {
        throw ApiException.badRequest(field + " must not contain control characters");
      }
    });
    return value;
  }

  /**
   * Nothing visible: only whitespace (including no-break and ideographic spaces) and invisible format
   * characters (zero-width space, byte order mark, ...). {@link String#isBlank} knows only the former.
   */
  public static boolean isBlank(String value) {
    return value.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
        || Character.getType(cp) == Character.FORMAT);
  }

  private static boolean isControl(int cp) {
    return Character.getType(cp) == Character.CONTROL;
  }
}
