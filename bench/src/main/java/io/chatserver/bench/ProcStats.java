package io.chatserver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads CPU time and resident memory of a process from /proc (Linux only). */
public final class ProcStats {
  private static final long CLK_TCK = clockTicks();

  private ProcStats() {}

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100;
    }
  }

  /** utime+stime of the process in nanoseconds, or -1 when it cannot be read (pid <= 0 or gone). */
  public static long cpuNanos(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      return parseCpuTicks(Files.readString(Path.of("/proc/" + pid + "/stat"))) * 1_000_000_000L / CLK_TCK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * utime+stime in nanoseconds of the process's JIT compiler threads (HotSpot's "C1 CompilerThre" and "C2
   * CompilerThre..."), or -1 when it has none or cannot be read: a fresh JVM's warm-up, not its work.
   */
  public static long compilerCpuNanos(long pid) {
    if (pid <= 0) {
      return -1;
    }
    long ticks = 0;
    boolean any = false;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          if (isCompilerThread(stat)) {
            ticks += parseCpuTicks(stat);
            any = true;
          }
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return any ? ticks * 1_000_000_000L / CLK_TCK : -1;
  }

  /** The command name of a /proc/PID/task/TID/stat line is a HotSpot compiler thread's. */
  static boolean isCompilerThread(String stat) {
    int open = stat.indexOf('(');
    String comm = stat.substring(open + 1, stat.lastIndexOf(')'));
    return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre");
  }

  /** utime (field 14) + stime (field 15) in clock ticks from a /proc/PID/stat line. */
  static long parseCpuTicks(String stat) {
    // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
    String rest = stat.substring(stat.lastIndexOf(')') + 2);
    String[] f = rest.split(" ");
    // rest starts at field 3 (state): field n is at index n - 3.
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
  }

  /** VmRSS in KiB, or -1. */
  public static long rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** Number of threads of the process, or -1. */
  public static long threads(long pid) {
    return statusField(pid, "Threads:");
  }

  private static long statusField(long pid, String field) {
    if (pid <= 0) {
      return -1;
    }
    try {
      return parseStatusKb(Files.readString(Path.of("/proc/" + pid + "/status")), field);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Open file descriptors (sockets included) of the process, or -1. */
  public static long openFiles(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The number after {@code field} in a /proc/PID/status text (KiB for the Vm* fields), or -1. */
  static long parseStatusKb(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field)) {
        String v = line.substring(field.length()).trim();
        return Long.parseLong(v.split("\\s+")[0]);
      }
    }
    return -1;
  }

  public static long selfPid() {
    return ProcessHandle.current().pid();
  }

  /** Asks the JVM with that pid for a full GC through jcmd (best effort; false when it did not work). */
  public static boolean requestGc(long pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** Java heap in use (KiB) of the JVM with that pid, from {@code jcmd PID GC.heap_info}; -1 when unknown. */
  public static long heapUsedKb(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return parseHeapUsedKb(out);
    } catch (Exception e) {
      return -1;
    }
  }

  /** Sums "used NK" of the heap lines ("total ..., used ...") of GC.heap_info, whatever the collector. */
  static long parseHeapUsedKb(String heapInfo) {
    long sum = 0;
    boolean any = false;
    java.util.regex.Pattern used = java.util.regex.Pattern.compile("used (\\d+)K");
    for (String line : heapInfo.split("\n")) {
      if (line.contains("total") && !line.contains("Metaspace") && !line.contains("class space")) {
        java.util.regex.Matcher m = used.matcher(line);
        if (m.find()) {
          sum += Long.parseLong(m.group(1));
          any = true;
        }
      }
    }
    return any ? sum : -1;
  }

  /** Cores to watch in /proc/stat (the server's and the load generator's), set from the command line. */
  public static int serverCore = -1;
  public static int loadCore = -1;

  /**
   * Ticks of one core from /proc/stat: {busy (user+nice+system+irq+softirq+steal), softirq, steal};
   * null when unknown.
   */
  public static long[] coreTicks(int core) {
    if (core < 0) {
      return null;
    }
    try {
      return parseCoreTicks(Files.readString(Path.of("/proc/stat")), core);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static long[] parseCoreTicks(String stat, int core) {
    String prefix = "cpu" + core + " ";
    for (String line : stat.split("\n")) {
      if (line.startsWith(prefix)) {
        String[] f = line.trim().split("\\s+");
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        long irq = Long.parseLong(f[6]);
        long softirq = Long.parseLong(f[7]);
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new long[] {user + nice + system + irq + softirq + steal, softirq, steal};
      }
    }
    return null;
  }

  public static long ticksToNanos(long ticks) {
    return ticks * 1_000_000_000L / CLK_TCK;
  }

  /** A CPU/wall snapshot of the server process, of this load generator and of their two cores. */
  public record Snapshot(long wallNanos, long serverCpuNanos, long selfCpuNanos, long[] serverCore, long[] loadCore) {
    public Snapshot(long wallNanos, long serverCpuNanos, long selfCpuNanos) {
      this(wallNanos, serverCpuNanos, selfCpuNanos, coreTicks(ProcStats.serverCore), coreTicks(ProcStats.loadCore));
    }

    public static Snapshot take(long serverPid) {
      return new Snapshot(System.nanoTime(), cpuNanos(serverPid), cpuNanos(selfPid()));
    }
  }
}
