package io.chatserver.socketio.adapter;

import io.vertx.core.Vertx;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each series of sequenced broadcasts ({@link Sequence}) on this node in position order, each
 * position once. A position that arrives early waits for the ones before it; one that does not come
 * within {@code gapWaitMs} is read back from the {@link SequenceSource} (or skipped when there is
 * none), so a lost broadcast delays the series a little and never stops it. A position at or below the
 * last one delivered is a repeat and is dropped: that is what lets a node re-read a series after an
 * outage without sending anything twice.
 *
 * <p>The first position seen of a series this node does not know yet (position 1 excepted) also waits
 * {@code gapWaitMs}, in case a smaller one is a moment behind it; then the smallest one waiting starts
 * the series here. Series idle for {@code idleMs} are forgotten, so memory follows the series in use.
 *
 * <p>Deliveries run under the series' lock, so two threads never interleave one series; they must not
 * block (they hand frames to sockets).
 */
public final class Sequencer {

  private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
  private static final long UNKNOWN = -1;
  /** Positions held for one series beyond which the gap is filled at once rather than waited for. */
  private static final int MAX_WAITING = 10_000;

  private final Vertx vertx;
  private final Supplier<SequenceSource> source;
  private final Consumer<SequenceSource.Sequenced> deliverFilled;
  private final long gapWaitMs;
  private final long idleMs;
  private final Map<String, Series> series = new ConcurrentHashMap<>();
  private volatile long lastSweep = System.currentTimeMillis();

  /**
   * @param deliverFilled how a broadcast read back from the source reaches this node's sockets
   */
  public Sequencer(Vertx vertx, Supplier<SequenceSource> source, Consumer<SequenceSource.Sequenced> deliverFilled,
      long gapWaitMs, long idleMs) {
    this.vertx = vertx;
    this.source = source;
    this.deliverFilled = deliverFilled;
    this.gapWaitMs = gapWaitMs;
    this.idleMs = idleMs;
  }

  /** Delivers {@code delivery} now, later (after the positions before it) or never (a repeat). */
  public void offer(Sequence at, Runnable delivery) {
    long now = System.currentTimeMillis();
    if (now - lastSweep > idleMs / 4) {
      lastSweep = now;
      sweep();
    }
    Series s = series.computeIfAbsent(at.key(), Series::new);
    s.offer(at.position(), delivery);
  }

  /** The last position delivered here, or -1 when this node does not know the series. */
  public long position(String key) {
    Series s = series.get(key);
    return s == null ? UNKNOWN : s.last();
  }

  /** Starts a series at {@code position} (what this node's sockets already have), unless it is known. */
  public void seed(String key, long position) {
    series.computeIfAbsent(key, Series::new).seed(position);
  }

  /**
   * Reads every known series past its last delivered position from the source: what a node missed
   * while it could not hear the others (a Redis outage) reaches its sockets, in order, once.
   */
  public void catchUp() {
    for (Series s : series.values()) {
      s.fill(Long.MAX_VALUE);
    }
  }

  /**
   * Reads series {@code key} back from the source after {@code after}; a series this node does not know
   * starts there. For a series that may have changed while this node could not hear of it.
   */
  public void catchUp(String key, long after) {
    Series s = series.computeIfAbsent(key, Series::new);
    s.seed(after);
    s.fill(Long.MAX_VALUE);
  }

  /** Forgets idle series; call it now and then. */
  public void sweep() {
    long now = System.currentTimeMillis();
    series.values().removeIf(s -> s.idleSince(now) > idleMs);
  }

  int size() {
    return series.size();
  }

  private final class Series {
    private final String key;
    private long last = UNKNOWN;
    private final TreeMap<Long, Runnable> waiting = new TreeMap<>();
    private long timer = -1;
    private boolean filling;
    /** A read-back to the end was asked for while another one was under way: it runs when that one ends. */
    private boolean refill;
    private long touchedAt = System.currentTimeMillis();

    Series(String key) {
      this.key = key;
    }

    synchronized long last() {
      return last;
    }

    synchronized long idleSince(long now) {
      return waiting.isEmpty() && !filling ? now - touchedAt : 0;
    }

    synchronized void seed(long position) {
      if (last == UNKNOWN) {
        last = position;
        drain();
      }
    }

    synchronized void offer(long position, Runnable delivery) {
      touchedAt = System.currentTimeMillis();
      if (last == UNKNOWN && position == 1) {
        last = 0;
      }
      if (last != UNKNOWN && position <= last) {
        return; // a repeat: delivered before
      }
      if (last != UNKNOWN && position == last + 1) {
        run(delivery);
        last = position;
        drain();
        return;
      }
      waiting.putIfAbsent(position, delivery);
      if (waiting.size() > MAX_WAITING) {
        startFill(waiting.firstKey());
      } else if (timer < 0 && !filling) {
        timer = vertx.setTimer(gapWaitMs, t -> onTimer());
      }
    }

    private synchronized void onTimer() {
      timer = -1;
      if (waiting.isEmpty() || filling) return;
      if (last == UNKNOWN) {
        last = waiting.firstKey() - 1; // nothing smaller came: this node starts the series here
        drain();
        return;
      }
      startFill(waiting.firstKey());
    }

    /**
     * Everything after the last delivered position and before {@code before}, from the source. A read
     * to the end asked for during another read (Redis came back while a gap was being filled) is not
     * dropped: it follows, or what was missed meanwhile would wait for the series' next push, if any.
     */
    synchronized void fill(long before) {
      if (last == UNKNOWN) return;
      if (filling) {
        refill |= before == Long.MAX_VALUE;
      } else {
        startFill(before);
      }
    }

    private void startFill(long before) {
      SequenceSource src = source.get();
      if (last == UNKNOWN || src == null) {
        skipTo(before);
        return;
      }
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      filling = true;
      long after = last;
      src.between(key, after, before).onComplete(ar -> {
        synchronized (this) {
          filling = false;
          if (ar.succeeded()) {
            for (SequenceSource.Sequenced found : ar.result()) {
              long p = found.options().sequence().position();
              if (p > last && p < before) {
                waiting.remove(p);
                run(() -> deliverFilled.accept(found));
                last = p;
              }
            }
          } else {
            log.warn("Reading back series {} after {} failed; skipping to what is waiting: {}", key, after,
                ar.cause().toString());
          }
          if (before != Long.MAX_VALUE) {
            skipTo(before); // positions the source no longer has were superseded by later ones
          } else {
            drain();
          }
          if (refill && !filling) {
            refill = false;
            startFill(Long.MAX_VALUE);
          }
        }
      });
    }

    private void skipTo(long before) {
      if (!waiting.isEmpty() && waiting.firstKey() <= before) {
        last = Math.max(last, waiting.firstKey() - 1);
      } else if (before != Long.MAX_VALUE) {
        last = Math.max(last, before - 1);
      }
      drain();
    }

    /** Delivers what waited for the positions now delivered; waits again for the next gap. */
    private void drain() {
      Iterator<Map.Entry<Long, Runnable>> it = waiting.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, Runnable> e = it.next();
        if (e.getKey() <= last) {
          it.remove(); // a repeat of what was read back from the source
        } else if (e.getKey() == last + 1) {
          it.remove();
          run(e.getValue());
          last = e.getKey();
        } else {
          break;
        }
      }
      if (!waiting.isEmpty() && timer < 0 && !filling) {
        timer = vertx.setTimer(gapWaitMs, t -> onTimer());
      }
    }

    private void run(Runnable delivery) {
      try {
        delivery.run();
      } catch (RuntimeException e) {
        log.warn("Delivering series {} failed: {}", key, e.toString());
      }
    }
  }
}
