package io.chatserver.socketio.recovery;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.parser.EncodedPacket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The sessions and packets of one node, in memory, for a single node (socket.io's SessionAwareAdapter).
 * Offsets are a counter; each namespace remembers the greatest offset it dropped, so that an offset
 * older than what is kept is refused rather than replayed with a hole. Packets older than the window
 * are dropped, and at most {@code maxPackets} are kept: a burst beyond that drops the oldest (the
 * sessions that needed them fall back to a new connection, as after an expired window).
 */
public final class InMemorySessionStore implements SessionStore {

  private final long windowMs;
  private final int maxPackets;
  private final LongSupplier clock;
  private final Map<String, Log> logs = new HashMap<>();
  private final Map<String, Kept> sessions = new HashMap<>();
  private long lastOffset;
  private long timer = -1;
  private Vertx vertx;

  private record Entry(long offset, EncodedPacket packet, BroadcastOptions target, long at) {}

  private record Kept(Session session, long until) {}

  private static final class Log {
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long dropped; // greatest offset no longer held
  }

  public InMemorySessionStore(long windowMs, int maxPackets, LongSupplier clock) {
    if (windowMs <= 0 || maxPackets <= 0) throw new IllegalArgumentException("window and maxPackets must be > 0");
    this.windowMs = windowMs;
    this.maxPackets = maxPackets;
    this.clock = clock;
  }

  /** With the wall clock, and a sweep of expired sessions and packets every window/2 (at most a minute). */
  public static InMemorySessionStore started(Vertx vertx, long windowMs, int maxPackets) {
    InMemorySessionStore store = new InMemorySessionStore(windowMs, maxPackets, System::currentTimeMillis);
    store.vertx = vertx;
    store.timer = vertx.setPeriodic(Math.max(1, Math.min(60_000, windowMs / 2)), t -> store.sweep());
    return store;
  }

  @Override
  public synchronized String append(String namespace, EncodedPacket packet, BroadcastOptions target) {
    long now = clock.getAsLong();
    Log log = logs.computeIfAbsent(namespace, k -> new Log());
    long offset = ++lastOffset;
    log.entries.addLast(new Entry(offset, packet, target, now));
    dropOld(log, now);
    while (log.entries.size() > maxPackets) log.dropped = log.entries.removeFirst().offset();
    return Long.toString(offset);
  }

  @Override
  public Future<Void> save(Session session) {
    return Future.succeededFuture(); // this node holds its live sockets already
  }

  @Override
  public synchronized Future<Void> disconnected(Session session, boolean recoverable) {
    if (recoverable) {
      sessions.put(session.pid(), new Kept(session, clock.getAsLong() + windowMs));
    } else {
      sessions.remove(session.pid());
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Session> find(String pid, String namespace, String offset) {
    Kept kept = sessions.get(pid);
    long at = parse(offset);
    Log log = logs.get(namespace);
    long dropped = log == null ? 0 : log.dropped;
    if (kept == null || kept.until() < clock.getAsLong() || !kept.session().namespace().equals(namespace)
        || at < 0 || at < dropped || at > lastOffset) {
      return Future.succeededFuture(null);
    }
    sessions.remove(pid);
    return Future.succeededFuture(kept.session());
  }

  @Override
  public synchronized Future<List<Missed>> missedPackets(String namespace, String offset, Set<String> rooms) {
    long after = parse(offset);
    List<Missed> out = new ArrayList<>();
    Log log = logs.get(namespace);
    if (log == null) return Future.succeededFuture(out);
    if (after < log.dropped) return Future.failedFuture(new IllegalStateException("offset " + offset + " no longer held"));
    for (Entry e : log.entries) {
      if (e.offset() > after && SessionStore.reached(e.target(), rooms)) {
        out.add(new Missed(SessionStore.withOffset(e.packet(), Long.toString(e.offset())), e.target().sequence()));
      }
    }
    return Future.succeededFuture(out);
  }

  /** Drops expired sessions and packets; called by the periodic sweep. */
  public synchronized void sweep() {
    long now = clock.getAsLong();
    sessions.values().removeIf(k -> k.until() < now);
    for (Log log : logs.values()) dropOld(log, now);
  }

  /** Packets held, all namespaces together (for tests and metrics). */
  public synchronized int packetCount() {
    int n = 0;
    for (Log log : logs.values()) n += log.entries.size();
    return n;
  }

  private void dropOld(Log log, long now) {
    Iterator<Entry> it = log.entries.iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.at() >= now - windowMs) break;
      log.dropped = e.offset();
      it.remove();
    }
  }

  private static long parse(String offset) {
    try {
      return Long.parseLong(offset);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public Future<Void> close() {
    if (vertx != null && timer != -1) vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
