package io.chatserver.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated HTTP request, exactly as it goes on the wire. The head is text written as UTF-8,
 * except that the characters U+F700..U+F7FF stand for the single raw bytes 0x00..0xFF (so a head can
 * hold bytes that are not UTF-8).
 *
 * @param serverBody the body as the server reads it (the bytes without their chunked framing), or null
 *     when the framing makes that unsure (a Content-Length shorter than the body, a bad chunk)
 * @param seed the corpus seed it was made from
 * @param mutations what was changed, for the report
 */
record RestRequest(String method, String target, String version, List<String> headers, byte[] body,
    byte[] serverBody, String seed, List<String> mutations) {

  static final char RAW_BYTE_BASE = '\uf700';

  static String rawByte(int b) {
    return String.valueOf((char) (RAW_BYTE_BASE + (b & 0xff)));
  }

  String requestLine() {
    return method + " " + target + " " + version;
  }

  byte[] head() {
    StringBuilder text = new StringBuilder(requestLine()).append("\r\n");
    for (String header : headers) {
      text.append(header).append("\r\n");
    }
    text.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= RAW_BYTE_BASE && c <= RAW_BYTE_BASE + 0xff) {
        out.write(c - RAW_BYTE_BASE);
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
        out.writeBytes(text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
        i++;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** The path part of the target (before '?'). */
  String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The raw query (after '?'), or null. */
  String query() {
    int q = target.indexOf('?');
    return q < 0 ? null : target.substring(q + 1);
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  /** The kinds of mutation made, without their details: inputs alike for a report. */
  String signature() {
    return seed + " " + mutations.stream().map(m -> m.contains(":") ? m.substring(0, m.indexOf(':')) : m).sorted().toList();
  }

  /** For a report: the seed, the mutations and the request, shortened. */
  String describe() {
    String bodyText = new String(body, StandardCharsets.UTF_8);
    return "seed " + seed + ", mutations " + mutations + ":\n    " + Fuzz.shorten(requestLine())
        + "\n    headers " + Fuzz.shorten(String.join(" | ", headers))
        + (body.length == 0 ? "" : "\n    body (" + body.length + " bytes) " + Fuzz.shorten(bodyText));
  }
}
