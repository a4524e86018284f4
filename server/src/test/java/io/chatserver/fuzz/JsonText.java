package io.chatserver.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * JSON written by hand, so that it can carry what a JSON library would refuse or repair: lone
 * surrogates (as {@code \ud800} escapes), duplicate keys, numbers past every range.
 */
final class JsonText {

  private JsonText() {}

  /** A JSON string literal; a lone surrogate is always escaped (it has no UTF-8 form). */
  static String string(String s, boolean asciiOnly) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || (asciiOnly && c > 0x7e) || (Character.isSurrogate(c) && !paired)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Any value of a parsed seed (Vert.x JSON types) as JSON text. */
  static String value(Object value) {
    if (value instanceof String s) {
      return string(s, false);
    }
    if (value instanceof JsonObject || value instanceof JsonArray || value == null) {
      return value == null ? "null" : value.toString();
    }
    return String.valueOf(value);
  }

  /** An object from (key, raw JSON value) pairs, in order, duplicates kept. */
  static String object(List<Map.Entry<String, String>> fields) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> field : fields) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(string(field.getKey(), false)).append(':').append(field.getValue());
    }
    return out.append('}').toString();
  }
}
