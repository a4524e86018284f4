package io.chatserver.socketio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 request over a plain socket, for what {@link Http} cannot send (invalid %-escapes,
 * broken WebSocket handshakes): the answer as the server wrote it, and whether it then closed.
 */
final class RawHttp {
  private static final int TIMEOUT_MS = 5_000;

  private RawHttp() {}

  /** {@code closed}: the server closed the connection after the answer (only checked when asked). */
  record Response(int status, String head, String body, boolean closed) {
    String header(String name) {
      String prefix = "\r\n" + name.toLowerCase(Locale.ROOT) + ":";
      int at = head.toLowerCase(Locale.ROOT).indexOf(prefix);
      if (at < 0) return null;
      int end = head.indexOf("\r\n", at + prefix.length());
      return head.substring(at + prefix.length(), end < 0 ? head.length() : end).trim();
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line; Content-Length too when
   * there is a body) and {@code body}.
   */
  static Response exchange(int port, String head, String body) throws IOException {
    return exchange(port, head, body, false);
  }

  /** Like {@link #exchange(int, String, String)}, then waits (up to 5 s) for the server to close. */
  static Response exchangeAwaitingClose(int port, String head, String body) throws IOException {
    return exchange(port, head, body, true);
  }

  private static Response exchange(int port, String head, String body, boolean awaitClose) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String answerHead = readHead(in);
      int status = Integer.parseInt(answerHead.substring(9, 12));
      Response partial = new Response(status, answerHead, "", false);
      String length = partial.header("Content-Length");
      byte[] answerBody = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
      return new Response(status, answerHead, new String(answerBody, StandardCharsets.UTF_8),
          awaitClose && closedAfter(in));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed before an answer: " + head);
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** True when the server closes the connection after its answer (within the timeout). */
  private static boolean closedAfter(InputStream in) throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }
}
