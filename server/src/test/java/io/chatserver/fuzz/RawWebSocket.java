package io.chatserver.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client over a plain socket that writes any frame at all (reserved opcodes and bits,
 * unmasked, lying lengths, invalid UTF-8 in text) and reads the server's frames with a deadline. The
 * JDK and Vert.x clients refuse to write most of these.
 */
final class RawWebSocket implements AutoCloseable {

  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** A message from the server: text (opcode TEXT) or binary; a close frame ends the stream instead. */
  record Message(int opcode, byte[] data) {
    String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** The server refused the upgrade: its HTTP answer. */
  static final class Refused extends IOException {
    final RawHttp.Response response;

    Refused(RawHttp.Response response) {
      super("upgrade refused with " + response.status());
      this.response = response;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private boolean closed;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawWebSocket connect(int port, String pathAndQuery, int timeoutMs) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
      socket.setSoTimeout(timeoutMs);
      socket.setTcpNoDelay(true);
      RawWebSocket ws = new RawWebSocket(socket);
      ws.out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16])
          + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      ws.out.flush();
      String head = ws.readHead();
      if (!head.startsWith("HTTP/1.1 101")) {
        int status = head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : 0;
        throw new Refused(new RawHttp.Response(status, java.util.Map.of(), ws.in.readNBytes(ws.in.available())));
      }
      return ws;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the upgrade");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  void text(String text) throws IOException {
    frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Any frame: fin bit, reserved bits (0-7), opcode (0-15), payload, masked or not. */
  void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    frame(fin, rsv, opcode, payload, masked, payload.length);
  }

  /** A frame whose header announces {@code claimedLength} bytes (only the payload is written). */
  void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, long claimedLength) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xf));
    int maskBit = masked ? 0x80 : 0;
    if (claimedLength < 126) {
      frame.write(maskBit | (int) claimedLength);
    } else if (claimedLength <= 0xffff) {
      frame.write(maskBit | 126);
      frame.write((int) (claimedLength >>> 8));
      frame.write((int) claimedLength);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (claimedLength >>> shift));
      }
    }
    byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
    if (masked) {
      frame.writeBytes(mask);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * The next text or binary message within {@code timeoutMs}; null when the server closed (a close
   * frame or the end of the connection); throws {@link SocketTimeoutException} when nothing came.
   * Server pings are answered.
   */
  Message next(int timeoutMs) throws IOException {
    if (closed) {
      return null;
    }
    socket.setSoTimeout(Math.max(1, timeoutMs));
    ByteArrayOutputStream message = null;
    int messageOpcode = 0;
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        closed = true;
        return null;
      }
      int b1 = read();
      int opcode = b0 & 0xf;
      boolean fin = (b0 & 0x80) != 0;
      long length = b1 & 0x7f;
      if (length == 126) {
        length = (long) read() << 8 | read();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = length << 8 | read();
        }
      }
      if ((b1 & 0x80) != 0 || length > 16 * 1024 * 1024) {
        throw new IOException("server frame masked or over 16 MB (" + length + " bytes)");
      }
      byte[] payload = in.readNBytes((int) length);
      if (payload.length < length) {
        closed = true;
        return null;
      }
      if (opcode == CLOSE) {
        closed = true;
        return null;
      }
      if (opcode == PING) {
        frame(true, 0, PONG, payload, true);
        continue;
      }
      if (opcode == PONG) {
        continue;
      }
      if (opcode != CONTINUATION) {
        message = new ByteArrayOutputStream();
        messageOpcode = opcode;
      }
      if (message == null) {
        throw new IOException("server sent a continuation frame without a first frame");
      }
      message.writeBytes(payload);
      if (fin) {
        return new Message(messageOpcode, message.toByteArray());
      }
    }
  }

  private int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("closed inside a frame");
    }
    return b;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
