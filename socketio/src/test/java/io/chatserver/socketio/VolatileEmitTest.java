package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Volatile broadcasts ({@link BroadcastOperator#asVolatile()}) over a real Engine.IO session: a socket
 * that already has frames waiting is skipped, a socket that is keeping up gets the packet as usual.
 * Long-polling makes "behind" observable without timing: between two GETs the frames wait on the server.
 */
class VolatileEmitTest {
  static Vertx vertx;
  static SocketIoServer io;
  static int port;
  static final Map<String, Socket> sockets = new ConcurrentHashMap<>();
  /** Each socket's context: an emit from this test thread reaches the socket as a task queued there. */
  static final Map<String, Context> contexts = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    io = SocketIoServer.create(vertx, new SocketIoOptions());
    io.of("/").onConnection(s -> {
      contexts.put(s.id(), Vertx.currentContext());
      sockets.put(s.id(), s);
    });
    port = vertx.createHttpServer(io.options.tune(new HttpServerOptions())).requestHandler(io::handle)
        .listen(0).await().actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static String poll(String sid) {
    return "http://localhost:" + port + "/socket.io/?EIO=4&transport=polling&sid=" + sid;
  }

  /** Opens a polling session, connects to "/", and returns {engine sid, socket id}. */
  static String[] openAndConnect() {
    String sid = new JsonObject(Http.get("http://localhost:" + port + "/socket.io/?EIO=4&transport=polling")
        .body().substring(1)).getString("sid");
    assertThat(Http.post(poll(sid), "40").statusCode()).isEqualTo(200);
    String connect = Http.get(poll(sid)).body();
    assertThat(connect).startsWith("40");
    String socketId = new JsonObject(connect.substring(2)).getString("sid");
    await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(socketId));
    return new String[] {sid, socketId};
  }

  /**
   * Waits until the tasks queued so far on a socket's context have run: emit() completes once the packet
   * is handed to the socket, and a GET read from the network may otherwise be served before it is queued.
   */
  static void settled(String socketId) {
    Promise<Void> done = Promise.promise();
    contexts.get(socketId).runOnContext(v -> done.complete());
    done.future().await();
  }

  static List<String> events(String pollBody) {
    List<String> out = new ArrayList<>();
    for (String packet : pollBody.split("\u001e")) {
      if (packet.startsWith("42")) out.add(packet);
    }
    return out;
  }

  @Test
  void aVolatilePacketIsDroppedForASocketWithFramesWaitingAndSentToOneKeepingUp() {
    String[] me = openAndConnect();
    String room = me[1];

    // Nothing waits: the volatile packet is queued for the next GET like any other.
    io.of("/").to(room).asVolatile().emit("typing", 1).await();
    settled(room);
    assertThat(events(Http.get(poll(me[0])).body())).containsExactly("42[\"typing\",1]");

    // A plain packet waits for the next GET: the socket is behind, so the volatile one is dropped...
    io.of("/").to(room).emit("message", "a").await();
    io.of("/").to(room).asVolatile().emit("typing", 2).await();
    io.of("/").to(room).emit("message", "b").await();
    settled(room);
    // ...and the plain ones are all there, in order.
    assertThat(events(Http.get(poll(me[0])).body()))
        .containsExactly("42[\"message\",\"a\"]", "42[\"message\",\"b\"]");
  }

  @Test
  void theFlagSurvivesRoomsAndExceptions() {
    String[] a = openAndConnect();
    String[] b = openAndConnect();
    sockets.get(a[1]).join("r");
    sockets.get(b[1]).join("r");
    io.of("/").to("r").except(b[1]).asVolatile().emit("typing", 3).await();
    io.of("/").to("r").emit("message", "after").await(); // a marker both will get
    settled(a[1]);
    settled(b[1]);
    assertThat(events(Http.get(poll(a[0])).body())).containsExactly("42[\"typing\",3]", "42[\"message\",\"after\"]");
    assertThat(events(Http.get(poll(b[0])).body())).containsExactly("42[\"message\",\"after\"]");
  }
}
