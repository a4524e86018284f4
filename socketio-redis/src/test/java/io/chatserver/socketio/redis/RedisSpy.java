package io.chatserver.socketio.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw Redis connection pattern-subscribed to a prefix's channels, keeping every byte Redis sends it:
 * what anyone able to read those channels would see. (A pattern subscription does not count as a
 * subscriber of a channel, so the adapter's request/answer counts are unchanged.)
 */
final class RedisSpy implements AutoCloseable {
  private final Socket socket;
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

  RedisSpy(String host, int port, String pattern) throws IOException {
    socket = new Socket(host, port);
    byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
    String command = "*2\r\n$10\r\nPSUBSCRIBE\r\n$" + p.length + "\r\n" + pattern + "\r\n";
    socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
    Thread reader = new Thread(this::read, "redis-spy");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    byte[] buf = new byte[8192];
    try (InputStream in = socket.getInputStream()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (seen) {
          seen.write(buf, 0, n);
        }
      }
    } catch (IOException closed) {
      // the test closed the spy
    }
  }

  /** Everything received so far, as text. */
  String seen() {
    synchronized (seen) {
      return seen.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
