package io.chatserver.socketio;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Measures heap retained per idle Socket.IO connection (WebSocket, main namespace joined): heap
 * after full GC with N idle connections minus heap before, divided by N. The clients run in a
 * separate Node process (src/test/js/idle-connections.mjs) so they do not count.
 *
 * <p>Run (after {@code mvn -pl socketio test-compile} and {@code npm ci} in src/test/js):
 * {@code java -cp socketio/target/test-classes:socketio/target/classes:<test classpath>
 * io.chatserver.socketio.MemoryProbe 5000}
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Vertx vertx = Vertx.vertx();
    SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions());
    io.of("/").onConnection(s -> s.on("noop", (a, ack) -> { }));
    boolean compression = Boolean.parseBoolean(System.getProperty("compression", "false"));
    int port = vertx.createHttpServer(new HttpServerOptions()
        .setPerMessageWebSocketCompressionSupported(compression)).requestHandler(req -> {
      if (io.handles(req)) io.handle(req);
      else req.response().setStatusCode(404).end();
    }).listen(0).await().actualPort();

    // warm up the code paths once so class loading / JIT structures are in the baseline
    runClients(port, 50).destroy();
    while (!io.of("/").localSockets().isEmpty()) Thread.sleep(50);
    long before = usedAfterGc();

    Process clients = runClients(port, n);
    long after = usedAfterGc();
    int connected = io.of("/").localSockets().size();
    System.out.printf("compression=%s connections=%d heapBefore=%dKB heapAfter=%dKB retainedPerConnection=%d bytes%n",
        compression, connected, before / 1024, after / 1024, (after - before) / connected);
    if (args.length > 1 && args[1].equals("hold")) Thread.sleep(Long.parseLong(args[2]));
    clients.destroy();
    vertx.close().await();
  }

  private static Process runClients(int port, int n) throws Exception {
    Process p = new ProcessBuilder("node", "idle-connections.mjs",
        "ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket", String.valueOf(n))
        .directory(new File("socketio/src/test/js").exists() ? new File("socketio/src/test/js") : new File("src/test/js"))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.startsWith("READY")) throw new IllegalStateException("clients failed: " + line);
    return p;
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
