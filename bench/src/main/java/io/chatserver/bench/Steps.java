package io.chatserver.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * connections in steps ({@link Connections}): idle authenticated sockets opened up to each count in turn
 * and kept, the server's heap in use after a full GC read at each count; then the least-squares line
 * heap = intercept + slope x sockets through the step points, and what it projects for 100,000 sockets.
 */
final class Steps {
  private Steps() {}

  static Result run(Ctx ctx, int[] counts) {
    Args a = ctx.args;
    int conc = a.integer("connect-concurrency", 200);
    double settle = a.dbl("settle", 3);
    List<Users.User> users = ctx.plain ? List.of() : ctx.users(0);
    long[] other = {0};
    ProcStats.requestGc(ctx.serverPid);
    Ctx.sleep(1);
    long rssBefore = ProcStats.rssKb(ctx.serverPid);
    long heapBefore = ProcStats.heapUsedKb(ctx.serverPid);
    Ctx.log("connections in steps %s: server heap %d KiB, VmRSS %d KiB with none", java.util.Arrays.toString(counts),
        heapBefore, rssBefore);
    List<SioConn> open = new ArrayList<>();
    JsonArray points = new JsonArray();
    Result first = null;
    int failed = 0;
    String firstError = null;
    try {
      for (int count : counts) {
        int from = open.size();
        if (count <= from) {
          throw new IllegalArgumentException("connection steps must grow: " + java.util.Arrays.toString(counts));
        }
        ProcStats.Snapshot s0 = ProcStats.Snapshot.take(ctx.serverPid);
        Ctx.Connected cn = ctx.connectMany(count - from, conc, i -> users.isEmpty() ? null : users.get((from + i) % users.size()).token(), true,
            (c, f, off, len) -> other[0]++, a.integer("connect-timeout", 300));
        ProcStats.Snapshot s1 = new ProcStats.Snapshot(cn.endNanos, ProcStats.cpuNanos(ctx.serverPid),
            ProcStats.cpuNanos(ProcStats.selfPid()));
        open.addAll(cn.conns);
        failed += cn.failed;
        if (firstError == null) {
          firstError = cn.firstError;
        }
        Ctx.sleep(settle);
        ProcStats.requestGc(ctx.serverPid);
        Ctx.sleep(1);
        long heap = ProcStats.heapUsedKb(ctx.serverPid);
        long rss = ProcStats.rssKb(ctx.serverPid);
        int sockets = open.size();
        points.add(new JsonObject().put("sockets", sockets).put("heap_used_kb", heap).put("rss_kb", rss)
            .put("connect_rate_per_s", Result.round(cn.conns.size() / ((cn.endNanos - cn.startNanos) / 1e9), 1)));
        Ctx.log("  %d sockets open (%d failed so far): heap %d KiB after GC, VmRSS %d KiB", sockets, failed, heap, rss);
        if (first == null) {
          first = new Result(ctx.plain ? ctx.label + "_connections" : "connections", "connections",
              ctx.plain ? ctx.label : "server").window(s0, s1, cn.conns.size(), "connection", ctx.serverPid)
              .latency(cn.latency)
              .put("requested", count).put("connected", cn.conns.size()).put("failed", cn.failed)
              .put("rss_before_kb", rssBefore).put("rss_after_kb", rss).put("gc_requested", true)
              .put("heap_used_before_kb", heapBefore).put("heap_used_after_kb", heap)
              .put("heap_bytes_per_conn", sockets == 0 ? -1 : (heap - heapBefore) * 1024 / sockets)
              .put("bytes_per_conn", sockets == 0 ? -1 : (rss - rssBefore) * 1024 / sockets)
              .put("bytes_per_conn_no_gc", -1L);
        }
      }
      if (first == null) {
        throw new IllegalArgumentException("no connection steps");
      }
      int stillOpen = ctx.onLoop(() -> (int) open.stream().filter(c -> !c.closed).count());
      double[] line = fit(points);
      first.put("steps", points).put("steps_failed", failed).put("steps_first_error", firstError)
          .put("steps_still_open", stillOpen)
          .put("heap_slope_bytes_per_conn", Result.round(line[0], 1))
          .put("heap_intercept_mb", Result.round(line[1] / 1048576, 1))
          .put("heap_projected_100k_mb", Result.round((line[1] + line[0] * 100_000) / 1048576, 0))
          .put("frames_received", ctx.onLoop(() -> other[0]));
      Ctx.log("  heap = %.1f MB + %.0f B x sockets; 100,000 sockets: %.0f MB", line[1] / 1048576, line[0],
          (line[1] + line[0] * 100_000) / 1048576);
      Ctx.log("  %s", first);
      return first;
    } finally {
      Ctx.log("connections: closing %d", open.size());
      ctx.closeAll(open);
      Ctx.sleep(settle);
    }
  }

  /** Least squares through (sockets, heap bytes): {slope in bytes per socket, intercept in bytes}. */
  static double[] fit(JsonArray points) {
    int n = points.size();
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
      JsonObject p = points.getJsonObject(i);
      double x = p.getInteger("sockets");
      double y = p.getLong("heap_used_kb") * 1024.0;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    if (n < 2) {
      return new double[] {n == 1 ? sy / sx : 0, 0};
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return new double[] {slope, (sy - slope * sx) / n};
  }
}
