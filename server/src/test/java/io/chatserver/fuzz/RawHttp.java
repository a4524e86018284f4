package io.chatserver.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * HTTP/1.1 over a plain socket, one request per connection, so that a test can send what no HTTP
 * client library would (bad request lines, conflicting lengths, raw bytes in headers) and see the
 * answer exactly as the server wrote it. An answer that does not parse as HTTP is a
 * {@link Malformed} error.
 */
final class RawHttp {

  /** Bodies are written from another thread: a server may answer (413) before reading them. */
  private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "raw-http-writer");
    t.setDaemon(true);
    return t;
  });
  private static final int MAX_HEAD = 64 * 1024;
  private static final int UNTIL_CLOSED_MS = 2_000;

  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** The server answered something that is not HTTP, or answered nothing. */
  static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }

  private RawHttp() {}

  static Response exchange(int port, byte[] head, byte[] body, boolean headRequest, int timeoutMs)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
      socket.setSoTimeout(timeoutMs);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.flush();
      if (body.length > 0) {
        WRITERS.execute(() -> {
          try {
            out.write(body);
            out.flush();
          } catch (IOException e) {
            // the server stopped reading (it answered early or closed): its answer tells
          }
        });
      }
      while (true) {
        Response response = read(socket, headRequest);
        if (response.status() != 100) {
          return response;
        }
      }
    }
  }

  private static Response read(Socket socket, boolean headRequest) throws IOException {
    InputStream in = socket.getInputStream();
    String headText = readHead(in);
    String[] lines = headText.split("\r\n", -1);
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].matches("HTTP/[0-9]\\.[0-9]") || !statusLine[1].matches("[1-5][0-9][0-9]")) {
      throw new Malformed("bad status line: " + Fuzz.shorten(lines[0]));
    }
    int status = Integer.parseInt(statusLine[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new Malformed("bad header line: " + Fuzz.shorten(lines[i]));
      }
      headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body;
    List<String> length = headers.get("content-length");
    if (headRequest || status == 100 || status == 101 || status == 204 || status == 304) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(first(headers, "transfer-encoding"))) {
      body = readChunked(in);
    } else if (length != null) {
      if (length.stream().distinct().count() > 1 || !length.get(0).matches("[0-9]{1,9}")) {
        throw new Malformed("bad Content-Length: " + length);
      }
      body = in.readNBytes(Integer.parseInt(length.get(0)));
      if (body.length < Integer.parseInt(length.get(0))) {
        throw new Malformed("body shorter than its Content-Length");
      }
    } else {
      body = untilClosed(socket);
    }
    return new Response(status, headers, body);
  }

  /** A body without length ends when the server closes the connection, which it must do soon. */
  private static byte[] untilClosed(Socket socket) throws IOException {
    socket.setSoTimeout(UNTIL_CLOSED_MS);
    try {
      return socket.getInputStream().readAllBytes();
    } catch (java.net.SocketTimeoutException e) {
      throw new Malformed("answer without a length, and the connection stays open after it");
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.get(0);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new Malformed(head.size() == 0 ? "connection closed without an answer"
            : "connection closed inside the answer's head");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEAD) {
        throw new Malformed("answer head over " + MAX_HEAD + " bytes");
      }
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      if (!hex.matches("[0-9a-fA-F]{1,7}")) {
        throw new Malformed("bad chunk size: " + Fuzz.shorten(sizeLine));
      }
      int size = Integer.parseInt(hex, 16);
      if (size == 0) {
        while (!readLine(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new Malformed("connection closed inside a chunk");
      }
      body.writeBytes(chunk);
      if (!readLine(in).isEmpty()) {
        throw new Malformed("chunk not followed by CRLF");
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new Malformed("connection closed inside a chunked body");
      }
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
      if (line.size() > 1024) {
        throw new Malformed("chunk line too long");
      }
    }
  }
}
