package io.chatserver.messages;

import io.chatserver.core.ApiException;
import io.chatserver.core.TextRules;
import java.nio.charset.StandardCharsets;

/** Decision 42's rule for a reaction's emoji: 1-64 bytes of UTF-8, no whitespace or control character. */
final class Emoji {

  static final int MAX_BYTES = 64;

  private Emoji() {}

  /**
   * The emoji as the path carried it, URL-decoded. Invisible format characters stay allowed: the zero-width
   * joiner and variation selectors are parts of many emoji. U+FFFD is what undecodable bytes became.
   */
  static String valid(String emoji) {
    if (emoji == null || emoji.isEmpty()) {
      throw ApiException.badRequest("emoji must not be empty");
    }
    TextRules.wellFormed("emoji", emoji);
    if (emoji.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw ApiException.badRequest("emoji must be at most " + MAX_BYTES + " bytes of UTF-8");
    }
    emoji.codePoints().forEach(cp -> {
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.getType(cp) == Character.CONTROL
          || cp == 0xFFFD) {
        throw ApiException.badRequest("emoji must not contain whitespace or control characters");
      }
    });
    return emoji;
  }
}
