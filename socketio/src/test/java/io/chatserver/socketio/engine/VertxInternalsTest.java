package io.chatserver.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.SocketIoOptions;
import io.chatserver.socketio.EventLoopServers;
import io.chatserver.socketio.SocketIoServer;
import io.netty.channel.ChannelHandlerContext;
import io.socket.client.IO;
import io.socket.engineio.client.transports.WebSocket;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both paths of {@link VertxInternals}: the internal API of the Vert.x we build with (the default path,
 * which the benchmarks measure), and the public API it falls back to should an upgrade take the internal
 * types away. Either way a broadcast reaches sockets on several event loops, and a WebSocket gets its
 * frames, all of them, in order.
 */
class VertxInternalsTest {

  @AfterEach
  void internalsBack() {
    VertxInternals.publicApiOnly = false;
  }

  /** Fails after a Vert.x upgrade that moved the internal types: the server then runs on the slow path. */
  @Test
  void theInternalApiIsThereOnThisVertx() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(VertxInternals.eventLoop(vertx.getOrCreateContext())).isNotNull();
      Promise<ChannelHandlerContext> ws = Promise.promise();
      Promise<ChannelHandlerContext> conn = Promise.promise();
      HttpServer server = vertx.createHttpServer()
          .connectionHandler(c -> conn.tryComplete(VertxInternals.channelContext(c)))
          .webSocketHandler(s -> ws.tryComplete(VertxInternals.channelContext(s)))
          .listen(0).await();
      WebSocketClient client = vertx.createWebSocketClient();
      client.connect(server.actualPort(), "localhost", "/").await();
      assertThat(ws.future().await()).isNotNull();
      assertThat(conn.future().await()).isNotNull();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void withThePublicApiOnlyTheLookUpsAnswerNull() {
    VertxInternals.publicApiOnly = true;
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(VertxInternals.eventLoop(vertx.getOrCreateContext())).isNull();
    } finally {
      vertx.close().await();
    }
  }

  @ParameterizedTest(name = "publicApiOnly={0}")
  @ValueSource(booleans = {false, true})
  void broadcastsReachSocketsOnEveryEventLoopAndFramesKeepTheirOrder(boolean publicApiOnly) throws Exception {
    VertxInternals.publicApiOnly = publicApiOnly;
    Vertx vertx = Vertx.vertx();
    List<io.socket.client.Socket> clients = new ArrayList<>();
    try {
      SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions());
      Set<String> loops = ConcurrentHashMap.newKeySet();
      io.of("/").onConnection(s -> {
        loops.add(Thread.currentThread().getName());
        s.join("all");
        s.on("shout", (args, ack) -> io.of("/").to("all").emit("heard", args.getString(0)));
        s.on("count", (args, ack) -> {
          for (int i = 0; i < 500; i++) {
            s.emit("n", i);
          }
        });
      });
      int port = EventLoopServers.listen(vertx, io, 3);

      List<BlockingQueue<Object[]>> heard = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        IO.Options opts = IO.Options.builder().setTransports(new String[] {WebSocket.NAME})
            .setReconnection(false).setForceNew(true).build();
        io.socket.client.Socket c = IO.socket(URI.create("http://localhost:" + port), opts);
        BlockingQueue<Object[]> q = new LinkedBlockingQueue<>();
        c.on("heard", q::add);
        heard.add(q);
        clients.add(c);
        c.connect();
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> io.of("/").localSockets().size() == 6);
      assertThat(loops.size()).as("sockets spread over event loops").isGreaterThan(1);

      clients.get(0).emit("shout", "everyone");
      for (BlockingQueue<Object[]> q : heard) {
        Object[] got = q.poll(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got[0]).isEqualTo("everyone");
      }

      BlockingQueue<Integer> numbers = new LinkedBlockingQueue<>();
      clients.get(1).on("n", args -> numbers.add((Integer) args[0]));
      clients.get(1).emit("count");
      for (int i = 0; i < 500; i++) {
        assertThat(numbers.poll(10, TimeUnit.SECONDS)).isEqualTo(i);
      }
    } finally {
      clients.forEach(io.socket.client.Socket::close);
      vertx.close().await();
    }
  }

  /**
   * C114: after {@link VertxInternals#slimDown} the HTTP/1 connection the socket came from can be
   * collected, and the socket still takes writes from several threads at once (through the queue that
   * replaced Vert.x's), every frame arriving, each thread's in order. With the public API only, nothing
   * is changed and the same writes arrive too.
   */
  @ParameterizedTest(name = "publicApiOnly={0}")
  @ValueSource(booleans = {false, true})
  void slimDownLetsTheUpgradedConnectionGoAndTheSocketStillTakesWritesFromAnyThread(boolean publicApiOnly)
      throws Exception {
    VertxInternals.publicApiOnly = publicApiOnly;
    Vertx vertx = Vertx.vertx();
    try {
      Promise<Boolean> slimmed = Promise.promise();
      Promise<ServerWebSocket> accepted = Promise.promise();
      List<WeakReference<HttpConnection>> upgradedFrom = new CopyOnWriteArrayList<>();
      HttpServer server = vertx.createHttpServer()
          .requestHandler(req -> req.toWebSocket().onSuccess(ws -> {
            upgradedFrom.add(new WeakReference<>(req.connection()));
            slimmed.complete(VertxInternals.slimDown(ws));
            accepted.complete(ws);
          }))
          .listen(0).await();
      List<String> received = new CopyOnWriteArrayList<>();
      WebSocketClient clients = vertx.createWebSocketClient(); // referenced to the end: Vert.x closes garbage clients
      io.vertx.core.http.WebSocket client = clients.connect(server.actualPort(), "localhost", "/").await();
      client.textMessageHandler(received::add);
      assertThat(slimmed.future().await()).isEqualTo(!publicApiOnly);
      ServerWebSocket ws = accepted.future().await();

      int threads = 4;
      int each = 500;
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String name = "w" + t;
        Thread w = new Thread(() -> {
          for (int i = 0; i < each; i++) {
            ws.writeFinalTextFrame(name + ":" + i);
          }
        });
        w.start();
        writers.add(w);
      }
      for (Thread w : writers) {
        w.join();
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == threads * each);
      Map<String, Integer> next = new ConcurrentHashMap<>();
      for (String m : received) {
        String[] parts = m.split(":");
        int expected = next.getOrDefault(parts[0], 0);
        assertThat(Integer.parseInt(parts[1])).as(m).isEqualTo(expected);
        next.put(parts[0], expected + 1);
      }

      if (!publicApiOnly) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
          System.gc();
          return upgradedFrom.get(0).get() == null;
        });
      }
      assertThat(ws.isClosed()).isFalse();
      clients.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
