package io.chatserver.socketio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One per event-loop thread: WebSocket transports with frames written but not flushed. Normally a
 * transport is flushed by a task queued behind the work already waiting on the loop, so frames written
 * in one turn leave together, with no added delay. When the loop is busy (that task ran more than
 * {@link #BUSY_LAG_NANOS} after it was queued: big fan-outs are keeping the loop occupied), the loop
 * coalesces for one window: a socket flushed less than a window ago waits for the end of the window,
 * and all its frames meanwhile leave in one write. So a busy room costs one syscall per socket per
 * window instead of one per message, with delay bounded by the window, while request/response traffic
 * on an idle loop is never held.
 */
final class FlushCoalescer {

  private static final ThreadLocal<FlushCoalescer> LOCAL = ThreadLocal.withInitial(FlushCoalescer::new);

  /** A flush task waiting this long behind other work means the loop is busy. */
  static final long BUSY_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final List<WebSocketTransport> soon = new ArrayList<>();
  private final List<WebSocketTransport> later = new ArrayList<>();
  private boolean soonScheduled;
  private boolean laterScheduled;
  private long soonQueuedAt;
  /** Until then, sockets flushed within the window are held (the loop was found busy). */
  private long coalesceUntil;

  private FlushCoalescer() {
    coalesceUntil = System.nanoTime();
  }

  /** Must be called on the transport's event loop. */
  static void schedule(WebSocketTransport transport, long windowMillis, long lastFlushNanos) {
    FlushCoalescer c = LOCAL.get();
    long now = System.nanoTime();
    long window = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    if (now - c.coalesceUntil >= 0 || now - lastFlushNanos >= window) {
      c.soon.add(transport);
      if (!c.soonScheduled) {
        c.soonScheduled = true;
        c.soonQueuedAt = now;
        transport.executor().execute(() -> c.flushSoon(window));
      }
    } else {
      c.later.add(transport);
      if (!c.laterScheduled) {
        c.laterScheduled = true;
        transport.executor().schedule(c::flushLater, windowMillis, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void flushSoon(long window) {
    soonScheduled = false;
    long now = System.nanoTime();
    if (now - soonQueuedAt > BUSY_LAG_NANOS) {
      coalesceUntil = now + window;
    }
    flushAll(soon);
  }

  private void flushLater() {
    laterScheduled = false;
    flushAll(later);
  }

  private static void flushAll(List<WebSocketTransport> transports) {
    // A flush can re-enter schedule(): a failed write closes its socket, and the close is announced
    // to other sockets at once. Take the batch first; what is scheduled meanwhile gets its own task.
    WebSocketTransport[] batch = transports.toArray(new WebSocketTransport[0]);
    transports.clear();
    for (WebSocketTransport t : batch) {
      t.flushNow();
    }
  }
}
