package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.socketio.recovery.InMemorySessionStore;
import io.chatserver.socketio.recovery.RecoveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connection state recovery with the official socket.io-client (recovery-scenario.mjs): same id,
 * rooms back, missed broadcasts once and in order, a middleware that refuses a session presented by
 * another user, and an expired window. The store's clock is the test's, so the window passes at once.
 */
class RecoveryJsTest {
  static final long WINDOW_MS = 60_000;
  static final Vertx vertx = Vertx.vertx();
  static final AtomicLong clock = new AtomicLong(1_000_000);
  static final Set<String> gone = ConcurrentHashMap.newKeySet();
  static SocketIoServer io;
  static HttpServer http;

  @BeforeAll
  static void start() {
    InMemorySessionStore store = new InMemorySessionStore(WINDOW_MS, 1000, clock::get);
    io = SocketIoServer.create(vertx, new SocketIoOptions()
        .setConnectionStateRecovery(RecoveryOptions.of(Duration.ofMillis(WINDOW_MS)).withStore(store)));
    Namespace main = io.of("/");
    main.use((socket, next) -> {
      String token = socket.handshake().auth().getString("token");
      if (socket.recovered() && !token.equals(socket.data().getString("user"))) {
        next.refuse("not your session"); // the restored data is visible before anything is replayed
      } else {
        next.accept();
      }
    });
    main.onConnection(socket -> {
      if (!socket.recovered()) socket.data().put("user", socket.handshake().auth().getString("token"));
      gone.remove(socket.id());
      socket.onDisconnect(reason -> gone.add(socket.id()));
      socket.on("join", (args, ack) -> {
        socket.join(args.getString(0));
        ack.send();
      });
      socket.on("say", (args, ack) -> {
        socket.to(args.getString(0)).emit("said", args.getString(1));
        ack.send();
      });
      socket.on("gone", (args, ack) -> ack.send(gone.contains(args.getString(0))));
      socket.on("advance-clock", (args, ack) -> {
        clock.addAndGet(WINDOW_MS + 1);
        ack.send();
      });
    });
    http = vertx.createHttpServer().requestHandler(io::handle);
    http.listen(0).await();
  }

  @AfterAll
  static void stop() {
    io.close().await();
    vertx.close().await();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void recovers(String transport) throws Exception {
    File dir = new File("src/test/js");
    Process p = new ProcessBuilder("node", "recovery-scenario.mjs", "http://localhost:" + http.actualPort(), transport)
        .directory(dir).redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("node finished: " + out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("OK " + transport);
  }
}
