package io.chatserver.fuzz;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;

/** An Engine.IO session over a raw WebSocket: one packet per frame, framed as {@link EngineFrame.Wire} says. */
final class WsLink implements EngineLink {

  private final RawWebSocket ws;
  private final String open;

  private WsLink(RawWebSocket ws, String open) {
    this.ws = ws;
    this.open = open;
  }

  static WsLink open(int port, int timeoutMs) throws IOException {
    RawWebSocket ws = RawWebSocket.connect(port, "/socket.io/?EIO=4&transport=websocket", timeoutMs);
    RawWebSocket.Message first = ws.next(timeoutMs);
    if (first == null) {
      ws.close();
      throw new IOException("closed before the open packet");
    }
    return new WsLink(ws, first.text());
  }

  @Override
  public String open() {
    return open;
  }

  @Override
  public String transport() {
    return "websocket";
  }

  @Override
  public void send(List<EngineFrame> frames) throws IOException {
    for (EngineFrame f : frames) {
      if (ws.isClosed()) {
        return;
      }
      try {
        write(f);
      } catch (IOException e) {
        return; // the server closed while we wrote: receive() reports the close
      }
    }
  }

  private void write(EngineFrame f) throws IOException {
    int opcode = f.binary() ? RawWebSocket.BINARY : RawWebSocket.TEXT;
    byte[] data = f.data();
    switch (f.wire()) {
      case PLAIN -> ws.frame(true, 0, opcode, data, true);
      case FRAGMENTED -> {
        int cut = data.length / 2;
        ws.frame(false, 0, opcode, Arrays.copyOfRange(data, 0, cut), true);
        ws.frame(false, 0, RawWebSocket.CONTINUATION, new byte[0], true);
        ws.frame(true, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(data, cut, data.length), true);
      }
      case RESERVED_OPCODE -> ws.frame(true, 0, 3 + data.length % 5, data, true);
      case RESERVED_BITS -> ws.frame(true, 4, opcode, data, true);
      case UNMASKED -> ws.frame(true, 0, opcode, data, false);
      case LONE_CONTINUATION -> ws.frame(true, 0, RawWebSocket.CONTINUATION, data, true);
      case BIG_PING -> {
        ws.frame(true, 0, RawWebSocket.PING, new byte[200], true);
        ws.frame(true, 0, opcode, data, true);
      }
      case BAD_CLOSE -> {
        ws.frame(true, 0, opcode, data, true);
        ws.frame(true, 0, RawWebSocket.CLOSE, new byte[] {3}, true);
      }
      case HUGE_LENGTH -> ws.frame(true, 0, opcode, data, true, 1L << 40);
      case SWAPPED_TYPE -> ws.frame(true, 0, f.binary() ? RawWebSocket.TEXT : RawWebSocket.BINARY, data, true);
    }
  }

  @Override
  public List<Object> receive(int timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (true) {
      RawWebSocket.Message m;
      try {
        m = ws.next((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (SocketTimeoutException e) {
        return List.of();
      } catch (IOException e) {
        return null; // reset or cut inside a frame: closed
      }
      if (m == null) {
        return null;
      }
      if (m.opcode() == RawWebSocket.TEXT && m.text().equals("2")) {
        ws.text("3"); // the server's heartbeat
        continue;
      }
      return List.of(m.opcode() == RawWebSocket.TEXT ? m.text() : m.data());
    }
  }

  @Override
  public void close() {
    ws.close();
  }
}
