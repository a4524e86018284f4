package io.chatserver.bench;

/**
 * The processes a measured window reads from /proc: those summed into the result's {@code server_*} fields
 * (one chat server; both nodes of a cluster), and those also reported one by one under a name
 * ({@code node_a_cpu_us_per_unit}, {@code redis_cpu_util}, ...).
 */
public final class Meter {
  private final long[] serverPids;
  private final String[] names;
  private final long[] pids;

  public Meter(long[] serverPids, String[] names, long[] pids) {
    if (names.length != pids.length) {
      throw new IllegalArgumentException("one name per pid");
    }
    this.serverPids = serverPids.clone();
    this.names = names.clone();
    this.pids = pids.clone();
  }

  /** One server process, nothing reported apart. */
  public static Meter server(long pid) {
    return new Meter(new long[] {pid}, new String[0], new long[0]);
  }

  /** A snapshot of the server processes (summed) and of the named ones, taken at one instant. */
  public record Reading(ProcStats.Snapshot snapshot, long[] named) {}

  public Reading take() {
    long wall = System.nanoTime();
    long[] named = new long[pids.length];
    for (int i = 0; i < pids.length; i++) {
      named[i] = ProcStats.cpuNanos(pids[i]);
    }
    return new Reading(new ProcStats.Snapshot(wall, sum(serverPids), ProcStats.cpuNanos(ProcStats.selfPid())), named);
  }

  /** The server processes' CPU together, or -1 when one of them cannot be read. */
  private static long sum(long[] pids) {
    long total = 0;
    for (long pid : pids) {
      long cpu = ProcStats.cpuNanos(pid);
      if (cpu < 0) {
        return -1;
      }
      total += cpu;
    }
    return total;
  }

  /** The window's numbers: {@link Result#window} for the server processes, then each named process's CPU and RSS. */
  public Result window(Result r, Reading a, Reading b, long units, String unit) {
    r.window(a.snapshot(), b.snapshot(), units, unit, serverPids.length == 1 ? serverPids[0] : -1);
    double secs = (b.snapshot().wallNanos() - a.snapshot().wallNanos()) / 1e9;
    for (int i = 0; i < names.length; i++) {
      if (a.named()[i] < 0 || b.named()[i] < 0) {
        continue;
      }
      long cpu = b.named()[i] - a.named()[i];
      r.put(names[i] + "_cpu_ms", Result.round(cpu / 1e6, 1)).put(names[i] + "_cpu_util", Result.round(cpu / 1e9 / secs, 3))
          .put(names[i] + "_rss_kb", ProcStats.rssKb(pids[i]));
      if (units > 0) {
        r.put(names[i] + "_cpu_us_per_unit", Result.round(cpu / 1e3 / units, 3));
      }
    }
    return r;
  }
}
