package io.chatserver.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** One scenario's measured numbers, kept as JSON so that the report and the script read the same thing. */
public final class Result {
  public final JsonObject json = new JsonObject();

  public Result(String name, String scenario, String target) {
    json.put("name", name).put("scenario", scenario).put("target", target);
  }

  public Result put(String key, Object value) {
    json.put(key, value);
    return this;
  }

  /** Records throughput ({@code unit}s per second) plus server and load-generator CPU between two snapshots. */
  public Result window(ProcStats.Snapshot a, ProcStats.Snapshot b, long units, String unit) {
    return window(a, b, units, unit, -1);
  }

  /** As {@link #window(ProcStats.Snapshot, ProcStats.Snapshot, long, String)}, plus the server's VmRSS now. */
  public Result window(ProcStats.Snapshot a, ProcStats.Snapshot b, long units, String unit, long serverPid) {
    double secs = (b.wallNanos() - a.wallNanos()) / 1e9;
    json.put("unit", unit);
    json.put("window_s", round(secs, 3));
    json.put("units", units);
    json.put("rate_per_s", round(units / secs, 1));
    if (a.serverCpuNanos() >= 0 && b.serverCpuNanos() >= 0) {
      long cpu = b.serverCpuNanos() - a.serverCpuNanos();
      json.put("server_cpu_ms", round(cpu / 1e6, 1));
      json.put("server_cpu_util", round(cpu / 1e9 / secs, 3));
      if (units > 0) {
        json.put("server_cpu_us_per_unit", round(cpu / 1e3 / units, 3));
      }
    }
    if (serverPid > 0) {
      json.put("server_rss_kb", ProcStats.rssKb(serverPid));
    }
    long self = b.selfCpuNanos() - a.selfCpuNanos();
    json.put("loadgen_cpu_ms", round(self / 1e6, 1));
    json.put("loadgen_cpu_util", round(self / 1e9 / secs, 3));
    // What else ran on the two cores: busy share of each core minus softirq (e.g. loopback TCP, which the
    // kernel may not charge to either process) minus our own process's share = other processes.
    core("server_core", a.serverCore(), b.serverCore(), secs, a.serverCpuNanos() >= 0 ? b.serverCpuNanos() - a.serverCpuNanos() : -1);
    core("load_core", a.loadCore(), b.loadCore(), secs, self);
    return this;
  }

  private void core(String prefix, long[] a, long[] b, double secs, long ownNanos) {
    if (a == null || b == null) {
      return;
    }
    double busy = ProcStats.ticksToNanos(b[0] - a[0]) / 1e9 / secs;
    double soft = ProcStats.ticksToNanos(b[1] - a[1]) / 1e9 / secs;
    json.put(prefix + "_busy", round(busy, 3));
    json.put(prefix + "_softirq", round(soft, 3));
    json.put(prefix + "_steal", round(ProcStats.ticksToNanos(b[2] - a[2]) / 1e9 / secs, 3));
    if (ownNanos >= 0) {
      // Only approximate: a process pinned to this core is charged only for time spent on it.
      json.put(prefix + "_other", round(Math.max(0, busy - soft - ownNanos / 1e9 / secs), 3));
    }
  }

  /** Latency percentiles in milliseconds from a histogram recorded in microseconds. */
  public Result latency(Histogram h) {
    json.put("lat_count", h.getTotalCount());
    if (h.getTotalCount() > 0) {
      json.put("p50_ms", round(h.getValueAtPercentile(50) / 1e3, 2));
      json.put("p95_ms", round(h.getValueAtPercentile(95) / 1e3, 2));
      json.put("p99_ms", round(h.getValueAtPercentile(99) / 1e3, 2));
      json.put("max_ms", round(h.getMaxValue() / 1e3, 2));
      json.put("mean_ms", round(h.getMean() / 1e3, 2));
    }
    return this;
  }

  public static Histogram histogram() {
    // microseconds, up to 10 minutes, 3 significant digits
    return new Histogram(600_000_000L, 3);
  }

  public static void record(Histogram h, long nanos) {
    long us = Math.max(0, nanos / 1000);
    h.recordValue(Math.min(us, h.getHighestTrackableValue()));
  }

  public static double round(double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return -1;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  @Override
  public String toString() {
    return json.encode();
  }
}
