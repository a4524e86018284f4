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
    if (pid <= 0) {
      return -1;
    }
    try {
      return parseStatusKb(Files.readString(Path.of("/proc/" + pid + "/status")), "VmRSS:");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

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

  /** A CPU/wall snapshot of the server process and of this load generator. */
  public record Snapshot(long wallNanos, long serverCpuNanos, long selfCpuNanos) {
    public static Snapshot take(long serverPid) {
      return new Snapshot(System.nanoTime(), cpuNanos(serverPid), cpuNanos(selfPid()));
    }
  }
}
