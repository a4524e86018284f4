package io.chatserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.engine.VertxInternals;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * C114: what the guard keeps of a connection that became a WebSocket. The server here is wired as
 * {@code ChatServer} wires it (connection handler, request handler, the upgrade reported), with a real
 * WebSocket client; the garbage collector is the judge.
 */
class ConnectionGuardTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void anUpgradedConnectionIsLetGoWhileItsSocketStaysOpen() {
    ConnectionGuard guard = new ConnectionGuard(vertx, 60_000, 10_000, 30_000, 4, IpRanges.NONE);
    Promise<WeakReference<HttpConnection>> upgraded = Promise.promise();
    HttpServer server = vertx.createHttpServer(guard.tune(new HttpServerOptions()))
        .connectionHandler(guard::onConnection)
        .requestHandler(req -> {
          guard.onRequest(req);
          req.toWebSocket().onSuccess(ws -> {
            VertxInternals.slimDown(ws); // what Vert.x itself keeps (EngineIoServerImpl does the same)
            guard.onUpgraded(req);
            upgraded.complete(new WeakReference<>(req.connection()));
          });
        })
        .listen(0).await();
    // Kept in a variable to the end: Vert.x closes a client that is garbage.
    WebSocketClient clients = vertx.createWebSocketClient();
    WebSocket client = clients.connect(server.actualPort(), "localhost", "/").await();
    WeakReference<HttpConnection> conn = upgraded.future().await();

    await().atMost(Duration.ofSeconds(15)).until(() -> {
      System.gc();
      return conn.get() == null;
    });
    assertThat(client.isClosed()).isFalse();
    clients.close().await();
  }
}
