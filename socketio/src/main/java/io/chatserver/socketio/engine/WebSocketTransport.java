package io.chatserver.socketio.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayDeque;

/**
 * WebSocket transport. Writes go straight to Vert.x while its write queue has room; when it is full
 * frames are held in a bounded backlog flushed by the drain handler, so a slow reader costs at most
 * {@code maxSendQueue} frames before we drop it.
 */
final class WebSocketTransport extends Transport {
  final ServerWebSocket ws;
  private ArrayDeque<Object> backlog;
  private Buffer partial;
  private boolean partialText;
  private boolean closed;
  /** True for an upgrade probe until its "2probe" was answered. */
  private volatile boolean probing;

  WebSocketTransport(EngineSession session, ServerWebSocket ws, boolean probe) {
    super(session);
    this.ws = ws;
    this.probing = probe;
  }

  /** Wires the socket's handlers; they run on the socket's context and hop to the session's. */
  void install() {
    int max = session.server.options.getMaxPayload();
    ws.frameHandler(frame -> onFrame(frame, max));
    ws.closeHandler(v -> session.exec(() -> session.onTransportClosed(this, "transport close")));
    ws.exceptionHandler(err -> session.exec(() -> session.onTransportClosed(this, "transport error")));
  }

  private void onFrame(WebSocketFrame frame, int max) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) return;
    Object data;
    if (frame.isContinuation()) {
      if (partial == null) return;
      partial.appendBuffer(frame.binaryData());
      if (partial.length() > max) {
        tooBig();
        return;
      }
      if (!frame.isFinal()) return;
      data = partialText ? partial.toString() : partial;
      partial = null;
    } else if (!frame.isFinal()) {
      partial = Buffer.buffer().appendBuffer(frame.binaryData());
      partialText = frame.isText();
      if (partial.length() > max) tooBig();
      return;
    } else if (frame.isText()) {
      data = frame.textData();
    } else {
      Buffer b = frame.binaryData();
      if (b.length() > max) {
        tooBig();
        return;
      }
      data = b;
    }
    if (probing && "2probe".equals(data)) {
      // Answered right here, on the socket's own thread, so "3probe" leaves before anything the
      // session may answer on other connections (e.g. refusing a racing poll).
      probing = false;
      ws.writeFinalTextFrame("3probe");
    }
    Object d = data;
    session.exec(() -> session.onWebSocketData(this, d));
  }

  private void tooBig() {
    partial = null;
    ws.close((short) 1009, "message too big");
  }

  @Override
  String name() {
    return "websocket";
  }

  @Override
  boolean send(Object frame) {
    if (closed) return true;
    if (backlog != null && !backlog.isEmpty() || ws.writeQueueFull()) {
      if (backlog == null) backlog = new ArrayDeque<>(8);
      backlog.add(frame);
      if (backlog.size() > session.server.options.getMaxSendQueue()) return false;
      ws.drainHandler(v -> session.exec(this::drain));
      return true;
    }
    write(frame);
    return true;
  }

  private void drain() {
    while (backlog != null && !backlog.isEmpty() && !ws.writeQueueFull() && !closed) {
      write(backlog.poll());
    }
    if (backlog != null && backlog.isEmpty()) {
      backlog = null;
      ws.drainHandler(null);
    }
  }

  private void write(Object frame) {
    if (frame instanceof String s) {
      ws.writeFinalTextFrame(s);
    } else {
      ws.writeFinalBinaryFrame((Buffer) frame);
    }
  }

  @Override
  void close(boolean sendClosePacket) {
    if (closed) return;
    closed = true;
    backlog = null;
    ws.close();
  }

  @Override
  void discard() {
    close(false);
  }
}
