package io.chatserver.socketio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One per event-loop thread: WebSocket transports with frames written but not flushed. A transport
 * that was flushed longer than the coalescing window ago is flushed by a task queued behind the work
 * already waiting on the loop (right away when idle). One flushed within the window, i.e. a socket
 * receiving faster than one write per window can carry, waits for the end of the window, and all its
 * frames meanwhile leave in one write: fewer syscalls in a busy room, delay bounded by the window.
 */
final class FlushCoalescer {

  private static final ThreadLocal<FlushCoalescer> LOCAL = ThreadLocal.withInitial(FlushCoalescer::new);

  private final List<WebSocketTransport> soon = new ArrayList<>();
  private final List<WebSocketTransport> later = new ArrayList<>();
  private boolean soonScheduled;
  private boolean laterScheduled;

  private FlushCoalescer() {}

  /** Must be called on the transport's event loop. */
  static void schedule(WebSocketTransport transport, long windowMillis, long lastFlushNanos) {
    FlushCoalescer c = LOCAL.get();
    if (System.nanoTime() - lastFlushNanos >= TimeUnit.MILLISECONDS.toNanos(windowMillis)) {
      c.soon.add(transport);
      if (!c.soonScheduled) {
        c.soonScheduled = true;
        transport.executor().execute(c::flushSoon);
      }
    } else {
      c.later.add(transport);
      if (!c.laterScheduled) {
        c.laterScheduled = true;
        transport.executor().schedule(c::flushLater, windowMillis, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void flushSoon() {
    soonScheduled = false;
    flushAll(soon);
  }

  private void flushLater() {
    laterScheduled = false;
    flushAll(later);
  }

  private static void flushAll(List<WebSocketTransport> transports) {
    for (WebSocketTransport t : transports) {
      t.flushNow();
    }
    transports.clear();
  }
}
