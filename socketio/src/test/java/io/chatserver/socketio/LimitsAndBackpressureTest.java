package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Payload limits, bounded send queues, CORS, acks with timeouts, calls from worker threads. */
class LimitsAndBackpressureTest {
  static Vertx vertx;
  static SocketIoServer io;
  static int port;
  static final Map<String, String> disconnects = new ConcurrentHashMap<>();
  static final Map<String, Socket> sockets = new ConcurrentHashMap<>();
  static final Map<String, JsonObject> authOnConnection = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    io = SocketIoServer.create(vertx, new SocketIoOptions().setMaxPayload(1000).setMaxSendQueue(16)
        .setCorsOrigins(List.of("http://allowed.example")));
    io.of("/").onConnection(s -> {
      sockets.put(s.id(), s);
      authOnConnection.put(s.id(), s.handshake().auth());
      s.onAny((event, args, ack) -> s.data().put("last", event));
      s.onDisconnect(reason -> disconnects.put(s.id(), reason));
      s.on("flood", (args, ack) -> {
        String big = "x".repeat(args.getInteger(0));
        for (int i = 0; i < args.getInteger(1); i++) s.emit("big", big);
      });
    });
    port = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(1_000_000))
        .requestHandler(req -> {
          if (io.handles(req)) io.handle(req);
          else req.response().setStatusCode(404).end();
        }).listen(0).await().actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  String base() {
    return "http://localhost:" + port + "/socket.io/?EIO=4&transport=polling";
  }

  String openPolling() {
    return new JsonObject(Http.get(base()).body().substring(1)).getString("sid");
  }

  @Test
  void overLimitPostIsRefusedAndClosesSession() {
    String sid = openPolling();
    HttpResponse<String> r = Http.post(base() + "&sid=" + sid, "4" + "x".repeat(2000));
    assertThat(r.statusCode()).isEqualTo(413);
    await().atMost(Duration.ofSeconds(5)).until(() -> Http.get(base() + "&sid=" + sid).statusCode() == 400);
  }

  @Test
  void overLimitWebSocketMessageCloses() throws Exception {
    RawWs s = RawWs.connect("ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket");
    s.next();
    s.send("4" + "x".repeat(5000));
    assertThat(s.awaitClosed()).isTrue();
  }

  @Test
  void pollingClientThatNeverPollsIsDroppedWhenQueueOverflows() {
    String sid = openPolling();
    assertThat(Http.post(base() + "&sid=" + sid, "40").statusCode()).isEqualTo(200);
    assertThat(Http.get(base() + "&sid=" + sid).body()).startsWith("40");
    Http.post(base() + "&sid=" + sid, "42[\"flood\",10,100]");
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(base() + "&sid=" + sid).statusCode() == 400);
    await().atMost(Duration.ofSeconds(10)).until(() -> disconnects.containsValue("send queue overflow"));
  }

  @Test
  void slowWebSocketReaderIsDropped() throws Exception {
    // A client that reads one frame and then stops: TCP fills up, Vert.x's write queue fills up,
    // then our bounded backlog overflows and the server closes the connection.
    CompletableFuture<Void> closed = new CompletableFuture<>();
    WebSocket ws = RawWs.CLIENT.newWebSocketBuilder().buildAsync(
        URI.create("ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            return null; // never request more
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    int before = sockets.size();
    ws.sendText("40", true).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> sockets.size() > before);
    Socket s = sockets.values().stream().filter(x -> !disconnects.containsKey(x.id()) && x.transport().equals("websocket"))
        .reduce((a, b) -> b).orElseThrow();
    String payload = "y".repeat(64 * 1024);
    for (int i = 0; i < 2000 && s.connected(); i++) {
      s.emit("big", payload);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> "send queue overflow".equals(disconnects.get(s.id())));
    ws.abort();
  }

  @Test
  void corsPreflightAndOrigins() {
    HttpResponse<String> pre = RawWs.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base()))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://allowed.example").header("Access-Control-Request-Headers", "content-type").build(),
        HttpResponse.BodyHandlers.ofString()).join();
    assertThat(pre.statusCode()).isEqualTo(204);
    assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains("http://allowed.example");
    assertThat(pre.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");
    HttpResponse<String> other = RawWs.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base()))
        .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString()).join();
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void emitWithAckTimesOutAndEmitWorksFromWorkerThread() throws Exception {
    RawWs c = RawWs.connect("ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket&room=a%20b");
    c.next();
    c.send("40{\"token\":\"t\"}");
    String sid = new JsonObject(((String) c.nextSkippingPings()).substring(2)).getString("sid");
    await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(sid));
    Socket s = sockets.get(sid);
    Handshake hs = s.handshake();
    assertThat(hs.query().get("room")).isEqualTo("a b");
    assertThat(authOnConnection.get(sid).getString("token")).isEqualTo("t");
    assertThat(hs.auth()).isEmpty(); // released once the connection handlers ran
    assertThat(hs.headers().get("Host")).isEqualTo("localhost:" + port);
    assertThat(hs.address()).isNotBlank();
    assertThat(hs.url()).startsWith("/socket.io/?EIO=4");

    c.send("42[\"ping-any\"]");
    await().atMost(Duration.ofSeconds(5)).until(() -> "ping-any".equals(s.data().getString("last")));

    var timedOut = s.emitWithAck("question", Duration.ofMillis(200), 1);
    assertThat(c.nextSkippingPings()).isEqualTo("420[\"question\",1]");
    await().atMost(Duration.ofSeconds(5)).until(() -> timedOut.failed());
    assertThat(timedOut.cause()).isInstanceOf(java.util.concurrent.TimeoutException.class);

    var answered = s.emitWithAck("question", Duration.ofSeconds(10), Buffer.buffer(new byte[] {9}));
    assertThat(c.nextSkippingPings()).isEqualTo("451-1[\"question\",{\"_placeholder\":true,\"num\":0}]");
    assertThat((byte[]) c.nextSkippingPings()).containsExactly(9);
    c.send("431[\"yes\"]");
    await().atMost(Duration.ofSeconds(5)).until(() -> answered.succeeded());
    assertThat(answered.result().getString(0)).isEqualTo("yes");

    // from a worker thread, as after a database call
    vertx.executeBlocking(() -> {
      s.emit("from-worker", new JsonObject().put("ok", true));
      return null;
    });
    assertThat(c.nextSkippingPings()).isEqualTo("42[\"from-worker\",{\"ok\":true}]");

    // broadcast with exclusion, encoded once
    s.join("r1");
    io.of("/").to("r1").except("nobody").emit("hey");
    assertThat(c.nextSkippingPings()).isEqualTo("42[\"hey\"]");
    io.of("/").in("r1").disconnectSockets(false);
    assertThat(c.nextSkippingPings()).isEqualTo("41");
    await().atMost(Duration.ofSeconds(5)).until(() -> "server namespace disconnect".equals(disconnects.get(sid)));
    assertThat(io.of("/").adapter().socketRooms(sid)).isEmpty();
  }
}

