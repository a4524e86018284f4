package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Room fan-out across event loops, from an event loop and from a worker thread. */
class BroadcastFanoutTest {

  @Test
  void everyMemberReceivesEachBroadcastOnceExceptExcluded() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions());
      io.of("/").onConnection(s -> {
        s.join("all");
        s.on("shout", (args, ack) -> s.to("all").emit("heard", args.getString(0)));
      });
      int port = vertx.createHttpServer().requestHandler(req -> {
        if (io.handles(req)) io.handle(req);
        else req.response().setStatusCode(404).end();
      }).listen(0).await().actualPort();

      List<RawWs> clients = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        RawWs c = RawWs.connect("ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket");
        c.next();
        c.send("40");
        assertThat((String) c.nextSkippingPings()).startsWith("40");
        clients.add(c);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> io.of("/").localSockets().size() == 12);

      // from a worker thread
      vertx.executeBlocking(() -> io.of("/").to("all").emit("news", 1).await());
      for (RawWs c : clients) assertThat(c.nextSkippingPings()).isEqualTo("42[\"news\",1]");

      // from an event loop, excluding the sender
      clients.get(0).send("42[\"shout\",\"hi\"]");
      for (RawWs c : clients.subList(1, clients.size())) {
        assertThat(c.nextSkippingPings()).isEqualTo("42[\"heard\",\"hi\"]");
      }
      io.of("/").emit("end");
      for (RawWs c : clients) assertThat(c.nextSkippingPings()).isEqualTo("42[\"end\"]");
    } finally {
      vertx.close().await();
    }
  }
}
