package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CONNECT auth payload is what an anonymous client controls: it is size-capped, readable by the
 * middlewares and connection handlers, and not kept for the socket's life afterwards.
 */
class ConnectAuthTest {
  static Vertx vertx;
  static String ws;
  static final Map<String, String> tokenSeenByMiddleware = new ConcurrentHashMap<>();
  static final Map<String, String> tokenSeenOnConnection = new ConcurrentHashMap<>();
  static final Map<String, Socket> sockets = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions().setMaxConnectPacket(2000));
    io.of("/").use((socket, next) -> {
      tokenSeenByMiddleware.put(socket.id(), String.valueOf(socket.handshake().auth().getString("token")));
      next.accept();
    });
    io.of("/").onConnection(socket -> {
      tokenSeenOnConnection.put(socket.id(), String.valueOf(socket.handshake().auth().getString("token")));
      sockets.put(socket.id(), socket);
    });
    int port = vertx.createHttpServer().requestHandler(io::handle).listen(0).await().actualPort();
    ws = "ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket";
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void authIsReadableWhileConnectingThenReleased() throws Exception {
    RawWs c = RawWs.connect(ws);
    assertThat((String) c.next()).startsWith("0");
    c.send("40{\"token\":\"secret-token\"}");
    String connect = (String) c.nextSkippingPings();
    assertThat(connect).startsWith("40{\"sid\":");
    String sid = new JsonObject(connect.substring(2)).getString("sid");
    await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(sid));
    assertThat(tokenSeenByMiddleware.get(sid)).isEqualTo("secret-token");
    assertThat(tokenSeenOnConnection.get(sid)).isEqualTo("secret-token");
    assertThat(sockets.get(sid).handshake().auth()).isEmpty();
    assertThat(sockets.get(sid).connected()).isTrue();
  }

  @Test
  void anOversizedAuthIsRefusedWithAConnectErrorAndTheConnectionCloses() throws Exception {
    RawWs c = RawWs.connect(ws);
    assertThat((String) c.next()).startsWith("0");
    int before = sockets.size();
    c.send("40{\"token\":\"t\",\"padding\":\"" + "x".repeat(5000) + "\"}");
    assertThat(c.nextSkippingPings()).isEqualTo("44{\"message\":\"Auth payload too large\"}");
    assertThat(c.awaitClosed()).isTrue();
    assertThat(sockets).hasSize(before);
  }
}
