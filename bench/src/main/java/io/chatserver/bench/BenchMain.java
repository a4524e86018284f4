package io.chatserver.bench;

import io.chatserver.bench.floor.BareBroadcastServer;
import io.chatserver.bench.floor.BareHttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Load generator entry point.
 *
 * <pre>
 * java -jar chat-bench.jar --scenarios fanout,connections,private,rest,storm,login[,soak] --port 5000 --server-pid PID --out r.json
 * java -jar chat-bench.jar --scenarios cluster --port A --server-pid PID_A --node-b-port B --node-b-pid PID_B --redis-pid PID
 * java -jar chat-bench.jar floor --port 5100            (the bare WebSocket broadcast server)
 * java -jar chat-bench.jar floor-http PORT PAGE.json [PAGE.json.headers]   (the bare HTTP server, see --save-page)
 * java -jar chat-bench.jar report OUT.md FILE.json...   (markdown table and targets from result files)
 * </pre>
 *
 * Everything runs on one Vert.x event loop (the generator is meant to be pinned to one core).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length > 0 && argv[0].equals("floor")) {
      BareBroadcastServer.main(java.util.Arrays.copyOfRange(argv, 1, argv.length));
      return;
    }
    if (argv.length > 0 && argv[0].equals("floor-http")) {
      BareHttpServer.main(java.util.Arrays.copyOfRange(argv, 1, argv.length));
      return;
    }
    if (argv.length > 0 && argv[0].equals("report")) {
      Report.main(java.util.Arrays.copyOfRange(argv, 1, argv.length));
      return;
    }
    Args args = new Args(argv, System.getenv());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setPreferNativeTransport(args.bool("native", false))
        .setBlockedThreadCheckInterval(10_000));
    ProcStats.serverCore = args.integer("server-core", -1);
    ProcStats.loadCore = args.integer("load-core", -1);
    Ctx ctx = new Ctx(args, vertx);
    List<Result> results = new ArrayList<>();
    String out = args.str("out", null);
    int rc = 0;
    for (String s : args.list("scenarios", "fanout")) {
      try {
        switch (s) {
          case "fanout" -> results.addAll(Fanout.run(ctx));
          case "cluster" -> results.addAll(Cluster.run(ctx));
          case "connections" -> results.add(Connections.run(ctx));
          case "private" -> results.add(PrivateRt.run(ctx));
          case "rest" -> results.addAll(Rest.runRest(ctx));
          case "login" -> results.add(Rest.runLogin(ctx));
          case "soak" -> results.add(Soak.run(ctx));
          case "storm" -> {
            Result r = Storm.run(ctx);
            results.add(r);
            if (r.json.containsKey("error")) {
              rc = 1; // lost, duplicated or late messages: the numbers stay, the run fails
            }
          }
          default -> throw new IllegalArgumentException("unknown scenario " + s);
        }
      } catch (RuntimeException e) {
        Ctx.log("scenario %s failed: %s", s, e);
        results.add(new Result(s + (ctx.plain ? "_floor" : ""), s, ctx.plain ? "floor" : "server").put("error", String.valueOf(e)));
        rc = 1;
      }
      if (out != null) {
        write(out, results);
      }
    }
    for (Result r : results) {
      System.out.println(r);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get();
    System.exit(rc);
  }

  private static void write(String out, List<Result> results) throws java.io.IOException {
    JsonArray arr = new JsonArray();
    for (Result r : results) {
      arr.add(r.json);
    }
    Files.writeString(Path.of(out), arr.encodePrettily());
  }
}
