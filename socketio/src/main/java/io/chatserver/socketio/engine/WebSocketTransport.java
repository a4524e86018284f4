package io.chatserver.socketio.engine;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayDeque;

/**
 * WebSocket transport. Text frames written on the connection's own event loop while the channel is
 * writable take a fast path: the UTF-8 bytes shared by all receivers of a broadcast
 * ({@link Utf8Cache}) are wrapped (not copied) into a Netty frame, written without flushing, and
 * flushed once per loop turn ({@link FlushCoalescer}); this needs Vert.x's internal API
 * ({@link VertxInternals}). Otherwise writes go through Vert.x; when its
 * write queue is full, frames are held in a bounded backlog flushed by the drain handler, so a slow
 * reader costs at most {@code maxSendQueue} frames or {@code maxSendQueueBytes} before we drop it.
 */
final class WebSocketTransport extends Transport {
  final ServerWebSocket ws;
  /** Vert.x's handler context of the connection ({@link VertxInternals}); null: no fast path. */
  private final ChannelHandlerContext chctx;
  private boolean flushQueued;
  private long lastFlushNanos;
  /**
   * Frames handed to Vert.x and not yet written by it. Read only by the fast path, which runs on the
   * connection's event loop, where Vert.x also completes these writes.
   */
  private int viaVertx;
  private ArrayDeque<Object> backlog;
  private long backlogBytes;
  private Buffer partial;
  private boolean partialText;
  private boolean closed;
  /** True for an upgrade probe until its "2probe" was answered. */
  private volatile boolean probing;

  WebSocketTransport(EngineSession session, ServerWebSocket ws, boolean probe) {
    super(session);
    this.ws = ws;
    this.chctx = VertxInternals.channelContext(ws);
    this.lastFlushNanos = System.nanoTime() - 1_000_000_000L; // "long ago": the first frame goes at once
    this.probing = probe;
  }

  EventExecutor executor() {
    return chctx.executor();
  }

  void flushNow() {
    flushQueued = false;
    lastFlushNanos = System.nanoTime();
    chctx.flush();
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
    // The peer's close may have reached Vert.x before our close handler ran: such a socket is gone.
    if (closed || ws.isClosed()) return true;
    if (backlog != null && !backlog.isEmpty() || ws.writeQueueFull()) {
      if (backlog == null) backlog = new ArrayDeque<>(8);
      backlog.add(frame);
      backlogBytes += queuedSize(frame);
      EngineIoOptions options = session.server.options;
      if (backlog.size() > options.getMaxSendQueue() || backlogBytes > options.getMaxSendQueueBytes()) return false;
      ws.drainHandler(v -> session.exec(this::drain));
      return true;
    }
    write(frame);
    return true;
  }

  @Override
  boolean behind() {
    return backlog != null && !backlog.isEmpty() || ws.writeQueueFull();
  }

  private void drain() {
    while (backlog != null && !backlog.isEmpty() && !ws.writeQueueFull() && !closed) {
      Object frame = backlog.poll();
      backlogBytes -= queuedSize(frame);
      write(frame);
    }
    if (backlog != null && backlog.isEmpty()) {
      backlog = null;
      backlogBytes = 0;
      ws.drainHandler(null);
    }
  }

  private void write(Object frame) {
    if (frame instanceof String s && viaVertx == 0 && chctx != null && chctx.executor().inEventLoop()
        && chctx.channel().isWritable()) {
      // Bypassing Vert.x is safe only while Netty's buffer is under its high-water mark and no frame
      // is still queued inside Vert.x (it would be overtaken); otherwise Vert.x queues the frame and
      // its writeQueueFull() drives our bounded backlog.
      chctx.write(new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(Utf8Cache.of(s))), chctx.voidPromise());
      if (!flushQueued) {
        flushQueued = true;
        FlushCoalescer.schedule(this, session.server.options.getCoalesceWindow(), lastFlushNanos);
      }
      return;
    }
    Future<Void> written = frame instanceof String s
        ? ws.writeFinalTextFrame(s)
        : ws.writeFinalBinaryFrame((Buffer) frame);
    if (!written.isComplete()) {
      viaVertx++;
      written.onComplete(ar -> viaVertx--);
    }
  }

  @Override
  void close(boolean sendClosePacket) {
    if (closed) return;
    closed = true;
    backlog = null;
    backlogBytes = 0;
    ws.close();
  }

  @Override
  void discard() {
    close(false);
  }
}
