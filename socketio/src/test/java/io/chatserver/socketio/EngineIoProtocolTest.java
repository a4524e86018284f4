package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.conformance.ConformanceServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The behaviours of the official engine.io-protocol suite, against the echo server at /engine.io/. */
class EngineIoProtocolTest {
  static Vertx vertx;
  static String base;
  static String ws;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    int port = ConformanceServer.start(vertx, 0).await().actualPort();
    base = "http://localhost:" + port + "/engine.io/?EIO=4";
    ws = "ws://localhost:" + port + "/engine.io/?EIO=4";
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static String openPolling() {
    HttpResponse<String> r = Http.get(base + "&transport=polling");
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body().substring(1)).getString("sid");
  }

  static String poll(String sid) {
    return base + "&transport=polling&sid=" + sid;
  }

  @Test
  void pollingHandshake() {
    HttpResponse<String> r = Http.get(base + "&transport=polling");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("0");
    JsonObject open = new JsonObject(r.body().substring(1));
    assertThat(open.fieldNames()).containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
    assertThat(open.getJsonArray("upgrades").getList()).containsExactly("websocket");
    assertThat(open.getInteger("pingInterval")).isEqualTo(300);
    assertThat(open.getInteger("pingTimeout")).isEqualTo(200);
    assertThat(open.getInteger("maxPayload")).isEqualTo(1_000_000);
  }

  @Test
  void badQueryAndMethodGive400WithJsonError() {
    String root = base.substring(0, base.indexOf('?'));
    HttpResponse<String> noEio = Http.get(root + "?transport=polling");
    assertThat(noEio.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noEio.body()).getInteger("code")).isEqualTo(5);
    assertThat(Http.get(root + "?EIO=abc&transport=polling").statusCode()).isEqualTo(400);
    HttpResponse<String> noTransport = Http.get(base);
    assertThat(noTransport.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noTransport.body()).getInteger("code")).isEqualTo(0);
    assertThat(Http.get(base + "&transport=abc").statusCode()).isEqualTo(400);
    HttpResponse<String> post = Http.post(base + "&transport=polling", "");
    assertThat(post.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(post.body()).getInteger("code")).isEqualTo(2);
    assertThat(Http.method(base + "&transport=polling", "PUT").statusCode()).isEqualTo(400);
    HttpResponse<String> unknownSid = Http.get(poll("nope"));
    assertThat(unknownSid.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(unknownSid.body()).getInteger("code")).isEqualTo(1);
  }

  @Test
  void corsIsReflected() {
    HttpResponse<String> r = RawWs.CLIENT.sendAsync(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(base + "&transport=polling")).header("Origin", "http://example.com").build(),
        HttpResponse.BodyHandlers.ofString()).join();
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("http://example.com");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
  }

  @Test
  void websocketHandshake() throws Exception {
    RawWs s = RawWs.connect(ws + "&transport=websocket");
    String open = (String) s.next();
    assertThat(open).startsWith("0");
    JsonObject o = new JsonObject(open.substring(1));
    assertThat(o.getJsonArray("upgrades").isEmpty()).isTrue();
    assertThat(o.getInteger("pingInterval")).isEqualTo(300);
    s.ws.sendClose(1000, "");
  }

  @Test
  void websocketWithBadQueryIsRefused() {
    for (String q : List.of("&transport=abc", "", "&transport=websocket&EIO=3")) {
      String url = ws.replace("EIO=4", "") + q;
      try {
        RawWs.connect(url.replace("?&", "?"));
        throw new AssertionError("connected to " + url);
      } catch (CompletionException expected) {
        // handshake refused with HTTP 400
      }
    }
  }

  @Test
  void pollingSendsAndReceivesTextAndBinary() {
    String sid = openPolling();
    HttpResponse<String> push = Http.post(poll(sid), "4hello\u001e4test2\u001ebAQIDBA==");
    assertThat(push.statusCode()).isEqualTo(200);
    assertThat(push.body()).isEqualTo("ok");
    HttpResponse<String> r = Http.get(poll(sid));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("4hello\u001e4test2\u001ebAQIDBA==");
  }

  @Test
  void pollingInvalidPacketClosesSession() {
    String sid = openPolling();
    assertThat(Http.post(poll(sid), "abc").statusCode()).isEqualTo(400);
    assertThat(Http.get(poll(sid)).statusCode()).isEqualTo(400);
  }

  @Test
  void duplicatePollClosesSession() {
    String sid = openPolling();
    CompletableFuture<HttpResponse<String>> first = Http.getAsync(poll(sid));
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      // the second GET is refused only while the first is pending; retry until that happened
      HttpResponse<String> second = Http.get(poll(sid) + "&t=burst");
      return second.statusCode() == 400;
    });
    HttpResponse<String> r = first.join();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isIn("1", "2\u001e1");
    assertThat(Http.get(poll(sid)).statusCode()).isEqualTo(400);
  }

  @Test
  void websocketEchoesTextAndBinary() throws Exception {
    RawWs s = RawWs.connect(ws + "&transport=websocket");
    s.next();
    s.send("4hello");
    assertThat(s.nextSkippingPings()).isEqualTo("4hello");
    s.sendBinary(new byte[] {1, 2, 3, 4});
    assertThat((byte[]) s.nextSkippingPings()).containsExactly(1, 2, 3, 4);
    s.ws.sendClose(1000, "");
  }

  @Test
  void websocketInvalidPacketCloses() throws Exception {
    RawWs s = RawWs.connect(ws + "&transport=websocket");
    s.next();
    s.send("abc");
    assertThat(s.awaitClosed()).isTrue();
  }

  @Test
  void pollingHeartbeat() {
    String sid = openPolling();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = Http.get(poll(sid));
      assertThat(r.body()).isEqualTo("2");
      assertThat(Http.post(poll(sid), "3").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void pollingPingTimeoutClosesSession() {
    String sid = openPolling();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> Http.get(poll(sid)).statusCode() == 400);
  }

  @Test
  void websocketHeartbeatAndTimeout() throws Exception {
    RawWs s = RawWs.connect(ws + "&transport=websocket");
    s.next();
    for (int i = 0; i < 3; i++) {
      assertThat(s.next()).isEqualTo("2");
      s.send("3");
    }
    // now stop answering: the server closes after pingInterval + pingTimeout
    assertThat(s.awaitClosed()).isTrue();
  }

  @Test
  void pollingClientClose() {
    String sid = openPolling();
    CompletableFuture<HttpResponse<String>> pending = Http.getAsync(poll(sid));
    Http.post(poll(sid), "1");
    HttpResponse<String> r = pending.join();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isIn("6", "2\u001e6");
    await().atMost(Duration.ofSeconds(5)).until(() -> Http.get(poll(sid)).statusCode() == 400);
  }

  @Test
  void websocketClientClose() throws Exception {
    RawWs s = RawWs.connect(ws + "&transport=websocket");
    s.next();
    s.send("1");
    assertThat(s.awaitClosed()).isTrue();
  }

  @Test
  void upgradeFromPolling() throws Exception {
    String sid = openPolling();
    RawWs s = RawWs.connect(ws + "&transport=websocket&sid=" + sid);
    s.send("2probe");
    assertThat(s.next()).isEqualTo("3probe");
    HttpResponse<String> r = Http.get(poll(sid));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("6");
    s.send("5");
    s.send("4hello");
    assertThat(s.nextSkippingPings()).isEqualTo("4hello");
    // the sid is not reusable: neither polling nor a second WebSocket
    assertThat(Http.get(poll(sid)).statusCode()).isEqualTo(400);
    RawWs second = RawWs.connect(ws + "&transport=websocket&sid=" + sid);
    assertThat(second.awaitClosed()).isTrue();
    s.send("4still");
    assertThat(s.nextSkippingPings()).isEqualTo("4still");
  }
}
