package io.chatserver;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** The node's periodic chores (purges, evictions): started by the wiring, stopped by {@link #close}. */
final class Housekeeping {

  private final Vertx vertx;
  private final List<Long> timers = new ArrayList<>();

  Housekeeping(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code chore} on an event loop every {@code periodMs}; it must not block. */
  Housekeeping every(long periodMs, Runnable chore) {
    timers.add(vertx.setPeriodic(periodMs, id -> chore.run()));
    return this;
  }

  void close() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }
}
