package io.chatserver.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns result files (JSON arrays written by the load generator) into one markdown report: a table of
 * every result, then the targets with met / not met. Usage: {@code report OUT.md OUT.json FILE.json...}.
 */
public final class Report {
  private Report() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: report OUT.md OUT.json RESULTS.json...");
      System.exit(2);
    }
    Map<String, JsonObject> byName = new LinkedHashMap<>();
    JsonArray all = new JsonArray();
    for (int i = 2; i < args.length; i++) {
      Path p = Path.of(args[i]);
      if (!Files.exists(p)) {
        continue;
      }
      JsonArray arr = new JsonArray(Files.readString(p));
      for (int j = 0; j < arr.size(); j++) {
        JsonObject o = arr.getJsonObject(j);
        all.add(o);
        byName.put(o.getString("name"), o);
      }
    }
    String md = markdown(byName);
    Files.writeString(Path.of(args[0]), md);
    Files.writeString(Path.of(args[1]), new JsonObject().put("results", all).put("targets", targets(byName)).encodePrettily());
    System.out.print(md);
  }

  static String fmt(JsonObject o, String key, String unitSuffix) {
    Object v = o.getValue(key);
    if (v == null) {
      return "";
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      String s = d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) d)
          : String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%,.0f" : Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
      return s + unitSuffix;
    }
    return v + unitSuffix;
  }

  public static String markdown(Map<String, JsonObject> byName) {
    StringBuilder sb = new StringBuilder();
    sb.append("| result | against | throughput | p50 | p95 | p99 | max | loss | server CPU (cores) | server CPU per unit | load-gen CPU (cores) | limited by | notes |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (JsonObject o : byName.values()) {
      String unit = o.getString("unit", "");
      StringBuilder notes = new StringBuilder();
      if (o.containsKey("error")) {
        String e = o.getString("error").replace('|', '/').replace('\r', ' ').replace('\n', ' ');
        notes.append("ERROR: ").append(e.length() > 160 ? e.substring(0, 160) + "..." : e);
      }
      if (o.containsKey("bytes_per_conn")) {
        notes.append(String.format(Locale.ROOT,
            "%s sockets, %,d B/conn of RSS (%,d -> %,d KiB%s), %,d B/conn of Java heap",
            fmt(o, "connected", ""), o.getLong("bytes_per_conn"), o.getLong("rss_before_kb"), o.getLong("rss_after_kb"),
            o.getLong("bytes_per_conn_no_gc", -1L) < 0 ? ""
                : String.format(Locale.ROOT, "; %,d B/conn without the GC", o.getLong("bytes_per_conn_no_gc")),
            o.getLong("heap_bytes_per_conn", -1L)));
        if (o.getInteger("failed", 0) > 0) {
          notes.append(", failed ").append(o.getInteger("failed"));
        }
        if (o.containsKey("heap_slope_bytes_per_conn")) {
          notes.append(String.format(Locale.ROOT,
              "; heap after GC in steps up to %,d sockets: %,.0f B/socket + %.1f MB, 100,000 sockets: %,.0f MB",
              o.getJsonArray("steps").getJsonObject(o.getJsonArray("steps").size() - 1).getInteger("sockets"),
              o.getDouble("heap_slope_bytes_per_conn"), o.getDouble("heap_intercept_mb"), o.getDouble("heap_projected_100k_mb")));
        }
      }
      if (o.containsKey("start_heap_after_gc_kb")) {
        notes.append(String.format(Locale.ROOT,
            "%,d s: heap after GC %,d -> %,d KiB, threads %d -> %d, open files %d -> %d, RSS %,d -> %,d KiB; "
                + "%,d connects (%,d failed), %,d REST reads (%,d failed), %,d error frames",
            o.getLong("soak_seconds"), o.getLong("start_heap_after_gc_kb"), o.getLong("end_heap_after_gc_kb"),
            o.getLong("start_threads"), o.getLong("end_threads"), o.getLong("start_open_files"), o.getLong("end_open_files"),
            o.getLong("start_rss_kb"), o.getLong("end_rss_kb"), o.getLong("connects"), o.getLong("connect_failures"),
            o.getLong("rest_ok"), o.getLong("rest_failed"), o.getLong("error_frames")));
      }
      if (o.containsKey("msg_rate")) {
        notes.append(String.format(Locale.ROOT, "%d msg/s x %d receivers, %d B frames", o.getInteger("msg_rate"),
            o.getInteger("receivers"), o.getLong("avg_frame_bytes", 0L)));
        if (o.getLong("errors", 0L) > 0) {
          notes.append(", errors ").append(o.getLong("errors")).append(" (first: ")
              .append(o.getString("first_error", "").replace('|', '/')).append(')');
        }
        if (o.getLong("not_sent_sender_closed", 0L) > 0) {
          notes.append(", ").append(o.getLong("not_sent_sender_closed")).append(" messages not sent (")
              .append(o.getLong("senders_closed_by_end")).append(" senders disconnected)");
        }
        if (o.getInteger("receivers_closed_by_end", 0) > 0) {
          notes.append(", ").append(o.getInteger("receivers_closed_by_end")).append(" receivers disconnected");
        }
        if (o.getDouble("drain_s", 0.0) > 3.5) {
          notes.append(String.format(Locale.ROOT, ", %.0f s to drain", o.getDouble("drain_s")));
        }
      }
      if (o.containsKey("phase")) {
        notes.append(clusterNotes(o));
      }
      if (o.containsKey("fell_back")) {
        notes.append(stormNotes(o));
      }
      if (o.containsKey("pairs")) {
        notes.append(o.getInteger("pairs")).append(" pairs x ").append(o.getInteger("window")).append(" in flight");
        if (o.getLong("errors", 0L) > 0) {
          notes.append(", errors ").append(o.getLong("errors"));
        }
      }
      if (o.containsKey("mode")) {
        notes.append(o.getString("mode")).append(o.getString("mode").equals("fixed") ? " rate " + o.getInteger("target_rate") + "/s"
            : ", " + o.getInteger("concurrency") + " in flight");
        if (o.getLong("skipped_over_backlog", 0L) > 0) {
          notes.append(", ").append(o.getLong("skipped_over_backlog")).append(" not sent (over ")
              .append("backlog bound)");
        }
        if (o.getLong("failed_total", 0L) > 0) {
          notes.append(", failed ").append(o.getLong("failed_total")).append(" (last HTTP ").append(o.getInteger("last_failed_status"))
              .append(')');
        }
      }
      String loss = o.containsKey("expected")
          ? o.getLong("lost") + " / " + String.format(Locale.ROOT, "%,d", o.getLong("expected")) : "";
      sb.append("| ").append(o.getString("name")).append(" | ").append(o.getString("target"))
          .append(" | ").append(fmt(o, "rate_per_s", " " + unit + "/s"))
          .append(" | ").append(fmt(o, "p50_ms", " ms")).append(" | ").append(fmt(o, "p95_ms", " ms"))
          .append(" | ").append(fmt(o, "p99_ms", " ms")).append(" | ").append(fmt(o, "max_ms", " ms"))
          .append(" | ").append(loss)
          .append(" | ").append(fmt(o, "server_cpu_util", ""))
          .append(" | ").append(fmt(o, "server_cpu_us_per_unit", " µs"))
          .append(" | ").append(fmt(o, "loadgen_cpu_util", ""))
          .append(" | ").append(limitedBy(o))
          .append(" | ").append(notes).append(" |\n");
    }
    sb.append("\n| target | measured | verdict |\n|---|---|---|\n");
    JsonArray t = targets(byName);
    for (int i = 0; i < t.size(); i++) {
      JsonObject o = t.getJsonObject(i);
      sb.append("| ").append(o.getString("target")).append(" | ").append(o.getString("measured")).append(" | ")
          .append(o.getString("verdict")).append(" |\n");
    }
    return sb.toString();
  }

  /** The reconnect storm in one line: who recovered, how long it took, what it cost the server. */
  static String stormNotes(JsonObject o) {
    String s = String.format(Locale.ROOT,
        "%,d sockets dropped, %d messages missed each: %,d recovered, %,d fell back, %,d failed; all caught up %.2f s after the "
            + "first reconnect (CONNECT answers p99 %.0f ms); server CPU %,.0f ms (%,.0f ms from the drop); heap used %,d -> %,d KiB, "
            + "peak RSS %,d KiB; %,d duplicates, %,d out of order",
        o.getLong("connected", 0L), o.getLong("missed_messages", 0L), o.getLong("recovered", 0L), o.getLong("fell_back", 0L),
        o.getLong("reconnect_failed", 0L), num(o, "storm_s"), num(o, "answer_p99_ms"), num(o, "server_cpu_ms"),
        num(o, "server_cpu_ms_drop_to_recovered"), o.getLong("heap_used_before_kb", -1L), o.getLong("heap_used_after_kb", -1L),
        o.getLong("rss_peak_kb", -1L), o.getLong("dupes", 0L), o.getLong("out_of_order", 0L));
    return o.containsKey("error") ? "; " + s : s;
  }

  /** A cluster phase: where the receivers were, and each node's (without JIT compilation) and Redis's CPU per delivery. */
  static String clusterNotes(JsonObject o) {
    return String.format(Locale.ROOT,
        "; receivers %d on node a + %d on node b (deliveries %,d + %,d); per delivery node a %.2f µs + node b %.2f µs "
            + "without JIT compilation (%,.0f + %,.0f ms of it), Redis %.2f µs (%.2f of a core)",
        o.getInteger("receivers_node_a", 0), o.getInteger("receivers_node_b", 0), o.getLong("deliveries_node_a", 0L),
        o.getLong("deliveries_node_b", 0L), noJit(o, "node_a"), noJit(o, "node_b"), num(o, "node_a_jit_cpu_ms"),
        num(o, "node_b_jit_cpu_ms"), num(o, "redis_cpu_us_per_unit"), num(o, "redis_cpu_util"));
  }

  /** CPU per unit of {@code prefix} ("server", "node_a") without its JIT compiler threads where known. */
  static double noJit(JsonObject o, String prefix) {
    return o.containsKey(prefix + "_cpu_us_per_unit_no_jit") ? num(o, prefix + "_cpu_us_per_unit_no_jit")
        : num(o, prefix + "_cpu_us_per_unit");
  }

  /** Server CPU per delivery of a cluster phase, both nodes without JIT compilation, plus Redis's when {@code withRedis}. */
  static double clusterCpu(JsonObject o, boolean withRedis) {
    return noJit(o, "server") + (withRedis ? num(o, "redis_cpu_us_per_unit") : 0);
  }

  /** Which resource ran out during the measured window, from the CPU numbers of the result. */
  /**
   * The write floor (the database path alone, no network) in units of the target: a private round trip is
   * two sends, a POST one.
   */
  static String writeFloor(JsonObject floor, int sendsPerUnit) {
    if (floor == null || floor.containsKey("error")) {
      return "";
    }
    return String.format(Locale.ROOT, " (write floor, no network: %,.0f /s at %.0f µs of CPU per send)",
        num(floor, "rate_per_s") / sendsPerUnit, num(floor, "server_cpu_us_per_unit"));
  }

  static String limitedBy(JsonObject o) {
    if (o.containsKey("error") || !o.containsKey("loadgen_cpu_util")) {
      return "";
    }
    double srv = num(o, "server_cpu_util");
    double lg = num(o, "loadgen_cpu_util");
    double sBusy = num(o, "server_core_busy");
    double lBusy = num(o, "load_core_busy");
    String cores = Double.isNaN(sBusy) ? "" : String.format(Locale.ROOT, " (core busy %.2f: softirq %.2f, other %.2f)", sBusy,
        num(o, "server_core_softirq"), num(o, "server_core_other"));
    double offered = o.containsKey("msg_rate") ? num(o, "msg_rate") * num(o, "receivers")
        : "fixed".equals(o.getString("mode")) ? num(o, "target_rate") : Double.NaN;
    double sOther = num(o, "server_core_other");
    double lOther = num(o, "load_core_other");
    String shared = (sOther >= 0.2 ? String.format(Locale.ROOT, "; other load on server core %.2f", sOther) : "")
        + (lOther >= 0.2 ? String.format(Locale.ROOT, "; other load on load core %.2f", lOther) : "");
    if (!Double.isNaN(offered) && num(o, "rate_per_s") >= 0.97 * offered) {
      return String.format(Locale.ROOT, "offered rate (open loop; server CPU %.2f, load gen %.2f)", srv, lg) + shared;
    }
    if (srv >= 0.85) {
      return String.format(Locale.ROOT, "server CPU (%.2f)", srv) + shared;
    }
    if (lg >= 0.85) {
      return String.format(Locale.ROOT, "load-generator CPU (%.2f)", lg) + shared;
    }
    if (sBusy >= 0.9) {
      return "server core shared" + cores;
    }
    if (lBusy >= 0.9) {
      return String.format(Locale.ROOT, "load core shared (busy %.2f, other %.2f)", lBusy, num(o, "load_core_other"));
    }
    return "neither core saturated: latency-bound" + (o.containsKey("concurrency") ? " at " + o.getInteger("concurrency")
        + " in flight" : "") + cores;
  }

  private static double num(JsonObject o, String k) {
    Number n = o == null ? null : (Number) o.getValue(k);
    return n == null ? Double.NaN : n.doubleValue();
  }

  private static void add(JsonArray out, String target, JsonObject o, boolean ok, String measured) {
    add(out, target, o, ok, measured, true);
  }

  /** {@code fullSize}: the run was as large as the target says (otherwise the verdict is only indicative). */
  private static void add(JsonArray out, String target, JsonObject o, boolean ok, String measured, boolean fullSize) {
    String verdict = o == null || o.containsKey("error") ? "not measured" : ok ? "met" : "NOT met";
    if (!fullSize && o != null && !o.containsKey("error")) {
      verdict = "(" + verdict + " at a smaller size: not the target's run)";
    }
    out.add(new JsonObject().put("target", target).put("measured", o == null || o.containsKey("error") ? "not measured" : measured)
        .put("verdict", verdict));
  }

  /**
   * Issue 16: a delivery to a receiver on the other node (through Redis) costs at most 1.5x one on the sender's
   * node, in server CPU per delivery of both nodes, at the first rate both phases ran; with Redis's CPU alongside.
   */
  private static void clusterTarget(JsonArray out, Map<String, JsonObject> r) {
    String target = "cluster: cross-node delivery <= 1.5x a local one (server CPU per delivery, both nodes, without JIT "
        + "compilation)";
    for (JsonObject local : r.values()) {
      JsonObject cross = "local".equals(local.getString("phase")) ? r.get("cluster_cross_" + local.getInteger("msg_rate")) : null;
      if (cross != null) {
        double l = clusterCpu(local, false);
        double c = clusterCpu(cross, false);
        JsonObject split = r.get("cluster_split_" + local.getInteger("msg_rate"));
        String measured = String.format(Locale.ROOT,
            "%.2f µs vs %.2f µs (%.2fx); with Redis %.2f vs %.2f µs (%.2fx); JIT included %.2f vs %.2f µs (%.2fx); "
                + "%d msg/s x %d receivers, cross p99 %.1f ms, local p99 %.1f ms",
            c, l, c / l, clusterCpu(cross, true), clusterCpu(local, true), clusterCpu(cross, true) / clusterCpu(local, true),
            num(cross, "server_cpu_us_per_unit"), num(local, "server_cpu_us_per_unit"),
            num(cross, "server_cpu_us_per_unit") / num(local, "server_cpu_us_per_unit"),
            local.getInteger("msg_rate"), local.getInteger("receivers"), num(cross, "p99_ms"), num(local, "p99_ms"))
            + (split == null ? "" : String.format(Locale.ROOT, "; split (both nodes) %,.0f deliveries/s, p99 %.1f ms",
                num(split, "rate_per_s"), num(split, "p99_ms")));
        if (keptUp(local) && keptUp(cross)) {
          add(out, target, cross, c <= 1.5 * l, measured);
        } else {
          // Behind the offered rate, a phase's backlog spills work (and CPU) into the windows after it.
          out.add(new JsonObject().put("target", target).put("measured", measured + String.format(Locale.ROOT,
              "; local %,.0f and cross %,.0f deliveries/s of %,.0f offered", num(local, "rate_per_s"), num(cross, "rate_per_s"),
              offered(local))).put("verdict", "not judged: a phase fell behind its offered rate"));
        }
        return;
      }
    }
    if (r.values().stream().anyMatch(o -> "cluster".equals(o.getString("scenario")))) {
      add(out, target, null, false, "");
    }
  }

  private static double offered(JsonObject o) {
    return num(o, "msg_rate") * num(o, "receivers");
  }

  /** An open-loop phase delivered at least 97% of what it offered (the "offered rate" of {@link #limitedBy}). */
  static boolean keptUp(JsonObject o) {
    return num(o, "rate_per_s") >= 0.97 * offered(o);
  }

  public static JsonArray targets(Map<String, JsonObject> r) {
    JsonArray out = new JsonArray();
    JsonObject f100 = r.get("fanout_100");
    // The tighter floor (batched writes) when it was run, else the simple one.
    JsonObject fl100 = r.getOrDefault("floor_batched_fanout_100", r.get("floor_fanout_100"));
    double dps = num(f100, "rate_per_s");
    double p99 = num(f100, "p99_ms");
    double lost = num(f100, "lost");
    add(out, "fanout 100 msg/s to 1,000: >= 100,000 deliveries/s, p99 <= 200 ms, no loss", f100,
        dps >= 100_000 && p99 <= 200 && lost == 0,
        String.format(Locale.ROOT, "%,.0f deliveries/s, p99 %.1f ms, lost %.0f (%,.0f receivers)", dps, p99, lost,
            num(f100, "receivers")), num(f100, "receivers") >= 1000);
    double cpu = num(f100, "server_cpu_us_per_unit");
    double floorCpu = num(fl100, "server_cpu_us_per_unit");
    add(out, "fanout server CPU per delivery <= 1.25 x bare floor", fl100 == null ? null : f100, cpu <= 1.25 * floorCpu,
        String.format(Locale.ROOT, "%.2f µs vs %s %.2f µs (%.2fx); simple floor %.2f µs", cpu, fl100 == null ? "floor"
            : fl100.getString("target"), floorCpu, cpu / floorCpu, num(r.get("floor_fanout_100"), "server_cpu_us_per_unit")),
        num(f100, "receivers") >= 1000);
    JsonObject f200 = r.get("fanout_200");
    add(out, "fanout 200 msg/s to 1,000 (200,000 deliveries/s): p99 <= 250 ms", f200,
        num(f200, "p99_ms") <= 250 && num(f200, "rate_per_s") >= 190_000,
        String.format(Locale.ROOT, "%,.0f deliveries/s, p99 %.1f ms, lost %.0f", num(f200, "rate_per_s"), num(f200, "p99_ms"),
            num(f200, "lost")), num(f200, "receivers") >= 1000);
    JsonObject c = r.get("connections");
    add(out, "18,000 idle sockets: <= 16 KB server memory each (VmRSS)", c,
        num(c, "connected") >= 18_000 && num(c, "bytes_per_conn") <= 16 * 1024,
        String.format(Locale.ROOT, "%,.0f sockets, %,.0f B each (Java heap %,.0f B; bare floor %,.0f B)", num(c, "connected"),
            num(c, "bytes_per_conn"), num(c, "heap_bytes_per_conn"), num(r.get("floor_connections"), "bytes_per_conn")),
        num(c, "requested") >= 18_000);
    boolean stepped = c != null && c.containsKey("heap_slope_bytes_per_conn");
    add(out, "issue 16: <= 10 KB of Java heap per idle socket; 100,000 sockets projected within 2 GB of heap", c,
        num(c, "heap_bytes_per_conn") <= 10 * 1024 && (!stepped || num(c, "heap_projected_100k_mb") <= 2048),
        String.format(Locale.ROOT, "%,.0f B per socket at %,.0f sockets%s", num(c, "heap_bytes_per_conn"), num(c, "connected"),
            stepped ? String.format(Locale.ROOT, "; line %,.0f B/socket + %.1f MB: %,.0f MB at 100,000",
                num(c, "heap_slope_bytes_per_conn"), num(c, "heap_intercept_mb"), num(c, "heap_projected_100k_mb"))
                : " (no steps: BENCH_CONNECTION_STEPS)"),
        stepped);
    add(out, "connect >= 1,000 sockets/s", c, num(c, "rate_per_s") >= 1000,
        String.format(Locale.ROOT, "%,.0f /s (bare floor: %,.0f /s)", num(c, "rate_per_s"), num(r.get("floor_connections"), "rate_per_s")),
        num(c, "requested") >= 18_000);
    JsonObject p = r.get("private");
    add(out, "private >= 15,000 round trips/s", p, num(p, "rate_per_s") >= 15_000,
        String.format(Locale.ROOT, "%,.0f /s, p99 %.1f ms", num(p, "rate_per_s"), num(p, "p99_ms"))
            + writeFloor(r.get("floor_write_private"), 2));
    JsonObject rp = r.get("rest_post");
    add(out, "REST POST /api/messages >= 15,000 req/s", rp, num(rp, "rate_per_s") >= 15_000,
        String.format(Locale.ROOT, "%,.0f req/s", num(rp, "rate_per_s")) + writeFloor(r.get("floor_write_public"), 1));
    JsonObject rg = r.get("rest_get");
    add(out, "REST GET /api/messages?limit=50 >= 20,000 req/s", rg, num(rg, "rate_per_s") >= 20_000,
        String.format(Locale.ROOT, "%,.0f req/s", num(rg, "rate_per_s")));
    JsonObject hf = r.get("floor_http_rest_get");
    double getCpu = num(rg, "server_cpu_us_per_unit");
    double floorGetCpu = num(hf, "server_cpu_us_per_unit");
    add(out, "REST GET within 1.5x of the HTTP floor's CPU per request", hf == null || hf.containsKey("error") ? null : rg,
        getCpu <= 1.5 * floorGetCpu, String.format(Locale.ROOT, "%.1f µs vs HTTP floor %.1f µs (%.2fx; %,.0f vs %,.0f req/s)",
            getCpu, floorGetCpu, getCpu / floorGetCpu, num(rg, "rate_per_s"), num(hf, "rate_per_s")));
    JsonObject ch = r.get("rest_changes");
    add(out, "catch-up of 100 changes (GET /api/messages/changes) < 200 µs of server CPU", ch,
        num(ch, "server_cpu_us_per_unit") < 200, String.format(Locale.ROOT, "%.1f µs (%,.0f req/s)",
            num(ch, "server_cpu_us_per_unit"), num(ch, "rate_per_s")));
    List<JsonObject> fixed = new ArrayList<>();
    for (JsonObject o : r.values()) {
      if ("fixed".equals(o.getString("mode")) && o.getInteger("target_rate", 0) == 1000) {
        fixed.add(o);
      }
    }
    for (JsonObject o : fixed) {
      add(out, "REST p99 <= 20 ms at 1,000 req/s (" + o.getString("op") + ")", o,
          num(o, "p99_ms") <= 20 && num(o, "rate_per_s") >= 950,
          String.format(Locale.ROOT, "%,.0f req/s, p99 %.2f ms", num(o, "rate_per_s"), num(o, "p99_ms")));
    }
    if (fixed.isEmpty()) {
      add(out, "REST p99 <= 20 ms at 1,000 req/s", null, false, "");
    }
    JsonObject st = r.get("storm");
    if (st != null) {
      add(out, "reconnect storm of 10,000 sockets: all recover within 5 s, nothing lost or twice", st,
          num(st, "recovered") == num(st, "connected") && num(st, "connected") > 0 && num(st, "lost") == 0
              && num(st, "dupes") == 0 && num(st, "out_of_order") == 0 && num(st, "storm_s") <= 5,
          String.format(Locale.ROOT, "%,.0f of %,.0f recovered in %.2f s, server CPU %,.0f ms", num(st, "recovered"),
              num(st, "connected"), num(st, "storm_s"), num(st, "server_cpu_ms")),
          num(st, "sockets") >= 10_000);
    }
    clusterTarget(out, r);
    JsonObject l = r.get("login");
    add(out, "login >= 30/s", l, num(l, "rate_per_s") >= 30, String.format(Locale.ROOT, "%.1f /s, p99 %.0f ms",
        num(l, "rate_per_s"), num(l, "p99_ms")));
    return out;
  }
}
