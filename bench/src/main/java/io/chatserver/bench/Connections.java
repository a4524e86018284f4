package io.chatserver.bench;

import java.util.List;

/**
 * connections: N idle authenticated sockets joined to the public room. Reports the connect rate
 * (WebSocket + Engine.IO + Socket.IO connect + join_public ack, with a bounded number in flight) and the
 * server's resident memory per connection (VmRSS after minus before, a full GC requested before each read).
 *
 * <p>With {@code --connection-steps 2000,6000,...} (BENCH_CONNECTION_STEPS) the sockets are opened in
 * steps up to the last count, the server's heap after a full GC read at each, and the least-squares line
 * through those points reported (bytes per socket = slope, and the intercept): how heap grows with sockets,
 * without the fixed part that a single before/after difference folds in. The rate and the per-socket
 * figures of the result are those of the first step, comparable to a run with that many connections.
 */
public final class Connections {
  private Connections() {}

  public static Result run(Ctx ctx) {
    List<String> steps = ctx.args.list("connection-steps", "");
    if (!steps.isEmpty()) {
      return Steps.run(ctx, steps.stream().mapToInt(Integer::parseInt).toArray());
    }
    return run(ctx, ctx.args.integer("connections", 18_000));
  }

  static Result run(Ctx ctx, int n) {
    Args a = ctx.args;
    int conc = a.integer("connect-concurrency", 200);
    boolean gc = a.bool("gc", true);
    List<Users.User> users = ctx.plain ? List.of() : ctx.users(0);
    long[] other = {0};
    if (gc) {
      ProcStats.requestGc(ctx.serverPid);
      Ctx.sleep(1);
    }
    long rssBefore = ProcStats.rssKb(ctx.serverPid);
    long heapBefore = gc ? ProcStats.heapUsedKb(ctx.serverPid) : -1;
    Ctx.log("connections: opening %d sockets, %d in flight (server VmRSS %d KiB)", n, conc, rssBefore);
    ProcStats.Snapshot s0 = ProcStats.Snapshot.take(ctx.serverPid);
    Ctx.Connected cn = ctx.connectMany(n, conc, i -> users.get(i % users.size()).token(), true, (c, f, off, len) -> other[0]++,
        a.integer("connect-timeout", 300));
    ProcStats.Snapshot s1 = new ProcStats.Snapshot(cn.endNanos, ProcStats.cpuNanos(ctx.serverPid),
        ProcStats.cpuNanos(ProcStats.selfPid()));
    int ok = cn.conns.size();
    Ctx.sleep(a.dbl("settle", 3));
    long rssNoGc = ProcStats.rssKb(ctx.serverPid);
    if (gc) {
      ProcStats.requestGc(ctx.serverPid);
      Ctx.sleep(1);
    }
    long rssAfter = ProcStats.rssKb(ctx.serverPid);
    long heapAfter = gc ? ProcStats.heapUsedKb(ctx.serverPid) : -1;
    int stillOpen = ctx.onLoop(() -> {
      int k = 0;
      for (SioConn c : cn.conns) {
        if (!c.closed) {
          k++;
        }
      }
      return k;
    });
    if (ok == 0) {
      throw new IllegalStateException("no socket could connect: " + cn.firstError);
    }
    Result r = new Result(ctx.plain ? ctx.label + "_connections" : "connections", "connections", ctx.plain ? ctx.label : "server")
        .put("requested", n).put("connected", ok).put("failed", cn.failed).put("first_error", cn.firstError)
        .put("still_open_after_settle", stillOpen)
        .window(s0, s1, ok, "connection", ctx.serverPid).latency(cn.latency)
        .put("rss_before_kb", rssBefore).put("rss_after_kb", rssAfter).put("rss_after_no_gc_kb", rssNoGc)
        .put("gc_requested", gc).put("heap_used_before_kb", heapBefore).put("heap_used_after_kb", heapAfter)
        .put("heap_bytes_per_conn", ok == 0 || heapBefore < 0 || heapAfter < 0 ? -1 : (heapAfter - heapBefore) * 1024 / ok)
        .put("bytes_per_conn", ok == 0 || rssBefore < 0 ? -1 : (rssAfter - rssBefore) * 1024 / ok)
        .put("bytes_per_conn_no_gc", ok == 0 || rssBefore < 0 ? -1 : (rssNoGc - rssBefore) * 1024 / ok)
        .put("frames_received", ctx.onLoop(() -> other[0]));
    Ctx.log("  %s", r);
    Ctx.log("connections: closing");
    ctx.closeAll(cn.conns);
    Ctx.sleep(a.dbl("settle", 3));
    return r;
  }
}
