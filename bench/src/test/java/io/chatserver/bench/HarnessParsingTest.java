package io.chatserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The harness's own parsing (no timing, no network). */
class HarnessParsingTest {
  @Test
  void findsMarkerInsideSocketIoFrame() {
    byte[] f = ("xx42[\"new_public_message\",{\"id\":7,\"content\":\"~b~123~456789~\",\"user\":{\"id\":1}}]")
        .getBytes(StandardCharsets.UTF_8);
    Marker m = new Marker();
    assertEquals('b', m.find(f, 2, f.length - 2, (byte) 'b', false));
    assertEquals(123, m.a);
    assertEquals(456789, m.b);
    assertEquals(0, m.find(f, 2, f.length - 2, (byte) 'q', false));
  }

  @Test
  void anyKindAndTruncatedMarkers() {
    Marker m = new Marker();
    byte[] f = "42[\"x\",{\"content\":\"~~ ~r~5~ ~q~9~10~\"}]".getBytes(StandardCharsets.UTF_8);
    assertEquals('q', m.find(f, 0, f.length, (byte) 0, false));
    assertEquals(9, m.a);
    assertEquals(10, m.b);
    byte[] cut = "~b~12~34".getBytes(StandardCharsets.UTF_8);
    assertEquals(0, m.find(cut, 0, cut.length, (byte) 'b', false));
  }

  @Test
  void ackIdAndPrefix() {
    byte[] f = "4317[{\"ok\":true}]".getBytes(StandardCharsets.UTF_8);
    assertEquals(17, SioConn.ackId(f, 0, f.length));
    assertTrue(Marker.startsWith(f, 0, f.length, "4317["));
  }

  @Test
  void procStatParsingHandlesSpacesInCommandName() {
    String stat = "1234 (java weird) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 100 1000 200";
    assertEquals(325, ProcStats.parseCpuTicks(stat));
    assertEquals(123456, ProcStats.parseStatusKb("Name:\tjava\nVmHWM:\t 999 kB\nVmRSS:\t  123456 kB\n", "VmRSS:"));
  }

  @Test
  void compilerThreadsAreToldApartByName() {
    assertTrue(ProcStats.isCompilerThread("77 (C2 CompilerThre) S 1 1 1 0 -1 0 0 0 0 0 500 20 0 0 20 0 1 0 1 1 1"));
    assertTrue(ProcStats.isCompilerThread("78 (C1 CompilerThre) S 1 1 1 0 -1 0 0 0 0 0 5 2 0 0 20 0 1 0 1 1 1"));
    assertEquals(false, ProcStats.isCompilerThread("79 (vert.x-eventloo) S 1 1 1 0 -1 0 0 0 0 0 5 2 0 0 20 0 1 0 1 1 1"));
    assertTrue(ProcStats.compilerCpuNanos(ProcStats.selfPid()) >= 0, "this JVM has compiler threads");
  }

  @Test
  void floorFrameIsValidJsonOfRequestedSize() {
    String f = Fanout.plainFrame("~b~1~2~", 1, 260);
    assertTrue(f.length() >= 257 && f.length() <= 262, "length " + f.length());
    JsonArray arr = new JsonArray(f.substring(2));
    assertEquals("~b~1~2~", arr.getJsonObject(1).getString("content"));
  }

  @Test
  void histogramRecordsMicroseconds() {
    Histogram h = Result.histogram();
    Result.record(h, 1_500_000); // 1.5 ms
    Result r = new Result("x", "x", "server").latency(h);
    assertEquals(1.5, r.json.getDouble("p50_ms"), 0.01);
  }

  @Test
  void heapInfoParsing() {
    String serial = " def new generation   total 78656K, used 8456K [0x1, 0x2, 0x3)\n  eden space 69952K,  12% used\n"
        + " tenured generation   total 174784K, used 1000K [0x4, 0x5, 0x6)\n"
        + " Metaspace       used 12345K, committed 12800K, reserved 1114112K\n  class space    used 1234K, committed 1408K\n";
    assertEquals(9456, ProcStats.parseHeapUsedKb(serial));
    assertEquals(21023, ProcStats.parseHeapUsedKb(" garbage-first heap   total 262144K, used 21023K [0x1, 0x2)\n"));
  }

  @Test
  void reportNamesTheSaturatedSide() {
    io.vertx.core.json.JsonObject srv = new io.vertx.core.json.JsonObject().put("name", "rest_get").put("mode", "closed")
        .put("concurrency", 64).put("rate_per_s", 5000.0).put("server_cpu_util", 0.99).put("loadgen_cpu_util", 0.3);
    assertTrue(Report.limitedBy(srv).startsWith("server CPU"), Report.limitedBy(srv));
    io.vertx.core.json.JsonObject open = new io.vertx.core.json.JsonObject().put("name", "fanout_100").put("msg_rate", 100)
        .put("receivers", 1000).put("rate_per_s", 100_000.0).put("server_cpu_util", 0.5).put("loadgen_cpu_util", 0.5);
    assertTrue(Report.limitedBy(open).startsWith("offered rate"), Report.limitedBy(open));
  }

  @Test
  void restGetIsComparedWithTheHttpFloor() {
    java.util.Map<String, io.vertx.core.json.JsonObject> r = new java.util.LinkedHashMap<>();
    r.put("rest_get", new io.vertx.core.json.JsonObject().put("name", "rest_get").put("rate_per_s", 9000.0)
        .put("server_cpu_us_per_unit", 120.0));
    String target = "REST GET within 1.5x of the HTTP floor's CPU per request";
    assertEquals("not measured", row(Report.targets(r), target).getString("verdict"));
    r.put("floor_http_rest_get", new io.vertx.core.json.JsonObject().put("name", "floor_http_rest_get").put("rate_per_s", 20000.0)
        .put("server_cpu_us_per_unit", 50.0));
    io.vertx.core.json.JsonObject row = row(Report.targets(r), target);
    assertEquals("NOT met", row.getString("verdict"));
    assertTrue(row.getString("measured").contains("(2.40x"), row.getString("measured"));
    r.get("floor_http_rest_get").put("server_cpu_us_per_unit", 80.0);
    assertEquals("met", row(Report.targets(r), target).getString("verdict"));
  }

  @Test
  void crossNodeDeliveryIsComparedWithALocalOneAtTheSameRate() {
    java.util.Map<String, io.vertx.core.json.JsonObject> r = new java.util.LinkedHashMap<>();
    String target = "cluster: cross-node delivery <= 1.5x a local one (server CPU per delivery, both nodes, without JIT compilation)";
    r.put("cluster", new io.vertx.core.json.JsonObject().put("name", "cluster").put("scenario", "cluster").put("error", "x"));
    assertEquals("not measured", row(Report.targets(r), target).getString("verdict"));
    r.clear();
    r.put("cluster_local_100", cluster("local", 4.0, 0.2));
    r.put("cluster_cross_100", cluster("cross", 7.0, 0.3));
    io.vertx.core.json.JsonObject row = row(Report.targets(r), target);
    assertEquals("NOT met", row.getString("verdict"));
    assertTrue(row.getString("measured").startsWith("7.00 µs vs 4.00 µs (1.75x); with Redis 7.30 vs 4.20 µs (1.74x); "
        + "JIT included 8.00 vs 5.00 µs (1.60x)"), row.getString("measured"));
    r.put("cluster_cross_100", cluster("cross", 5.0, 0.3));
    assertEquals("met", row(Report.targets(r), target).getString("verdict"));
    assertTrue(Report.markdown(r).contains("per delivery node a 1.00 µs + node b 3.00 µs without JIT compilation (100 + 0 ms of it), "
        + "Redis 0.20 µs"), Report.markdown(r));
    r.get("cluster_cross_100").put("rate_per_s", 15_000.0); // behind the 20,000 offered: its backlog spills over
    row = row(Report.targets(r), target);
    assertEquals("not judged: a phase fell behind its offered rate", row.getString("verdict"));
    assertTrue(row.getString("measured").endsWith("local 20,000 and cross 15,000 deliveries/s of 20,000 offered"),
        row.getString("measured"));
  }

  private static io.vertx.core.json.JsonObject cluster(String phase, double cpu, double redis) {
    return new io.vertx.core.json.JsonObject().put("name", "cluster_" + phase + "_100").put("scenario", "cluster")
        .put("phase", phase).put("msg_rate", 100).put("receivers", 200).put("rate_per_s", 20_000.0).put("p99_ms", 5.0)
        .put("server_cpu_us_per_unit", cpu + 1.0).put("server_cpu_us_per_unit_no_jit", cpu).put("node_a_cpu_us_per_unit", 2.0)
        .put("node_a_cpu_us_per_unit_no_jit", 1.0).put("node_a_jit_cpu_ms", 100.0).put("node_b_jit_cpu_ms", 0.0)
        .put("node_b_cpu_us_per_unit", cpu - 1.0)
        .put("redis_cpu_us_per_unit", redis).put("redis_cpu_util", 0.01);
  }

  private static io.vertx.core.json.JsonObject row(JsonArray targets, String target) {
    for (int i = 0; i < targets.size(); i++) {
      if (targets.getJsonObject(i).getString("target").equals(target)) {
        return targets.getJsonObject(i);
      }
    }
    throw new AssertionError("no target row " + target);
  }
}
