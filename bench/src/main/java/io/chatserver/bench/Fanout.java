package io.chatserver.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * fanout: N receivers in the public room; S of them also send at a fixed total rate. Every message
 * carries {@code ~b~SEQ~T~} (sequence number, intended send time) in its content; receivers count
 * deliveries per sequence number and record end-to-end latency from the intended send time, so a
 * sender that falls behind shows up as latency rather than as a lower rate (no coordinated omission).
 * {@link Cluster} runs the same phases with senders and receivers on two nodes.
 */
public final class Fanout {
  private final Ctx ctx;
  private final Marker marker = new Marker();
  // Phase state, touched only on the event loop (except the volatile window bounds).
  private long base;
  private int[] counts = new int[0];
  private long warmSeqs;
  private long received;
  private long dupes;
  private long errors;
  private String firstError;
  private long other;
  private long frameBytes;
  private long frames;
  private volatile long winStart = Long.MAX_VALUE;
  private volatile long winEnd = Long.MAX_VALUE;
  private long winDeliveries;
  /** Deliveries in the window per group of receivers (a receiver's {@code attachment}: its group's index). */
  private long[] winByGroup = new long[0];
  private Histogram hist = Result.histogram();

  Fanout(Ctx ctx) {
    this.ctx = ctx;
  }

  public static List<Result> run(Ctx ctx) {
    return new Fanout(ctx).runAll();
  }

  /** Counts the deliveries and latencies of the receivers it is given to; their frames come here. */
  void onFrame(SioConn c, byte[] f, int off, int len) {
    long now = System.nanoTime();
    byte k = marker.find(f, off, len, (byte) 'b', false);
    if (k == 0) {
      if (Marker.startsWith(f, off, len, "42[\"error\"")) {
        if (errors++ == 0) {
          firstError = new String(f, off, Math.min(len, 200), java.nio.charset.StandardCharsets.UTF_8);
        }
      } else {
        other++;
      }
      return;
    }
    long idx = marker.a - base;
    if (idx < 0 || idx >= counts.length) {
      other++;
      return;
    }
    if (++counts[(int) idx] > expectedPerMessage) {
      dupes++;
    }
    received++;
    frames++;
    frameBytes += len;
    if (now >= winStart && now < winEnd) {
      winDeliveries++;
      if (c.attachment instanceof Integer g && g < winByGroup.length) {
        winByGroup[g]++;
      }
    }
    if (idx >= warmSeqs) {
      Result.record(hist, now - Ctx.T0 - marker.b);
    }
  }

  private int expectedPerMessage;

  /**
   * One measured phase: {@code senders} send at {@code rate} msg/s in turn, every socket of {@code members} is
   * in the room and counts (a member's {@code attachment}, if an Integer, names its entry in {@code groups}).
   * {@code result} is named by the caller and filled here.
   */
  record Phase(Result result, List<SioConn> senders, List<SioConn> members, String[] groups, int rate, double warm,
      double dur, int padTo, Meter meter) {}

  private List<Result> runAll() {
    Args a = ctx.args;
    int n = a.integer("receivers", 1000);
    int senders = Math.max(1, Math.min(a.integer("senders", 20), n));
    List<Integer> rates = a.ints("rates", "100,200");
    double warm = a.dbl("warmup", 3);
    double dur = a.dbl("duration", 10);
    int padTo = a.integer("frame-bytes", 230);
    List<Users.User> users = ctx.plain ? List.of() : ctx.users(0);
    expectedPerMessage = n;
    Ctx.log("fanout: connecting %d receivers (%s)", n, ctx.plain ? "plain floor" : "socket.io");
    Ctx.Connected cn = ctx.connectMany(n, a.integer("connect-concurrency", 100),
        i -> users.get(i % users.size()).token(), true, this::onFrame, 120);
    if (cn.failed > 0) {
      Ctx.log("fanout: %d connections failed, first: %s", cn.failed, cn.firstError);
    }
    List<SioConn> conns = cn.conns;
    int live = conns.size();
    if (live == 0) {
      throw new IllegalStateException("no receiver could connect: " + cn.firstError);
    }
    List<SioConn> senderConns = conns.subList(0, Math.min(senders, live));
    Ctx.sleep(a.dbl("settle", 1.5));
    List<Result> out = new ArrayList<>();
    for (int rate : rates) {
      String name = (ctx.plain ? ctx.label + "_fanout_" : "fanout_") + rate;
      Result r = new Result(name, "fanout", ctx.plain ? ctx.label : "server").put("failed_connections", cn.failed);
      out.add(phase(new Phase(r, senderConns, conns, new String[0], rate, warm, dur, padTo, Meter.server(ctx.serverPid))));
    }
    ctx.closeAll(conns);
    return out;
  }

  Result phase(Phase p) {
    List<SioConn> conns = p.members();
    List<SioConn> senderConns = p.senders();
    int live = conns.size();
    int senders = senderConns.size();
    int rate = p.rate();
    double warm = p.warm();
    double dur = p.dur();
    long total = (long) Math.ceil(rate * (warm + dur));
    long startNanos = System.nanoTime() + 100_000_000L;
    double interval = 1e9 / rate;
    long[] sent = {0, 0}; // offered so far, of which not sent because the sender's connection was closed
    ctx.onLoop(() -> {
      base += counts.length;
      counts = new int[(int) total];
      warmSeqs = (long) (rate * warm);
      expectedPerMessage = live;
      received = dupes = errors = other = frames = frameBytes = winDeliveries = 0;
      firstError = null;
      winByGroup = new long[p.groups().length];
      hist = Result.histogram();
      long[] timer = {0};
      timer[0] = ctx.vertx.setPeriodic(1, id -> {
        long now = System.nanoTime();
        if (now < startNanos) {
          return;
        }
        long due = Math.min(total, (long) ((now - startNanos) / interval) + 1);
        while (sent[0] < due) {
          long s = sent[0]++;
          long intended = startNanos + (long) (s * interval) - Ctx.T0;
          SioConn c = senderConns.get((int) (s % senders));
          if (c.closed) {
            sent[1]++;
            continue;
          }
          String content = "~b~" + (base + s) + "~" + intended + "~";
          if (ctx.plain) {
            c.sendRaw(plainFrame(content, base + s, p.padTo()));
          } else {
            c.emit("[\"send_public_message\",{\"content\":\"" + content + "\"}]");
          }
        }
        if (sent[0] >= total) {
          ctx.vertx.cancelTimer(timer[0]);
        }
      });
      return null;
    });
    Ctx.log("fanout: %d msg/s to %d receivers, %d senders, %.0f s warm-up + %.0f s measured", rate, live, senders, warm, dur);
    Ctx.sleepUntil(startNanos + (long) (warm * 1e9));
    Meter.Reading s0 = p.meter().take();
    winStart = s0.snapshot().wallNanos();
    Ctx.sleepUntil(winStart + (long) (dur * 1e9));
    Meter.Reading s1 = p.meter().take();
    winEnd = s1.snapshot().wallNanos();
    // Drain: wait until everything sent has arrived, or nothing arrived for 3 s (60 s at most).
    long drainStart = System.nanoTime();
    long deadline = drainStart + (long) (ctx.args.dbl("drain-max", 60) * 1e9);
    long last = -1;
    long lastChange = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long[] st = ctx.onLoop(() -> new long[] {received, sent[0]});
      if (st[1] >= total && st[0] >= st[1] * live) {
        break;
      }
      if (st[0] != last) {
        last = st[0];
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > 3_000_000_000L) {
        break;
      }
      Ctx.sleep(0.2);
    }
    return ctx.onLoop(() -> {
      long expected = sent[0] * (long) live;
      int closedNow = 0;
      for (SioConn c : conns) {
        if (c.closed) {
          closedNow++;
        }
      }
      long sendersClosed = senderConns.stream().filter(c -> c.closed).count();
      Result r = p.meter().window(p.result().put("receivers", live).put("senders", senders).put("msg_rate", rate),
              s0, s1, winDeliveries, "delivery").latency(hist)
          .put("sent", sent[0]).put("expected", expected).put("received", received)
          .put("lost", Math.max(0, expected - (received - dupes))).put("receivers_closed_by_end", closedNow).put("dupes", dupes).put("errors", errors)
          .put("senders_closed_by_end", sendersClosed).put("not_sent_sender_closed", sent[1]).put("first_error", firstError)
          .put("drain_s", Result.round((System.nanoTime() - drainStart) / 1e9, 1)).put("other_frames", other).put("avg_frame_bytes", frames == 0 ? 0 : frameBytes / frames);
      for (int g = 0; g < p.groups().length; g++) {
        r.put("deliveries_" + p.groups()[g], winByGroup[g]);
      }
      winStart = winEnd = Long.MAX_VALUE;
      Ctx.log("  %s", r);
      return r;
    });
  }

  /** In floor mode the sender sends what the chat server would deliver, padded to the same size. */
  static String plainFrame(String content, long id, int padTo) {
    StringBuilder sb = new StringBuilder(padTo + 16);
    sb.append("42[\"new_public_message\",{\"id\":").append(id).append(",\"content\":\"").append(content)
        .append("\",\"timestamp\":\"2026-01-01T00:00:00.000000Z\",\"user\":{\"id\":1,\"username\":\"bench_user\",\"avatar_url\":null},")
        .append("\"username\":\"bench_user\",\"user_id\":1,\"avatar_url\":null,\"pad\":\"");
    while (sb.length() < padTo - 3) {
      sb.append('x');
    }
    sb.append("\"}]");
    return sb.toString();
  }
}
