package io.chatserver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatserver.bench.fake.FakeChatServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster scenario over real sockets against a fake two-node cluster (one {@link FakeChatServer} on two
 * ports, sharing its room): each phase puts its receivers on the right node, counts every delivery once and
 * per node, and measures both nodes and the Redis process (here all three pids are this JVM's).
 */
class ClusterScenarioTest {
  private final Vertx servers = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));

  @AfterEach
  void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get();
    servers.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void localCrossAndSplitPhasesDeliverToTheirNodesAndMeasureBoth() throws Exception {
    FakeChatServer fake = new FakeChatServer();
    int a = Ctx.await(fake.listen(servers, 0), 10);
    int b = Ctx.await(fake.listen(servers, 0), 10);
    String self = Long.toString(ProcStats.selfPid());
    Args args = new Args(new String[] {"--port", Integer.toString(a), "--server-pid", self, "--node-b-port", Integer.toString(b),
        "--node-b-pid", self, "--redis-pid", self, "--receivers", "6", "--senders", "2", "--rates", "50,100", "--warmup", "0.3",
        "--duration", "0.7", "--settle", "0.2", "--users", "4"}, Map.of());
    List<Result> results = Cluster.run(new Ctx(args, client));

    assertEquals(List.of("cluster_local_50", "cluster_cross_50", "cluster_split_50"),
        results.stream().map(r -> r.json.getString("name")).toList());
    for (Result r : results) {
      JsonObject o = r.json;
      assertEquals(0L, o.getLong("lost"), o.encode());
      assertEquals(0L, o.getLong("dupes"), o.encode());
      assertEquals(6 * o.getLong("sent"), o.getLong("expected"), o.encode());
      assertEquals(2, o.getInteger("senders"));
      assertEquals(0L, o.getLong("not_sent_sender_closed"), o.encode());
      assertEquals(0L, o.getLong("errors"), o.encode());
      assertEquals(o.getLong("units"), o.getLong("deliveries_node_a") + o.getLong("deliveries_node_b"), o.encode());
      assertTrue(o.getLong("units") > 0, o.encode());
      for (String p : new String[] {"server", "node_a", "node_b", "redis"}) {
        assertTrue(o.containsKey(p + "_cpu_util"), p + " in " + o.encode());
      }
      assertTrue(o.containsKey("server_cpu_us_per_unit_no_jit") && o.containsKey("node_b_jit_cpu_ms"), o.encode());
    }
    JsonObject local = results.get(0).json;
    JsonObject cross = results.get(1).json;
    JsonObject split = results.get(2).json;
    assertEquals(6, local.getInteger("receivers_node_a"));
    assertEquals(0L, local.getLong("deliveries_node_b"));
    assertEquals(6, cross.getInteger("receivers_node_b"));
    assertEquals(0L, cross.getLong("deliveries_node_a"));
    assertEquals(3, split.getInteger("receivers_node_a"));
    assertEquals(3, split.getInteger("receivers_node_b"));
    assertTrue(split.getLong("deliveries_node_a") > 0 && split.getLong("deliveries_node_b") > 0, split.encode());
  }
}
