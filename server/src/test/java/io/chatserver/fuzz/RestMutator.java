package io.chatserver.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a filled seed into one request with a few deterministic mutations: of the JSON body (wrong
 * types, odd strings, missing, extra and duplicate fields, deep or huge values), of its bytes (cut,
 * invalid UTF-8), of the path (odd ids, dot segments, encodings), the query, the method, the headers
 * (content types, tokens, huge or raw-byte headers) and the HTTP framing (lengths, chunking, versions).
 * Framing that would leave the server waiting for more bytes (a Content-Length above the body, a
 * chunked body without its end) is never generated: that is a slow client, not a malformed one.
 */
final class RestMutator {

  private final SplittableRandom random;
  private final int port;
  private final String otherToken;
  private final List<String> mutations = new ArrayList<>();

  private String method;
  private String path;
  private String query;
  private String version;
  /** A regression seed that frames its body itself (e.g. chunked). */
  private final boolean lengthless;
  private List<Map.Entry<String, String>> fields;
  private String bodyText;
  private byte[] bodyBytes;
  private String authorization;
  private String contentType = "application/json";
  private String host;
  private final List<String> extraHeaders = new ArrayList<>();
  private Framing framing = Framing.PLAIN;
  private String framingDetail;

  private enum Framing { PLAIN, SHORT_LENGTH, BAD_LENGTH, LENGTH_AND_CHUNKED, CHUNKED, BAD_CHUNK }

  private RestMutator(RestFixture.Template t, SplittableRandom random, int port, String otherToken) {
    this.random = random;
    this.port = port;
    this.otherToken = otherToken;
    this.method = t.method();
    int q = t.target().indexOf('?');
    this.path = q < 0 ? t.target() : t.target().substring(0, q);
    this.query = q < 0 ? null : t.target().substring(q + 1);
    this.fields = t.fields() == null ? null : new ArrayList<>(t.fields());
    this.authorization = t.authorization();
    this.host = t.drop().contains("Host") ? null : "127.0.0.1:" + port;
    this.extraHeaders.addAll(t.headers());
    this.version = t.version();
    this.bodyText = t.bodyText();
    this.lengthless = t.drop().contains("Content-Length");
  }

  /** The seed as it is (mutations = 0) or mutated {@code count} times. */
  static RestRequest request(RestFixture.Template t, SplittableRandom random, int port, String otherToken, int count) {
    RestMutator m = new RestMutator(t, random, port, otherToken);
    for (int i = 0; i < count; i++) {
      m.mutateOnce();
    }
    return m.build(t.seed());
  }

  /** How many mutations an input gets: mostly one or two, sometimes none or three. */
  static int count(SplittableRandom random) {
    double p = random.nextDouble();
    return p < 0.04 ? 0 : p < 0.6 ? 1 : p < 0.88 ? 2 : 3;
  }

  private void mutateOnce() {
    boolean body = fields != null || bodyText != null;
    int roll = lengthless ? 40 + random.nextInt(60) : random.nextInt(100); // its body is framed by hand
    if (body ? roll < 28 : roll < 4) {
      mutateBody();
    } else if (body ? roll < 38 : roll < 6) {
      mutateBodyBytes();
    } else if (roll < 54) {
      mutatePath();
    } else if (roll < 64) {
      mutateQuery();
    } else if (roll < 70) {
      method = Fuzz.pick(random, FuzzValues.METHODS);
      note("method", method);
    } else if (roll < 88 || lengthless) {
      mutateHeaders();
    } else {
      mutateFraming();
    }
  }

  /** Records a mutation as "kind: detail" (the kinds group a report's examples). */
  private void note(String kind, String detail) {
    String shown = detail.length() > 80 ? detail.substring(0, 80) + "..." : detail;
    mutations.add(detail.isEmpty() ? kind : kind + ": " + Fuzz.shorten(shown));
  }

  // ---- body ----

  private void mutateBody() {
    if (fields == null) {
      fields = new ArrayList<>();
    }
    bodyText = null;
    bodyBytes = null;
    int op = random.nextInt(fields.isEmpty() ? 2 : 8);
    switch (op) {
      case 0 -> wholeBody();
      case 1 -> {
        String key = Fuzz.pick(random, List.of("id", "user_id", "is_admin", "__proto__", "", "\u0000", "content",
            "sender_id", "password_hash", FuzzValues.string(random)));
        String value = FuzzValues.rawValue(random);
        fields.add(new SimpleEntry<>(key, value));
        note("add field", key + "=" + value);
      }
      case 2, 3, 4 -> {
        int i = random.nextInt(fields.size());
        String value = FuzzValues.rawValue(random);
        fields.set(i, new SimpleEntry<>(fields.get(i).getKey(), value));
        note("field value", fields.get(i).getKey() + "=" + value);
      }
      case 5 -> {
        Map.Entry<String, String> removed = fields.remove(random.nextInt(fields.size()));
        note("remove field", removed.getKey());
      }
      case 6 -> {
        Map.Entry<String, String> f = fields.get(random.nextInt(fields.size()));
        String value = FuzzValues.rawValue(random);
        fields.add(random.nextBoolean() ? fields.size() : 0, new SimpleEntry<>(f.getKey(), value));
        note("duplicate field", f.getKey() + "=" + value);
      }
      default -> {
        int i = random.nextInt(fields.size());
        String key = fields.get(i).getKey();
        String wrapped = random.nextBoolean() ? "[" + fields.get(i).getValue() + "]"
            : "{\"$ne\":" + fields.get(i).getValue() + "}";
        fields.set(i, new SimpleEntry<>(key, wrapped));
        note("wrap field", key);
      }
    }
  }

  private void wholeBody() {
    int kind = random.nextInt(12);
    bodyText = switch (kind) {
      case 0 -> FuzzValues.deep(random.nextBoolean() ? 1_200 : 40_000, random.nextBoolean());
      case 1 -> "{\"a\":".repeat(3_000);
      case 2 -> manyKeys(random.nextBoolean() ? 1_000 : 60_000);
      case 3 -> "{\"content\":\"" + "a".repeat(random.nextBoolean() ? 1_048_577 : 1_048_000) + "\"}";
      case 4 -> "";
      case 5 -> " \t\r\n ";
      default -> Fuzz.pick(random, List.of("null", "[]", "\"x\"", "1", "{}", "[{}]", "true", "{\"a\"}", "{'a':1}",
          "{\"content\":\"x\"/*c*/}", "{\"content\":NaN}", "{\"content\":\"x\",}"));
    };
    note("whole body", bodyText);
  }

  private static String manyKeys(int n) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    return out.append('}').toString();
  }

  private void mutateBodyBytes() {
    byte[] bytes = currentBody();
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
    int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
    int op = random.nextInt(6);
    byte[] invalid = Fuzz.pick(random, List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0xc3}, new byte[] {0}, new byte[] {(byte) 0xe2, (byte) 0x80}));
    switch (op) {
      case 0 -> {
        out.write(bytes, 0, at);
        note("cut body", "at " + at);
      }
      case 1 -> {
        out.write(bytes, 0, at);
        out.writeBytes(invalid);
        out.write(bytes, at, bytes.length - at);
        note("insert bytes", hex(invalid) + " at " + at);
      }
      case 2 -> {
        out.writeBytes(bytes);
        if (bytes.length > 0) {
          byte[] copy = out.toByteArray();
          copy[at] ^= (byte) (1 << random.nextInt(8));
          out.reset();
          out.writeBytes(copy);
        }
        note("flip a bit", "at " + at);
      }
      case 3 -> {
        out.write(bytes, 0, at);
        if (at + 1 < bytes.length) {
          out.write(bytes, at + 1, bytes.length - at - 1);
        }
        note("delete byte", "at " + at);
      }
      case 4 -> {
        out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        out.writeBytes(bytes);
        note("BOM before body", "");
      }
      default -> {
        out.writeBytes(bytes);
        out.writeBytes(Fuzz.pick(random, List.of("x", "}", "{}", "\u0000", " ", "\r\n\r\nGET / HTTP/1.1\r\n\r\n"))
            .getBytes(StandardCharsets.UTF_8));
        note("trailing bytes", "");
      }
    }
    bodyBytes = out.toByteArray();
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b & 0xff));
    }
    return out.toString();
  }

  private byte[] currentBody() {
    if (bodyBytes != null) {
      return bodyBytes;
    }
    if (bodyText != null) {
      return bodyText.getBytes(StandardCharsets.UTF_8);
    }
    return fields == null ? new byte[0] : JsonText.object(fields).getBytes(StandardCharsets.UTF_8);
  }

  // ---- path and query ----

  private void mutatePath() {
    String[] segments = path.split("/", -1);
    int op = random.nextInt(10);
    if (op < 5) {
      List<Integer> ids = new ArrayList<>();
      for (int i = 2; i < segments.length; i++) {
        if (segments[i].matches("[0-9]+")) {
          ids.add(i);
        }
      }
      int i = !ids.isEmpty() ? Fuzz.pick(random, ids)
          : segments.length > 2 ? 2 + random.nextInt(segments.length - 2) : segments.length - 1;
      segments[i] = FuzzValues.id(random);
      path = String.join("/", segments);
      note("path id", segments[i]);
      return;
    }
    path = switch (op) {
      case 5 -> path + Fuzz.pick(random, List.of("/", "/x", "/1", "//", "/%2e%2e", "/..", "/%00", ";a=b"));
      case 6 -> insertAtSlash(Fuzz.pick(random, List.of("/./", "/../", "//", "/%2e%2e/", "/%2F/", "/.%2e/")));
      case 7 -> encodeLetter();
      case 8 -> random.nextInt(4) == 0 ? path + "/" + "a".repeat(random.nextBoolean() ? 9_000 : 70_000)
          : path.toUpperCase();
      default -> insertRaw(path, Fuzz.pick(random, List.of(RestRequest.rawByte(0x01), " ", RestRequest.rawByte(0x7f),
          RestRequest.rawByte(0xff), "\u00e9", "\t", "#frag", "\\", "%")));
    };
    note("path", path);
  }

  private String insertAtSlash(String insert) {
    int at = path.indexOf('/', 1 + random.nextInt(Math.max(1, path.length() - 1)));
    return at < 0 ? path + insert : path.substring(0, at) + insert + path.substring(at + 1);
  }

  private String encodeLetter() {
    for (int tries = 0; tries < 8; tries++) {
      int at = 1 + random.nextInt(path.length() - 1);
      char c = path.charAt(at);
      if (Character.isLetter(c)) {
        String hex = String.format(random.nextBoolean() ? "%%%02X" : "%%%02x", (int) c);
        return path.substring(0, at) + hex + path.substring(at + 1);
      }
    }
    return path;
  }

  private String insertRaw(String text, String insert) {
    int at = 1 + random.nextInt(Math.max(1, text.length() - 1));
    return text.substring(0, at) + insert + text.substring(at);
  }

  private void mutateQuery() {
    if (random.nextInt(3) == 0) {
      query = Fuzz.pick(random, List.of("", "&", "=", "%zz", "limit", "limit=1&limit=abc", "limit=abc&limit=1",
          "a=1&".repeat(3_000), "limit=" + "9".repeat(3_000), "before=1#frag", "%00=%00", "limit=%E0%A5%A9",
          "limit=5&before=", "before[]=1", "limit=1;before=2"));
    } else {
      String name = Fuzz.pick(random, List.of("limit", "limit", "before", "before", "other_user_id", "since"));
      String pair = name + "=" + Fuzz.pick(random, FuzzValues.QUERY_VALUES);
      query = query == null || query.isEmpty() || random.nextBoolean() ? pair : pair + "&" + query;
    }
    note("query", "?" + query);
  }

  // ---- headers and framing ----

  private void mutateHeaders() {
    int op = random.nextInt(10);
    switch (op) {
      case 0 -> {
        contentType = random.nextInt(4) == 0 ? null : Fuzz.pick(random, FuzzValues.CONTENT_TYPES);
        note("Content-Type", String.valueOf(contentType));
      }
      case 1, 2, 3 -> mutateAuthorization();
      case 4 -> {
        String header = Fuzz.pick(random, List.of("X-Forwarded-For: 1.2.3.4, <script>", "Origin: http://evil.example",
            "Expect: 100-continue", "Accept-Encoding: gzip, deflate, br", "Cookie: a=b; " + "c".repeat(100),
            "Upgrade: websocket", "Upgrade: h2c", "Accept: text/html", "Range: bytes=0-1", "If-None-Match: *",
            "X-HTTP-Method-Override: DELETE", "Accept-Charset: utf-7", "Content-Encoding: gzip", "TE: trailers"));
        extraHeaders.add(header);
        note("header", header);
      }
      case 5 -> {
        extraHeaders.add("X-Big: " + "a".repeat(random.nextBoolean() ? 10_000 : 7_000));
        note("big header", "");
      }
      case 6 -> {
        for (int i = 0; i < 150; i++) {
          extraHeaders.add("X-Many-" + i + ": " + i);
        }
        note("150 headers", "");
      }
      case 7 -> {
        String header = Fuzz.pick(random, List.of("X-Raw: a" + RestRequest.rawByte(0xff) + "b",
            "X-Nul: a" + RestRequest.rawByte(0) + "b", "X-No-Colon", "X-Fold: a\r\n b", ": empty-name",
            "X Space: 1", "X-Utf8: \u00e9\u4e2d", "X-Ctl: a" + RestRequest.rawByte(0x7f)));
        extraHeaders.add(header);
        note("header", header);
      }
      case 8 -> {
        host = Fuzz.pick(random, List.of("", "evil.example", "127.0.0.1:" + port + ", evil", "[::1", "a".repeat(300)));
        if (random.nextInt(3) == 0) {
          host = null;
        }
        note("Host", String.valueOf(host));
      }
      default -> {
        extraHeaders.add("Host: second.example");
        note("two Host headers", "");
      }
    }
  }

  private void mutateAuthorization() {
    String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : otherToken;
    if (token.split("\\.").length < 3) {
      token = otherToken; // an earlier mutation left no JWT ("Bearer "): start from a real one
    }
    String[] parts = token.split("\\.");
    authorization = switch (random.nextInt(13)) {
      case 0 -> null;
      case 1 -> "Bearer";
      case 2 -> "Bearer ";
      case 3 -> "Bearer " + token + "x";
      case 4 -> "Bearer " + token.substring(0, token.length() - 2);
      case 5 -> "Bearer " + otherToken;
      case 6 -> "bearer " + token;
      case 7 -> "Basic " + Base64.getEncoder().encodeToString("user:pass".getBytes(StandardCharsets.UTF_8));
      case 8 -> "Bearer " + token + " extra";
      case 9 -> "Bearer " + Base64.getUrlEncoder().withoutPadding()
          .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
      case 10 -> "Bearer " + parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(("{\"sub\":\"1\",\"pad\":\"" + "a".repeat(6_000) + "\"}").getBytes(StandardCharsets.UTF_8))
          + "." + parts[2];
      case 11 -> "Bearer " + token + RestRequest.rawByte(0);
      default -> {
        extraHeaders.add("Authorization: Bearer " + otherToken);
        yield authorization;
      }
    };
    note("Authorization", (authorization == null ? "none" : authorization.length() > 30
        ? authorization.substring(0, 30) + "..." : authorization));
  }

  private void mutateFraming() {
    int op = random.nextInt(9);
    switch (op) {
      case 0 -> {
        framing = Framing.BAD_LENGTH;
        framingDetail = Fuzz.pick(random, List.of("abc", "-1", "1e3", "0x10", "5, 6", "99999999999999999999"));
        note("bad Content-Length", framingDetail);
      }
      case 1 -> {
        framing = currentBody().length > 1 ? Framing.SHORT_LENGTH : Framing.BAD_LENGTH;
        framingDetail = "abc";
        note("Content-Length below the body", "");
      }
      case 2 -> {
        framing = Framing.LENGTH_AND_CHUNKED;
        note("Content-Length and chunked", "");
      }
      case 3 -> {
        framing = Framing.CHUNKED;
        note("chunked body", "");
      }
      case 4 -> {
        framing = Framing.BAD_CHUNK;
        note("bad chunk size", "");
      }
      case 5, 6 -> {
        version = Fuzz.pick(random, List.of("HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "http/1.1",
            "HTTP/1.1 extra", "HTTP/1", "HTTP/1.1" + RestRequest.rawByte(0)));
        note("version", version);
      }
      case 7 -> {
        method = Fuzz.pick(random, List.of(method + " ", method + "\t", "\r\n" + method, " " + method));
        note("request line spacing", method);
      }
      default -> {
        method = method + " " + path;
        path = "/x";
        note("request line with four parts", "");
      }
    }
  }

  // ---- the request ----

  private RestRequest build(String seed) {
    byte[] body = currentBody();
    boolean hasBody = fields != null || bodyText != null || bodyBytes != null;
    List<String> headers = new ArrayList<>();
    if (host != null) {
      headers.add("Host: " + host);
    }
    headers.add("Connection: close");
    if (hasBody && contentType != null) {
      headers.add("Content-Type: " + contentType);
    }
    if (authorization != null) {
      headers.add("Authorization: " + authorization);
    }
    headers.addAll(extraHeaders);
    byte[] serverBody = body;
    switch (framing) {
      case PLAIN -> {
        if (lengthless) {
          serverBody = null;
        } else if (hasBody || method.equals("POST") || method.equals("PUT")) {
          headers.add("Content-Length: " + body.length);
        }
      }
      case SHORT_LENGTH -> {
        headers.add("Content-Length: " + body.length / 2);
        serverBody = null;
      }
      case BAD_LENGTH -> {
        headers.add("Content-Length: " + framingDetail);
        serverBody = null;
      }
      case LENGTH_AND_CHUNKED -> {
        headers.add("Content-Length: " + body.length);
        headers.add("Transfer-Encoding: chunked");
        body = chunked(body);
        serverBody = null;
      }
      case CHUNKED -> {
        headers.add("Transfer-Encoding: chunked");
        body = chunked(body);
      }
      case BAD_CHUNK -> {
        headers.add("Transfer-Encoding: chunked");
        body = ("zz\r\n" + new String(body, StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        serverBody = null;
      }
    }
    String target = query == null ? path : path + "?" + query;
    return new RestRequest(method, target, version, headers, body, serverBody, seed, List.copyOf(mutations));
  }

  private byte[] chunked(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    int at = 0;
    while (at < body.length) {
      int size = Math.min(body.length - at, 1 + random.nextInt(Math.max(1, body.length / 3 + 1)));
      out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, at, size);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      at += size;
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }
}
