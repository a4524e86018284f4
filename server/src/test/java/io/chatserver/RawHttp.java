package io.chatserver;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP/1.1 over a plain {@link Socket}, byte by byte as the test writes it: for what a well-behaved
 * client library never sends (partial heads, short bodies, malformed lines).
 */
public final class RawHttp implements AutoCloseable {

  /** A response as read off the wire; header names in lower case. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(15_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Writes {@code text} (ISO-8859-1) at once. */
  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one response: status line, headers, and a body of Content-Length bytes. */
  public Answer read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (String header = line(); header != null && !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Whether the server closes the connection within {@code limit} (end of stream or reset; bytes it
   * still sends first are skipped).
   */
  public boolean closedWithin(Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    try {
      while (in.read() != -1) {
        // an answer before the close: not what is asked
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset by the server
    } finally {
      socket.setSoTimeout(15_000);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
