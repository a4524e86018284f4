package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ServerCloseTest {

  @Test
  void closeDisconnectsEverySocketGracefully() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions());
      CopyOnWriteArrayList<String> reasons = new CopyOnWriteArrayList<>();
      io.of("/").onConnection(s -> s.onDisconnect(reasons::add));
      int port = vertx.createHttpServer().requestHandler(req -> {
        if (io.handles(req)) io.handle(req);
        else req.response().setStatusCode(404).end();
      }).listen(0).await().actualPort();
      RawWs a = RawWs.connect("ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket");
      a.next();
      a.send("40");
      assertThat((String) a.nextSkippingPings()).startsWith("40");
      await().atMost(Duration.ofSeconds(5)).until(() -> io.of("/").localSockets().size() == 1);

      io.close().await();
      assertThat(a.awaitClosed()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("server shutting down"));
      assertThat(io.engine().sessionCount()).isZero();
    } finally {
      vertx.close().await();
    }
  }
}
