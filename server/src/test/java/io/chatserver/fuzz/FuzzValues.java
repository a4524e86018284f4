package io.chatserver.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The odd values mutations draw from: strings that broke (or nearly broke) servers elsewhere, JSON
 * values of every wrong type, numbers at and past the edges, and ids written in ways a lenient parser
 * accepts. Raw JSON values are JSON text, so that they can hold what a JSON library would not write
 * (1e400, a lone surrogate escape, a 20-digit integer).
 */
final class FuzzValues {

  static final List<String> STRINGS = List.of(
      "", " ", "   \t\n", "\u0000", "a\u0000b", "nul\u0000@example.com",
      "\ud800", "\udc00", "x\ud83dy", "a\ud83d",
      "\u202eevil.exe", "\u200b", "\u00a0\u200b\u2007\u202f", "\u00a0", "\ufeff", "\u2028\u2029",
      "<script>alert(1)</script>", "'; DROP TABLE users; --", "\" OR 1=1 --", "%00", "%s%s%n",
      "../../../etc/passwd", "..\\..\\boot.ini", "a/../b.png", "file\nname.png", "name\r\nX-Injected: 1",
      "\u0430dmin@\u0435xample.com", "e\u0301\u0301\u0301", "\ud83d\ude00", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
      "\u0130\u0130\u0130", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "null", "true", "0", "-1",
      "9223372036854775808", "\\", "\"", "\u0001\u001f\u007f\u0085", "javascript:alert(1)", "http://",
      "https://example.com/a.png", "file:///etc/passwd", "http://127.0.0.1:0/x.png", "a@b.c", "x@y",
      "user@example.com ", "a.png", "a.exe", "a.PNG.exe", ".png", "CON.png");

  /** Raw JSON values of every kind, most of them the wrong type somewhere. */
  static final List<String> RAW_JSON = List.of(
      "null", "true", "false", "0", "-0", "-1", "1", "1.5", "1e3", "1E400", "-1e400", "0.0000001",
      "99999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
      "2147483648", "[]", "{}", "[1,2]", "[\"a\"]", "{\"a\":1}", "{\"$gt\":\"\"}", "\"\"", "\"123\"",
      "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\u0000b\"", "[null]", "{\"_placeholder\":true,\"num\":0}");

  /** Path id segments (raw, as they appear in the request line). */
  static final List<String> IDS = List.of(
      "+3", "%2B3", "%D9%A3", "%EF%BC%93", "\u0663", "-1", "0", "00", "007", "-0", "1e3", "1.0", "0x10",
      "99999999999999999999", "9223372036854775807", "9223372036854775808", "%203", "3%20", "3%00",
      "abc", "%", "%zz", "null", "undefined", "1;", "%2F", "..", "1%0a", "%E0%A5%A9", "１");

  /** Query values for limit/before (raw, as they appear in the request line). */
  static final List<String> QUERY_VALUES = List.of(
      "", "0", "-1", "1", "1000", "1001", "%2B3", "+3", "%D9%A3", "1e3", "1.5", "abc", "99999999999999999999",
      "9223372036854775807", "9223372036854775808", "%20%205", "5%00", "%zz", "%", "0x10", "%EF%BC%95");

  static final List<String> METHODS = List.of(
      "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "FOO", "get", "M-SEARCH",
      "PROPFIND");

  static final List<String> CONTENT_TYPES = List.of(
      "text/plain", "application/json; charset=ISO-8859-1", "application/json; charset=utf-16",
      "multipart/form-data", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
      "application/xml", "*/*", "", "application/json;;;", "\u00ff");

  private FuzzValues() {}

  static String string(SplittableRandom random) {
    int kind = random.nextInt(10);
    return switch (kind) {
      case 0 -> "a".repeat(Fuzz.pick(random, List.of(256, 4000, 4001, 65_536)));
      case 1 -> "\ud83d\ude00".repeat(Fuzz.pick(random, List.of(2000, 4000, 4001)));
      case 2 -> "\u0130".repeat(240) + "@example.com";
      default -> Fuzz.pick(random, STRINGS);
    };
  }

  /** A raw JSON value: a wrong-typed value, an odd string, or deep nesting. */
  static String rawValue(SplittableRandom random) {
    int kind = random.nextInt(10);
    if (kind < 4) {
      return Fuzz.pick(random, RAW_JSON);
    }
    if (kind < 8) {
      return JsonText.string(string(random), random.nextBoolean());
    }
    if (kind == 8) {
      return deep(random.nextInt(3) == 0 ? 5_000 : 50, random.nextBoolean());
    }
    return "[" + JsonText.string(string(random), false) + "]";
  }

  static String deep(int depth, boolean arrays) {
    return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
  }

  static String id(SplittableRandom random) {
    return Fuzz.pick(random, IDS);
  }
}
