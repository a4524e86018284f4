package io.chatserver.bench;

/**
 * The processes a measured window reads from /proc: those summed into the result's {@code server_*} fields
 * (one chat server; both nodes of a cluster), and those also reported one by one under a name
 * ({@code node_a_cpu_us_per_unit}, {@code redis_cpu_util}, ...). For JVMs it also reads what their JIT
 * compiler threads spent ({@code *_jit_cpu_ms}) and reports the CPU per unit without it
 * ({@code *_cpu_us_per_unit_no_jit}): a freshly started node compiles for a minute or more, and how much of
 * that lands in a window depends on what ran before it, not on the work measured.
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

  /**
   * A snapshot of the server processes (summed) and of the named ones, taken at one instant; {@code serverJit},
   * {@code namedJit}: their compiler threads' CPU (-1: not a JVM, or unknown).
   */
  public record Reading(ProcStats.Snapshot snapshot, long serverJit, long[] named, long[] namedJit) {}

  public Reading take() {
    long wall = System.nanoTime();
    long[] named = new long[pids.length];
    long[] namedJit = new long[pids.length];
    for (int i = 0; i < pids.length; i++) {
      named[i] = ProcStats.cpuNanos(pids[i]);
      namedJit[i] = ProcStats.compilerCpuNanos(pids[i]);
    }
    long server = sum(serverPids, ProcStats::cpuNanos);
    long serverJit = sum(serverPids, ProcStats::compilerCpuNanos);
    return new Reading(new ProcStats.Snapshot(wall, server, ProcStats.cpuNanos(ProcStats.selfPid())), serverJit, named, namedJit);
  }

  /** A reading summed over processes, or -1 when one of them cannot be read. */
  private static long sum(long[] pids, java.util.function.LongUnaryOperator read) {
    long total = 0;
    for (long pid : pids) {
      long v = read.applyAsLong(pid);
      if (v < 0) {
        return -1;
      }
      total += v;
    }
    return total;
  }

  /** The window's numbers: {@link Result#window} for the server processes, then each named process's CPU and RSS. */
  public Result window(Result r, Reading a, Reading b, long units, String unit) {
    r.window(a.snapshot(), b.snapshot(), units, unit, serverPids.length == 1 ? serverPids[0] : -1);
    jit(r, "server", a.snapshot().serverCpuNanos(), b.snapshot().serverCpuNanos(), a.serverJit(), b.serverJit(), units);
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
      jit(r, names[i], a.named()[i], b.named()[i], a.namedJit()[i], b.namedJit()[i], units);
    }
    return r;
  }

  private static void jit(Result r, String prefix, long cpuA, long cpuB, long jitA, long jitB, long units) {
    if (jitA < 0 || jitB < 0 || cpuA < 0 || cpuB < 0) {
      return;
    }
    long jit = Math.max(0, jitB - jitA); // a compiler thread that ended in between takes its time along

    r.put(prefix + "_jit_cpu_ms", Result.round(jit / 1e6, 1));
    if (units > 0) {
      r.put(prefix + "_cpu_us_per_unit_no_jit", Result.round((cpuB - cpuA - jit) / 1e3 / units, 3));
    }
  }
}
