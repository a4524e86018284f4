package io.chatserver.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * storm: a reconnect storm with connection state recovery (decision 34). N sockets of the user pool connect
 * and join the public room, receive a few public messages (so that each holds an offset), then all lose their
 * TCP connection at once (no Socket.IO disconnect: the server keeps their sessions) while K messages are
 * posted over REST; then all reconnect at once with {@code {token, pid, offset}}. Measured ({@code storm_s}): the
 * time until every socket has recovered (same sid) and received the K missed messages (or, having fallen back
 * to a new session, joined the public room again), the server CPU from the first reconnect to then, and the
 * server's memory. Checked: every recovered socket gets
 * every message once and in order (the missed ones, then L posted while the storm is on); a miss, a duplicate
 * or a reordering makes the result an error. A socket that falls back to a new session is counted (a real
 * client would catch up over REST); it is not checked further.
 */
public final class Storm {
  private final Ctx ctx;

  private Storm(Ctx ctx) {
    this.ctx = ctx;
  }

  public static Result run(Ctx ctx) {
    return new Storm(ctx).storm();
  }

  private Result storm() {
    Args a = ctx.args;
    if (ctx.plain) {
      throw new IllegalArgumentException("storm needs the chat server (no floor variant)");
    }
    int n = a.integer("storm-sockets", 10000);
    int before = Math.max(1, a.integer("storm-before", 3));
    int missed = Math.max(1, a.integer("storm-missed", 10));
    int live = Math.max(0, a.integer("storm-live", 3));
    int conc = a.integer("storm-concurrency", n);
    int timeout = a.integer("storm-timeout", 180);
    List<Users.User> users = ctx.users(0);
    List<StormConn> conns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      conns.add(new StormConn(i, users.get(i % users.size()).token()));
    }

    // 1. Connect and join, then a few messages: every socket holds a pid and an offset.
    Ctx.log("storm: connecting %d sockets of %d users", n, users.size());
    Pumped first = pump(n, a.integer("connect-concurrency", 200), i -> conns.get(i).open(ctx.ws, ctx.host, ctx.port, false)
        .compose(c -> c.emitWithAck("[\"join_public\"]")), timeout);
    if (first.ok == 0) {
      throw new IllegalStateException("no socket could connect: " + first.firstError);
    }
    List<StormConn> up = ctx.onLoop(() -> conns.stream().filter(c -> !c.closed && c.sid != null).toList());
    int[] idx = {0};
    post(users, idx, before);
    expectAll(up, before);
    if (!waitCaughtUp(up, 60)) {
      Ctx.log("storm: not every socket got the first %d messages", before);
    }
    int noOffset = ctx.onLoop(() -> (int) up.stream().filter(c -> c.offset == null || c.pid == null).count());

    // 2. The drop: every TCP connection closed at once by the client; K messages posted meanwhile.
    long rssBefore = ProcStats.rssKb(ctx.serverPid);
    long heapBefore = ProcStats.heapUsedKb(ctx.serverPid);
    boolean hwmReset = resetPeakRss(ctx.serverPid);
    ProcStats.Snapshot sDrop = ProcStats.Snapshot.take(ctx.serverPid);
    Ctx.log("storm: dropping %d connections, posting %d messages", up.size(), missed);
    ctx.onLoop(() -> {
      up.forEach(StormConn::drop);
      return null;
    });
    post(users, idx, missed);
    int total = before + missed + live;
    expectAll(up, before + missed);

    // 3. The storm: all reconnect at once with {pid, offset}; L more messages posted while they do.
    ProcStats.Snapshot s0 = ProcStats.Snapshot.take(ctx.serverPid);
    Ctx.log("storm: %d sockets reconnecting (%d in flight)", up.size(), conc);
    // A socket that falls back joins the room again, as a client must (it would also catch up over REST).
    PumpRun second = pumpAsync(up.size(), conc, i -> up.get(i).open(ctx.ws, ctx.host, ctx.port, true)
        .compose(c -> !c.fellBack ? Future.succeededFuture() : c.emitWithAck("[\"join_public\"]").onSuccess(ack -> {
          c.rejoinedNanos = System.nanoTime();
        })));
    post(users, idx, live);
    Pumped re = second.await(timeout);
    boolean all = waitCaughtUp(up, timeout);
    ProcStats.Snapshot s1 = lastCaughtUp(up, s0);
    ctx.onLoop(() -> {
      up.forEach(c -> c.recoveredAtNanos = c.caughtUpNanos);
      return null;
    });
    // The live messages, if any, must reach every recovered socket too.
    expectAll(up, total);
    waitCaughtUp(up, 30);
    long rssAfter = ProcStats.rssKb(ctx.serverPid);
    long rssPeak = hwmReset ? peakRssKb(ctx.serverPid) : -1;
    long heapAfter = ProcStats.heapUsedKb(ctx.serverPid);

    Result r = ctx.onLoop(() -> result(up, re, first, n, before, missed, live, total, s0, s1, sDrop, all, noOffset));
    r.put("rss_before_kb", rssBefore).put("rss_after_kb", rssAfter).put("rss_peak_kb", rssPeak)
        .put("heap_used_before_kb", heapBefore).put("heap_used_after_kb", heapAfter)
        .put("reconnect_concurrency", conc).put("users", users.size());
    Ctx.log("  %s", r);
    ctx.onLoop(() -> Future.join(conns.stream().map(StormConn::disconnect).toList()));
    Ctx.sleep(a.dbl("settle", 3));
    return r;
  }

  private Result result(List<StormConn> up, Pumped re, Pumped first, int n, int before, int missed, int live, int total,
      ProcStats.Snapshot s0, ProcStats.Snapshot s1, ProcStats.Snapshot sDrop, boolean all, int noOffset) {
    Histogram lat = Result.histogram();
    int recovered = 0;
    int fellBack = 0;
    int sidChanged = 0;
    int notCaughtUp = 0;
    int withErrors = 0;
    long missing = 0;
    long dupes = 0;
    long reordered = 0;
    long other = 0;
    for (StormConn c : up) {
      other += c.otherFrames;
      if (c.fellBack) {
        fellBack++; // a new session: what it missed is for the client to catch up, not checked here
        continue;
      }
      if (!c.recovered) {
        continue; // failed to reconnect at all: counted by the pump
      }
      recovered++;
      dupes += c.duplicates;
      reordered += c.outOfOrder;
      if (!c.sid.equals(c.previousSid)) {
        sidChanged++;
      }
      int m = c.missing(total);
      missing += m;
      if (c.recoveredAtNanos == 0) {
        notCaughtUp++;
      }
      if (m > 0 || c.duplicates > 0 || c.outOfOrder > 0) {
        withErrors++;
      }
    }
    Histogram answer = Result.histogram();
    Histogram replay = Result.histogram();
    Histogram firstReplayed = Result.histogram();
    for (StormConn c : up) {
      if (c.recovered && c.recoveredAtNanos > 0) {
        Result.record(lat, c.recoveredAtNanos - c.connectNanos);
        Result.record(replay, c.recoveredAtNanos - c.answerNanos);
        if (c.firstMessageNanos > 0) {
          Result.record(firstReplayed, c.firstMessageNanos - c.answerNanos);
        }
      } else if (c.fellBack && c.rejoinedNanos > 0) {
        Result.record(lat, c.rejoinedNanos - c.connectNanos);
      }
      if (c.answerNanos > 0) {
        Result.record(answer, c.answerNanos - c.connectNanos);
      }
    }
    // The slowest recovered socket: when each message reached it, in ms after its CONNECT answer.
    StormConn slowest = up.stream().filter(c -> c.recovered && c.recoveredAtNanos > 0)
        .max(java.util.Comparator.comparingLong(c -> c.recoveredAtNanos - c.answerNanos)).orElse(null);
    io.vertx.core.json.JsonArray slowArrivals = new io.vertx.core.json.JsonArray();
    if (slowest != null) {
      for (int i = 0; i < total && i < slowest.arrivals.length; i++) {
        long t = slowest.arrivals[i];
        slowArrivals.add(t == 0 ? null : Result.round((t - slowest.answerNanos) / 1e6, 1));
      }
    }
    Result r = new Result("storm", "storm", "server").put("sockets", n).put("connected", up.size())
        .put("failed_initially", first.failed).put("before_messages", before).put("missed_messages", missed)
        .put("live_messages", live).put("no_offset_before_drop", noOffset)
        .put("recovered", recovered).put("fell_back", fellBack).put("reconnect_failed", re.failed)
        .put("first_error", re.firstError != null ? re.firstError : first.firstError)
        .put("storm_s", Result.round((s1.wallNanos() - s0.wallNanos()) / 1e9, 3))
        .put("down_s", Result.round((s0.wallNanos() - sDrop.wallNanos()) / 1e9, 3))
        .window(s0, s1, recovered + fellBack, "reconnect", ctx.serverPid).latency(lat)
        .put("sid_changed", sidChanged).put("not_caught_up", notCaughtUp).put("sockets_with_errors", withErrors)
        .put("expected", (long) recovered * total).put("lost", missing).put("dupes", dupes).put("out_of_order", reordered)
        .put("other_frames", other).put("slowest_socket_arrivals_ms", slowArrivals)
        .put("answer_p50_ms", Result.round(answer.getValueAtPercentile(50) / 1e3, 2))
        .put("answer_p99_ms", Result.round(answer.getValueAtPercentile(99) / 1e3, 2))
        .put("answer_max_ms", Result.round(answer.getMaxValue() / 1e3, 2))
        // From a recovered socket's CONNECT answer to its last missed message.
        .put("answer_to_caught_up_p50_ms", Result.round(replay.getValueAtPercentile(50) / 1e3, 2))
        .put("answer_to_caught_up_p99_ms", Result.round(replay.getValueAtPercentile(99) / 1e3, 2))
        .put("answer_to_first_message_p50_ms", Result.round(firstReplayed.getValueAtPercentile(50) / 1e3, 2))
        .put("answer_to_first_message_p99_ms", Result.round(firstReplayed.getValueAtPercentile(99) / 1e3, 2));
    if (sDrop.serverCpuNanos() >= 0 && s1.serverCpuNanos() >= 0) {
      r.put("server_cpu_ms_drop_to_recovered", Result.round((s1.serverCpuNanos() - sDrop.serverCpuNanos()) / 1e6, 1));
    }
    List<String> errors = new ArrayList<>();
    if (missing > 0 || dupes > 0 || reordered > 0) {
      errors.add(String.format("delivery: %d missing, %d duplicates, %d out of order on %d sockets", missing, dupes, reordered,
          withErrors));
    }
    if (sidChanged > 0) {
      errors.add(sidChanged + " recovered sockets with another sid");
    }
    if (!all || notCaughtUp > 0) {
      errors.add(notCaughtUp + " recovered sockets not caught up in time");
    }
    if (!errors.isEmpty()) {
      r.put("error", String.join("; ", errors));
    }
    return r;
  }

  /** Sets every socket's target index (from the caller's thread). */
  private void expectAll(List<StormConn> up, int n) {
    ctx.onLoop(() -> {
      up.forEach(c -> c.expect(n));
      return null;
    });
  }

  /** Waits until every socket that is open and did not fall back has reached its target; false on timeout. */
  private boolean waitCaughtUp(List<StormConn> up, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean done = ctx.onLoop(() -> up.stream().allMatch(c -> c.closed || c.fellBack || c.caughtUpNanos > 0));
      if (done) {
        return true;
      }
      Ctx.sleep(0.02);
    }
    return false;
  }

  /** A snapshot dated when the last recovered socket caught up (CPU read now, i.e. a little later). */
  private ProcStats.Snapshot lastCaughtUp(List<StormConn> up, ProcStats.Snapshot s0) {
    long last = ctx.onLoop(() -> up.stream().mapToLong(c -> c.recovered ? c.caughtUpNanos : c.rejoinedNanos).max()
        .orElse(s0.wallNanos()));
    ProcStats.Snapshot now = ProcStats.Snapshot.take(ctx.serverPid);
    return new ProcStats.Snapshot(Math.max(last, s0.wallNanos() + 1), now.serverCpuNanos(), now.selfCpuNanos(), now.serverCore(),
        now.loadCore());
  }

  /**
   * Posts {@code count} public messages one after another (so that their order is the server's order). Each
   * carries a client id, so that a request cut off by the server's idle close is simply sent again (decision 31).
   */
  private void post(List<Users.User> users, int[] idx, int count) {
    for (int k = 0; k < count; k++) {
      int i = idx[0]++;
      Users.User u = users.get(i % users.size());
      String body = "{\"content\":\"storm ~s~" + i + "~0~\",\"client_id\":\"storm-" + ctx.runId() + "-" + i + "\"}";
      for (int attempt = 1; ; attempt++) {
        try {
          Users.Http h = Ctx.await(ctx.onLoopF(() -> Users.call(ctx.setupHttp(), ctx.host, ctx.port, HttpMethod.POST,
              "/api/messages", u.token(), body)), 60);
          if (h.status() / 100 != 2) {
            throw new IllegalStateException("POST /api/messages: HTTP " + h.status() + " " + h.body());
          }
          break;
        } catch (RuntimeException e) {
          if (attempt == 3 || e instanceof IllegalStateException) {
            throw e;
          }
          Ctx.log("storm: POST %d again after %s", i, e.getMessage());
        }
      }
    }
  }

  /** Outcome of {@link #pump}. */
  private static final class Pumped {
    int ok;
    int failed;
    String firstError;
  }

  /** Starts {@code n} operations with at most {@code conc} in flight; returns when all ended or at the timeout. */
  private Pumped pump(int n, int conc, IntFunction<Future<?>> start, int timeoutSeconds) {
    return pumpAsync(n, conc, start).await(timeoutSeconds);
  }

  /** A {@link #pump} under way. */
  private final class PumpRun {
    final Pumped out = new Pumped();
    final Promise<Void> done = Promise.promise();
    final int n;
    int finished;

    PumpRun(int n) {
      this.n = n;
    }

    /** Waits for the end (or the timeout); what did not end by then counts as failed. */
    Pumped await(int timeoutSeconds) {
      try {
        Ctx.await(done.future(), timeoutSeconds);
      } catch (RuntimeException e) {
        Ctx.log("storm: %s", e.getMessage());
      }
      return ctx.onLoop(() -> {
        Pumped copy = new Pumped();
        copy.ok = out.ok;
        copy.failed = out.failed + (n - finished);
        copy.firstError = out.firstError;
        return copy;
      });
    }
  }

  private PumpRun pumpAsync(int n, int conc, IntFunction<Future<?>> start) {
    PumpRun run = new PumpRun(n);
    Pumped out = run.out;
    int[] next = {0};
    Runnable[] more = new Runnable[1];
    more[0] = () -> {
      while (next[0] < n && next[0] - run.finished < conc) {
        start.apply(next[0]++).onComplete(ar -> {
          run.finished++;
          if (ar.succeeded()) {
            out.ok++;
          } else {
            out.failed++;
            if (out.firstError == null) {
              out.firstError = String.valueOf(ar.cause());
            }
          }
          if (run.finished == n) {
            run.done.tryComplete();
          } else {
            more[0].run();
          }
        });
      }
    };
    ctx.vertx.runOnContext(v -> {
      if (n == 0) {
        run.done.complete();
      } else {
        more[0].run();
      }
    });
    return run;
  }

  /** Resets the server's peak RSS (VmHWM) through /proc/PID/clear_refs; false when not allowed. */
  private static boolean resetPeakRss(long pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static long peakRssKb(long pid) {
    try {
      return ProcStats.parseStatusKb(Files.readString(Path.of("/proc/" + pid + "/status")), "VmHWM:");
    } catch (Exception e) {
      return -1;
    }
  }
}
