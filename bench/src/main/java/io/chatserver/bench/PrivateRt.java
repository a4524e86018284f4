package io.chatserver.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * private: P pairs of users, one socket each. A sends {@code ~q~SEQ~T~} to B; when B receives it, B sends
 * {@code ~r~SEQ~T~} back; when A receives that, one round trip (two stored private messages) is done and
 * A sends the next. Each pair keeps W round trips in flight. Latency is A's send to A's receipt of the reply.
 */
public final class PrivateRt {
  private final Ctx ctx;
  private final Marker marker = new Marker();
  private long roundTrips;
  private long winRoundTrips;
  private long errors;
  private long seq;
  private volatile long winStart = Long.MAX_VALUE;
  private volatile long winEnd = Long.MAX_VALUE;
  private volatile boolean stopping;
  private final Histogram hist = Result.histogram();

  private final class Pair {
    SioConn a;
    SioConn b;
    long aId;
    long bId;
    int inflight;
    long lastProgress;
  }

  private PrivateRt(Ctx ctx) {
    this.ctx = ctx;
  }

  public static Result run(Ctx ctx) {
    return new PrivateRt(ctx).go();
  }

  private static String msg(long to, char kind, long seq, long t) {
    return "[\"send_private_message\",{\"other_user_id\":" + to + ",\"content\":\"~" + kind + "~" + seq + "~" + t + "~\"}]";
  }

  private void sendPing(Pair p) {
    p.inflight++;
    p.a.emit(msg(p.bId, 'q', seq++, Ctx.now()));
  }

  private void onFrame(SioConn c, byte[] f, int off, int len) {
    Pair p = (Pair) c.attachment;
    if (p == null) {
      return;
    }
    byte k = marker.find(f, off, len, (byte) 0, false);
    if (k == 0) {
      if (Marker.startsWith(f, off, len, "42[\"error\"")) {
        errors++;
        if (c == p.a && p.inflight > 0) {
          p.inflight--;
          if (!stopping) {
            sendPing(p);
          }
        }
      }
      return;
    }
    if (k == 'q' && c == p.b) {
      p.b.emit(msg(p.aId, 'r', marker.a, marker.b));
    } else if (k == 'r' && c == p.a) {
      long now = System.nanoTime();
      p.inflight--;
      p.lastProgress = now;
      roundTrips++;
      if (now >= winStart && now < winEnd) {
        winRoundTrips++;
        Result.record(hist, now - Ctx.T0 - marker.b);
      }
      if (!stopping) {
        sendPing(p);
      }
    }
  }

  private Result go() {
    Args a = ctx.args;
    int pairs = a.integer("pairs", 50);
    int window = a.integer("window", 4);
    double warm = a.dbl("warmup", 3);
    double dur = a.dbl("duration", 10);
    List<Users.User> users = ctx.users(2 * pairs);
    Pair[] ps = new Pair[pairs];
    Ctx.Connected cn = ctx.connectMany(2 * pairs, 50, i -> users.get(i).token(), false, this::onFrame, 120);
    if (cn.failed > 0) {
      throw new IllegalStateException("private: " + cn.failed + " connections failed: " + cn.firstError);
    }
    ctx.onLoop(() -> {
      for (SioConn c : cn.conns) {
        int pi = c.index / 2;
        Pair p = ps[pi] == null ? (ps[pi] = new Pair()) : ps[pi];
        if (c.index % 2 == 0) {
          p.a = c;
          p.aId = users.get(c.index).id();
        } else {
          p.b = c;
          p.bId = users.get(c.index).id();
        }
        c.attachment = p;
      }
      for (Pair p : ps) {
        p.lastProgress = System.nanoTime();
        for (int i = 0; i < window; i++) {
          sendPing(p);
        }
      }
      // A pair whose reply was lost (error on B's side) is restarted after 2 s without progress.
      ctx.vertx.setPeriodic(500, id -> {
        if (stopping) {
          ctx.vertx.cancelTimer(id);
          return;
        }
        long now = System.nanoTime();
        for (Pair p : ps) {
          if (now - p.lastProgress > 2_000_000_000L) {
            p.inflight = 0;
            p.lastProgress = now;
            for (int i = 0; i < window; i++) {
              sendPing(p);
            }
          }
        }
      });
      return null;
    });
    Ctx.log("private: %d pairs, %d in flight each, %.0f s warm-up + %.0f s measured", pairs, window, warm, dur);
    Ctx.sleep(warm);
    ProcStats.Snapshot s0 = ProcStats.Snapshot.take(ctx.serverPid);
    winStart = s0.wallNanos();
    Ctx.sleepUntil(s0.wallNanos() + (long) (dur * 1e9));
    ProcStats.Snapshot s1 = ProcStats.Snapshot.take(ctx.serverPid);
    winEnd = s1.wallNanos();
    stopping = true;
    Ctx.sleep(1);
    Result r = ctx.onLoop(() -> new Result("private", "private", "server").put("pairs", pairs).put("window", window)
        .window(s0, s1, winRoundTrips, "round_trip", ctx.serverPid).latency(hist).put("errors", errors).put("total_round_trips", roundTrips));
    Ctx.log("  %s", r);
    ctx.closeAll(cn.conns);
    return r;
  }
}
