package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A long-polling client that is between two GETs when the server closes its session (a node draining
 * for shutdown, a forced disconnect) still gets what was sent to it before the close: its next GET
 * takes the waiting frames and the close packet, instead of an error that loses them.
 */
class PollingCloseTest {
  Vertx vertx;
  SocketIoServer io;
  int port;
  final Map<String, Socket> sockets = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    io = SocketIoServer.create(vertx, new SocketIoOptions());
    io.of("/").onConnection(s -> sockets.put(s.id(), s));
    port = vertx.createHttpServer(io.options.tune(new HttpServerOptions())).requestHandler(io::handle)
        .listen(0).await().actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  String poll(String sid) {
    return "http://localhost:" + port + "/socket.io/?EIO=4&transport=polling&sid=" + sid;
  }

  @Test
  void framesWaitingWhenTheServerClosesReachTheNextPollWithTheClosePacket() {
    String sid = new JsonObject(Http.get("http://localhost:" + port + "/socket.io/?EIO=4&transport=polling")
        .body().substring(1)).getString("sid");
    assertThat(Http.post(poll(sid), "40").statusCode()).isEqualTo(200);
    String socketId = new JsonObject(Http.get(poll(sid)).body().substring(2)).getString("sid");
    await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(socketId));

    sockets.get(socketId).emit("answer", "committed");
    await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().sessionCount() == 1);
    Future<Void> closed = io.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().sessionCount() == 1 && !sockets.get(socketId).connected());
    assertThat(closed.isComplete()).as("the close waits for the client's last GET").isFalse();

    String last = Http.get(poll(sid)).body();
    assertThat(last.split("\u001e")).contains("42[\"answer\",\"committed\"]").endsWith("1");
    closed.await(); // and ends once that GET took the frames
  }
}
