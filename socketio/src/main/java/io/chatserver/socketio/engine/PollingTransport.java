package io.chatserver.socketio.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.Base64;

/**
 * HTTP long-polling: frames wait in a (lazily allocated, bounded) queue until the client's next GET,
 * which receives them all joined with the record separator \x1e.
 */
final class PollingTransport extends Transport {
  static final char SEPARATOR = '\u001e';

  private ArrayDeque<Object> queue;
  private HttpServerResponse pending;
  private boolean lastPollGrace;

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
    if (queue.size() > session.server.options.getMaxSendQueue()) {
      return false;
    }
    flush();
    return true;
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
    queue = null;
  }

  /** Frames still waiting, handed to the WebSocket when the upgrade completes. */
  ArrayDeque<Object> drainQueue() {
    ArrayDeque<Object> q = queue;
    queue = null;
    return q;
  }

  private void flush() {
    if (pending == null || queue == null || queue.isEmpty()) return;
    StringBuilder sb = new StringBuilder();
    for (Object f : queue) {
      if (sb.length() > 0) sb.append(SEPARATOR);
      if (f instanceof String s) {
        sb.append(s);
      } else {
        sb.append('b').append(Base64.getEncoder().encodeToString(((Buffer) f).getBytes()));
      }
    }
    queue.clear();
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
    }
    queue = null;
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
    queue = null;
  }

  /** True (once) for a GET arriving right after the client closed the session. */
  boolean takeLastPoll(HttpServerResponse res) {
    if (!lastPollGrace) return false;
    lastPollGrace = false;
    pending = res;
    write("6");
    return true;
  }
}
