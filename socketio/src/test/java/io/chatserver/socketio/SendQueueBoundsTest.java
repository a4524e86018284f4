package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Send queues are bounded in bytes, not only in frames: the frame bound here is far out of reach, so
 * only the byte bound can close a client that does not consume. A poll answer never exceeds maxPayload.
 */
class SendQueueBoundsTest {
  static final int MAX_PAYLOAD = 1000;
  static final int MAX_QUEUE_BYTES = 20_000;
  static Vertx vertx;
  static int port;
  static final Map<String, Socket> sockets = new ConcurrentHashMap<>();
  static final Map<String, String> disconnects = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions().setMaxPayload(MAX_PAYLOAD)
        .setMaxSendQueue(1_000_000).setMaxSendQueueBytes(MAX_QUEUE_BYTES));
    io.of("/").onConnection(s -> {
      sockets.put(s.id(), s);
      s.onDisconnect(reason -> disconnects.put(s.id(), reason));
      s.on("send-me", (args, ack) -> {
        for (int i = 0; i < args.getInteger(0); i++) s.emit("m", i + ":" + "z".repeat(args.getInteger(1)));
      });
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

  static String openAndConnect() {
    String sid = new JsonObject(Http.get("http://localhost:" + port + "/socket.io/?EIO=4&transport=polling")
        .body().substring(1)).getString("sid");
    assertThat(Http.post(poll(sid), "40").statusCode()).isEqualTo(200);
    assertThat(Http.get(poll(sid)).body()).startsWith("40");
    return sid;
  }

  @Test
  void pollingClientThatNeverPollsIsDroppedAtTheByteBound() {
    String sid = openAndConnect();
    // 40 frames of ~900 bytes: 36 KB, over the byte bound, far under the frame bound
    Http.post(poll(sid), "42[\"send-me\",40,900]");
    await().atMost(Duration.ofSeconds(10)).until(() -> disconnects.containsValue("send queue overflow"));
    assertThat(Http.get(poll(sid)).statusCode()).isEqualTo(400);
  }

  @Test
  void pollAnswersStayWithinMaxPayloadAndKeepTheRestForTheNextPoll() {
    String sid = openAndConnect();
    assertThat(Http.post(poll(sid), "42[\"send-me\",10,300]").statusCode()).isEqualTo(200);
    List<String> received = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<String> r = Http.get(poll(sid));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_PAYLOAD);
      for (String packet : r.body().split("\u001e")) {
        if (packet.startsWith("42")) received.add(packet);
      }
      return received.size() >= 10;
    });
    assertThat(received).hasSize(10);
    for (int i = 0; i < 10; i++) {
      assertThat(received.get(i)).startsWith("42[\"m\",\"" + i + ":");
    }
  }

  @Test
  void webSocketClientThatDoesNotReadIsDroppedAtTheByteBound() throws Exception {
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
    // At most 40 MB: more than the kernel's socket buffers and Netty's can absorb, so the rest waits in
    // our backlog; with a frame bound only (a million frames), nothing would close this client.
    String payload = "w".repeat(900);
    for (int i = 0; i < 45_000 && s.connected(); i++) {
      s.emit("big", payload);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> "send queue overflow".equals(disconnects.get(s.id())));
    ws.abort();
  }
}
