package io.chatserver.socketio.redis;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.SequenceSource;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.PacketEncoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts sequenced broadcasts into the cluster's stream in series order, whichever node emits them.
 * Two nodes may commit positions 5 and 6 of a series and publish them the other way round; Redis
 * refuses 6 until 5 is in (see {@link RedisSessionStore}), so 6 is held here until a publication of 5
 * arrives, or, if none does within the wait (its emitter died between commit and publish, or Redis was
 * away), until what is missing has been read back from the {@link SequenceSource} and published.
 */
final class OrderedPublisher {

  private static final Logger log = LoggerFactory.getLogger(OrderedPublisher.class);

  /** One attempt to publish: answers the offset, "dup" or "gap:N" (see RedisSessionStore). */
  interface Publish {
    Future<String> publish(EncodedPacket packet, BroadcastOptions target, boolean acceptGap);
  }

  private record Held(EncodedPacket packet, BroadcastOptions target) {
    long position() {
      return target.sequence().position();
    }
  }

  private final Vertx vertx;
  private final Supplier<SequenceSource> source;
  private final Publish publish;
  private final BiConsumer<EncodedPacket, BroadcastOptions> deliverHereOnly;
  private final long gapWaitMs;
  private final Map<String, Series> held = new ConcurrentHashMap<>();

  OrderedPublisher(Vertx vertx, Supplier<SequenceSource> source, Publish publish,
      BiConsumer<EncodedPacket, BroadcastOptions> deliverHereOnly, long gapWaitMs) {
    this.vertx = vertx;
    this.source = source;
    this.publish = publish;
    this.deliverHereOnly = deliverHereOnly;
    this.gapWaitMs = gapWaitMs;
  }

  void publish(EncodedPacket packet, BroadcastOptions target) {
    attempt(new Held(packet, target), false);
  }

  /** A publication of {@code position} arrived: the one after it, if held here, goes now. */
  void published(String key, long position) {
    Series s = held.get(key);
    if (s == null) return;
    Held next = s.takeIfNext(position);
    forgetIfEmpty(key);
    if (next != null) attempt(next, false);
  }

  private void attempt(Held h, boolean acceptGap) {
    publish.publish(h.packet(), h.target(), acceptGap).onComplete(ar -> {
      if (ar.failed()) {
        // Redis away: this node's sockets still get it (in order, see Sequencer); the others catch up.
        deliverHereOnly.accept(h.packet(), h.target());
      } else if (ar.result().startsWith("gap:")) {
        long last = Long.parseLong(ar.result().substring(4));
        held.compute(h.target().sequence().key(), (key, s) -> {
          Series series = s == null ? new Series(key) : s;
          series.hold(h, last);
          return series;
        });
      }
    });
  }

  /** A series with nothing held is dropped, so memory follows the gaps open now. */
  private void forgetIfEmpty(String key) {
    held.computeIfPresent(key, (k, s) -> s.isEmpty() ? null : s);
  }

  private final class Series {
    private final String key;
    private final TreeMap<Long, Held> waiting = new TreeMap<>();
    private long lastPublished = -1;
    private long timer = -1;

    Series(String key) {
      this.key = key;
    }

    synchronized void hold(Held h, long last) {
      waiting.putIfAbsent(h.position(), h);
      lastPublished = Math.max(lastPublished, last);
      if (timer < 0) timer = vertx.setTimer(gapWaitMs, t -> fill());
    }

    synchronized boolean isEmpty() {
      return waiting.isEmpty() && timer < 0;
    }

    synchronized Held takeIfNext(long position) {
      lastPublished = Math.max(lastPublished, position);
      if (waiting.isEmpty() || waiting.firstKey() != position + 1) return null;
      Held next = waiting.pollFirstEntry().getValue();
      if (waiting.isEmpty() && timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      return next;
    }

    /** Reads back what is missing before the first held position, then publishes it all in order. */
    private void fill() {
      List<Held> mine;
      long after;
      synchronized (this) {
        timer = -1;
        mine = new ArrayList<>(waiting.values());
        waiting.clear();
        after = lastPublished;
      }
      forgetIfEmpty(key);
      if (mine.isEmpty()) return;
      long before = mine.get(0).position();
      SequenceSource src = source.get();
      Future<List<SequenceSource.Sequenced>> missing = src == null || after < 0
          ? Future.succeededFuture(List.of())
          : src.between(key, after, before);
      missing.recover(e -> {
        log.warn("Reading back series {} after {} failed; publishing past the gap: {}", key, after, e.toString());
        return Future.succeededFuture(List.of());
      }).compose(found -> {
        List<Held> all = new ArrayList<>();
        found.forEach(f -> all.add(new Held(PacketEncoder.encode(f.packet()), f.options())));
        all.addAll(mine);
        return inOrder(all, 0);
      });
    }

    private Future<Void> inOrder(List<Held> all, int i) {
      if (i == all.size()) return Future.succeededFuture();
      Held h = all.get(i);
      return publish.publish(h.packet(), h.target(), true)
          .otherwise(e -> {
            deliverHereOnly.accept(h.packet(), h.target());
            return "failed";
          })
          .compose(r -> inOrder(all, i + 1));
    }
  }
}
