package io.chatserver.fuzz;

import java.util.regex.Pattern;

/**
 * The contract's rules for stored strings, as far as a fuzzer can judge them from outside (issue 11,
 * items 7 and 12): text the node keeps never holds NUL or a lone surrogate; emails and file names
 * hold no control or invisible formatting characters; file names are not paths; content is not blank
 * even counting no-break and zero-width spaces as blank.
 */
final class Validity {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");

  private Validity() {}

  /** What makes {@code value} unacceptable for {@code field}, or null when it may be stored. */
  static String refusal(String field, String value) {
    if (value.indexOf('\u0000') >= 0) {
      return "NUL";
    }
    if (hasLoneSurrogate(value)) {
      return "a lone surrogate";
    }
    switch (field) {
      case "username" -> {
        return USERNAME.matcher(value).matches() ? null : "an invalid username";
      }
      case "email" -> {
        if (hasInvisible(value.trim())) { // the node trims the email it stores
          return "a control or format character";
        }
        return value.indexOf('<') >= 0 || value.indexOf('>') >= 0 ? "'<' or '>'" : null;
      }
      case "filename" -> {
        if (hasInvisible(value)) {
          return "a control or format character";
        }
        return value.contains("/") || value.contains("\\") || value.contains("..") ? "a path" : null;
      }
      case "content" -> {
        return isBlank(value) ? "blank content (spaces, no-break or zero-width spaces only)" : null;
      }
      default -> {
        return null;
      }
    }
  }

  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasInvisible(String s) {
    return s.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
        || Character.getType(c) == Character.FORMAT);
  }

  private static boolean isBlank(String s) {
    return s.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
        || Character.getType(c) == Character.FORMAT);
  }
}
