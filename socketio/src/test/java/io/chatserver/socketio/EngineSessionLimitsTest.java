package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.engine.EngineIoOptions;
import io.chatserver.socketio.engine.EngineIoServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one client can make an Engine.IO server hold: client pings close the session (only the server
 * pings in v4), and sessions per client address are capped. Heartbeats use the defaults (25 s), so
 * no session here ends by ping timeout while a test runs.
 */
class EngineSessionLimitsTest {
  Vertx vertx = Vertx.vertx();
  EngineIoServer engine;
  String base;
  String ws;

  void start(EngineIoOptions options) {
    engine = EngineIoServer.create(vertx, options.setPath("/engine.io/"));
    engine.onConnection(s -> s.onMessage(msg -> {
      if (msg instanceof Buffer b) s.send(b);
      else s.send((String) msg);
    }));
    int port = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(1_000_000)
        .setMaxWebSocketMessageSize(1_000_000)).requestHandler(engine::handle).listen(0).await().actualPort();
    base = "http://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=polling";
    ws = "ws://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=websocket";
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  String openPolling() {
    HttpResponse<String> r = Http.get(base);
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body().substring(1)).getString("sid");
  }

  @Test
  void clientPingOverPollingClosesTheSessionAndNothingIsQueued() {
    start(new EngineIoOptions());
    String sid = openPolling();
    // used to be answered with a pong of the same 0.9 MB, queued for a poll that never comes
    HttpResponse<String> ping = Http.post(base + "&sid=" + sid, "2" + "p".repeat(900_000));
    assertThat(ping.statusCode()).isEqualTo(400);
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.sessionCount() == 0);
    HttpResponse<String> next = Http.get(base + "&sid=" + sid);
    assertThat(next.statusCode()).isEqualTo(400);
    assertThat(next.body()).doesNotContain("ppp");
  }

  @Test
  void clientPingOverWebSocketClosesTheSession() throws Exception {
    start(new EngineIoOptions());
    RawWs s = RawWs.connect(ws);
    assertThat((String) s.next()).startsWith("0");
    s.send("2" + "p".repeat(900_000));
    assertThat(s.awaitClosed()).isTrue();
    assertThat(s.messages).noneMatch(m -> m instanceof String t && t.startsWith("3"));
    await().atMost(Duration.ofSeconds(5)).until(() -> engine.sessionCount() == 0);
  }

  @Test
  void theUpgradeProbePingStillWorks() throws Exception {
    start(new EngineIoOptions());
    String sid = openPolling();
    RawWs s = RawWs.connect(ws + "&sid=" + sid);
    s.send("2probe");
    assertThat(s.next()).isEqualTo("3probe");
    s.send("5");
    s.send("4hello");
    assertThat(s.next()).isEqualTo("4hello");
    assertThat(engine.sessionCount()).isEqualTo(1);
  }

  @Test
  void sessionsPerAddressAreCappedOnBothTransports() throws Exception {
    start(new EngineIoOptions().setMaxSessionsPerAddress(3));
    List<String> sids = new ArrayList<>(List.of(openPolling(), openPolling()));
    RawWs third = RawWs.connect(ws);
    assertThat((String) third.next()).startsWith("0");

    HttpResponse<String> refused = Http.get(base);
    assertThat(refused.statusCode()).isEqualTo(403);
    JsonObject error = new JsonObject(refused.body());
    assertThat(error.getInteger("code")).isEqualTo(4);
    assertThat(error.getString("message")).isNotBlank();
    try {
      RawWs.connect(ws);
      throw new AssertionError("a fourth WebSocket session was opened");
    } catch (CompletionException expected) {
      // the WebSocket handshake was refused with 403
    }
    assertThat(engine.sessionCount()).isEqualTo(3);

    // a closed session frees its place
    assertThat(Http.post(base + "&sid=" + sids.get(0), "1").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).until(() -> Http.get(base).statusCode() == 200);
  }

  @Test
  void exemptAddressesAreNotCapped() {
    start(new EngineIoOptions().setMaxSessionsPerAddress(2).setSessionCapExemptAddresses(List.of("127.0.0.1")));
    for (int i = 0; i < 5; i++) {
      openPolling();
    }
    assertThat(engine.sessionCount()).isEqualTo(5);
  }
}
