package io.chatserver.socketio.engine;

import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.Base64;

/**
 * HTTP long-polling: frames wait in a (lazily allocated, bounded in frames and bytes) queue until the
 * client's next GET, which receives as many as fit in maxPayload bytes, joined with the record
 * separator \x1e; the rest waits for the following GET (the protocol's payload rule).
 */
final class PollingTransport extends Transport {
  static final char SEPARATOR = '\u001e';

  private ArrayDeque<Object> queue;
  private long queuedBytes;
  private HttpServerResponse pending;
  private boolean lastPollGrace;
  /** The server closed the session while frames waited for a GET: the next GET takes them and the close. */
  private boolean finalFrames;
  /** Completed when the final frames were taken by a GET or dropped after the grace time. */
  private Promise<Void> finalFramesGone;

  PollingTransport(EngineSession session) {
    super(session);
  }

  @Override
  String name() {
    return "polling";
  }

  @Override
  boolean send(Object frame) {
    if (queue == null) queue = new ArrayDeque<>(4);
    queue.add(frame);
    queuedBytes += queuedSize(frame);
    EngineIoOptions options = session.server.options;
    if (queue.size() > options.getMaxSendQueue() || queuedBytes > options.getMaxSendQueueBytes()) {
      return false;
    }
    flush();
    return true;
  }

  /** Frames are waiting for the client's next GET (none would be waiting if a GET were pending). */
  @Override
  boolean behind() {
    return queue != null && !queue.isEmpty();
  }

  /** A GET arrived; returns false if another GET is already waiting (protocol violation). */
  boolean onPoll(HttpServerResponse res) {
    if (pending != null) return false;
    pending = res;
    res.closeHandler(v -> {
      if (pending == res) {
        pending = null;
        session.onTransportError("poll connection closed prematurely");
      }
    });
    flush();
    return true;
  }

  /**
   * During a WebSocket probe a waiting GET is released with a noop, on a 100 ms tick like the
   * reference server: a GET racing the client's "upgrade" packet is then refused (400) instead.
   */
  void noopIfPending() {
    if (pending != null && (queue == null || queue.isEmpty())) write("6");
  }

  /** The upgrade completed while a GET was waiting: that GET is a protocol violation. */
  void rejectPending() {
    if (pending == null) return;
    HttpServerResponse res = pending;
    pending = null;
    res.closeHandler(null);
    session.server.cors(session.origin, res);
    session.server.vertx.setTimer(30, t ->
        res.setStatusCode(400).putHeader("Content-Type", "application/json").end(EngineError.BAD_REQUEST.json()));
    dropQueue();
  }

  private void dropQueue() {
    queue = null;
    queuedBytes = 0;
  }

  /** Frames still waiting, handed to the WebSocket when the upgrade completes. */
  ArrayDeque<Object> drainQueue() {
    ArrayDeque<Object> q = queue;
    dropQueue();
    return q;
  }

  /** Answers the waiting GET with the oldest frames that fit in maxPayload bytes (at least one). */
  private void flush() {
    if (pending == null || queue == null || queue.isEmpty()) return;
    int maxPayload = session.server.options.getMaxPayload();
    StringBuilder sb = new StringBuilder();
    long payloadBytes = 0;
    boolean first = true;
    while (!queue.isEmpty()) {
      Object f = queue.peek();
      String encoded = f instanceof String s ? s : "b" + Base64.getEncoder().encodeToString(((Buffer) f).getBytes());
      long bytes = ByteBufUtil.utf8Bytes(encoded) + (first ? 0 : 1);
      if (!first && payloadBytes + bytes > maxPayload) break;
      queue.poll();
      queuedBytes -= queuedSize(f);
      if (!first) sb.append(SEPARATOR);
      sb.append(encoded);
      payloadBytes += bytes;
      first = false;
    }
    write(sb.toString());
  }

  private void write(String payload) {
    HttpServerResponse res = pending;
    pending = null;
    res.closeHandler(null);
    session.server.cors(session.origin, res);
    res.putHeader("Content-Type", "text/plain; charset=UTF-8").end(payload);
  }

  @Override
  void close(boolean sendClosePacket) {
    if (pending != null) {
      write(sendClosePacket ? "1" : "6");
    } else if (sendClosePacket && behind()) {
      // Answers given before the close (e.g. acks of events finished while a node drains) must still
      // reach the client: its next GET, which comes right after it read the previous one, takes them.
      queue.add("1");
      finalFrames = true;
      finalFramesGone = Promise.promise();
      session.server.vertx.setTimer(EngineIoServerImpl.FINAL_POLL_GRACE_MS, t -> {
        finalFrames = false;
        dropQueue();
        finalFramesGone.tryComplete();
      });
      return;
    }
    dropQueue();
  }

  /** Completes once the frames a server-side close left for the next GET are gone (taken, or dropped). */
  Future<Void> finalFramesGone() {
    return finalFramesGone == null ? Future.succeededFuture() : finalFramesGone.future();
  }

  /** Whether a server-side close left frames for the client's next GET (the session lingers for it). */
  boolean closingWithFrames() {
    return pending == null && behind();
  }

  @Override
  void discard() {
    if (pending != null) {
      write("6");
    } else {
      // The client closed with a POST that may have overtaken its own GET (two connections):
      // that GET still gets the noop that ends it cleanly, if it comes within a short grace time.
      lastPollGrace = true;
      session.server.vertx.setTimer(200, t -> lastPollGrace = false);
    }
    dropQueue();
  }

  /**
   * True (once) for a GET arriving right after the session closed: it gets what the server left for it
   * (frames and the close packet), or the noop that ends a client-closed session's last GET cleanly.
   */
  boolean takeLastPoll(HttpServerResponse res) {
    if (finalFrames) {
      finalFrames = false;
      pending = res;
      flush();
      dropQueue();
      finalFramesGone.tryComplete();
      return true;
    }
    if (!lastPollGrace) return false;
    lastPollGrace = false;
    pending = res;
    write("6");
    return true;
  }
}
