package io.chatserver.realtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Decision 40's throttle, per user and conversation, for every socket of the user on this node (sockets
 * run on several event loops: one concurrent map, one atomic step per notice). At most one
 * {@code typing: true} is let through every {@link #TRUE_INTERVAL_MS}; a {@code typing: false} only
 * when the last notice let through was true. Entries untouched for {@link #IDLE_MS} are evicted by
 * {@link #evictIdle}: a notice older than clients' 6 s display time means nothing any more.
 */
final class TypingThrottle {

  static final long TRUE_INTERVAL_MS = 2000;
  static final long IDLE_MS = 10_000;

  private final LongSupplier nanos;
  private final Map<Key, State> states = new ConcurrentHashMap<>();

  /** {@code conversation}: 0 for the public room, else the other participant's user id. */
  record Key(long userId, long conversation) {}

  private record State(long lastTrueAt, boolean lastForwarded, long touchedAt) {}

  TypingThrottle() {
    this(System::nanoTime);
  }

  TypingThrottle(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** Whether this notice is to be forwarded; if so, it is recorded as the last one forwarded. */
  boolean admit(Key key, boolean typing) {
    long now = nanos.getAsLong();
    boolean[] forward = new boolean[1];
    states.compute(key, (k, s) -> {
      if (typing) {
        forward[0] = s == null || now - s.lastTrueAt >= TimeUnit.MILLISECONDS.toNanos(TRUE_INTERVAL_MS);
        return forward[0] ? new State(now, true, now) : s;
      }
      forward[0] = s != null && s.lastForwarded;
      return s == null ? null : new State(s.lastTrueAt, false, forward[0] ? now : s.touchedAt);
    });
    return forward[0];
  }

  /** Undoes {@link #admit} for a notice that could not be delivered (e.g. the other user is unknown). */
  void forget(Key key) {
    states.remove(key);
  }

  /** Drops the state of conversations nobody typed in for {@link #IDLE_MS}; run periodically. */
  void evictIdle() {
    long now = nanos.getAsLong();
    long idle = TimeUnit.MILLISECONDS.toNanos(IDLE_MS);
    states.values().removeIf(s -> now - s.touchedAt >= idle);
  }

  int size() {
    return states.size();
  }
}
