package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.engine.EngineIoOptions;
import io.chatserver.socketio.engine.EngineIoServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP request on the Engine.IO path is answered, and every error answer is JSON: requests with
 * invalid %-escapes, over-long polling bodies, broken WebSocket handshakes, paths below the Engine.IO
 * path, and a failure inside the handler itself. The other routes of the same HTTP server answer
 * "{"message":"other route"}" so a test can tell who answered.
 */
class EngineHttpErrorsTest {
  static final String BAD_REQUEST = "{\"code\":3,\"message\":\"Bad request\"}";
  static final String WS_HEADERS = "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13";
  static final String OTHER_ROUTE = "{\"message\":\"other route\"}";

  static Vertx vertx;
  static int port;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    EngineIoServer engine = EngineIoServer.create(vertx, new EngineIoOptions().setPath("/socket.io/").setMaxPayload(1000));
    engine.onConnection(s -> s.onMessage(msg -> s.send((String) msg)));
    // a server whose own configuration fails on every handshake: stands for any bug in the handler
    EngineIoServer broken = EngineIoServer.create(vertx, new EngineIoOptions().setPath("/broken/")
        .setMaxSessionsPerAddress(5).setClientAddress(req -> {
          throw new IllegalStateException("test: the client address cannot be resolved");
        }));
    port = vertx.createHttpServer().requestHandler(req -> {
      if (engine.handles(req)) {
        engine.handle(req);
      } else if (broken.handles(req)) {
        broken.handle(req);
      } else {
        req.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(OTHER_ROUTE);
      }
    }).listen(0).await().actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static String openPolling() {
    HttpResponse<String> r = Http.get("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling");
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body().substring(1)).getString("sid");
  }

  static RawHttp.Response get(String target, String headers) throws Exception {
    return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\n" + headers, "");
  }

  static void assertBadRequest(RawHttp.Response r) {
    assertThat(r.status()).as(r.head()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.body()).isEqualTo(BAD_REQUEST);
  }

  @Test
  void invalidPercentEscapesInTheQueryAreBadRequestsAndLogNothing() throws Exception {
    String sid = openPolling();
    try (LogCapture log = new LogCapture()) {
      for (String query : List.of("EIO=4&transport=polling&x=%zz", "EIO=4&transport=polling&t=%",
          "EIO=4&transport=polling&sid=%zz", "EIO=4&transport=polling&sid=" + sid + "&t=%", "EIO=%4&transport=polling")) {
        // used to throw in the handler: no answer at all, and an ERROR in the log
        assertBadRequest(get("/socket.io/?" + query, "Host: 127.0.0.1"));
      }
      assertBadRequest(RawHttp.exchange(port, "POST /socket.io/?EIO=4&transport=polling&sid=" + sid
          + "&t=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3", "4hi"));
      assertBadRequest(get("/socket.io/?EIO=4&transport=websocket&x=%zz", WS_HEADERS));
      assertThat(log.events()).isEmpty();
    }
    // the session those requests named is untouched
    assertThat(Http.post("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling&sid=" + sid, "4hi").body())
        .isEqualTo("ok");
  }

  @Test
  void aFailureInsideTheHandlerIsAnswered500AndTheConnectionClosed() throws Exception {
    for (String target : List.of("/broken/?EIO=4&transport=polling", "/broken/?EIO=4&transport=websocket")) {
      RawHttp.Response r = RawHttp.exchangeAwaitingClose(port, "GET " + target + " HTTP/1.1\r\n" + WS_HEADERS, "");
      assertThat(r.status()).as(r.head()).isEqualTo(500);
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(new JsonObject(r.body()).getString("message")).isEqualTo("Internal server error");
      assertThat(r.closed()).as("connection closed after the 500").isTrue();
    }
  }

  @Test
  void aPollingBodyOverMaxPayloadIs413WithAJsonError() throws Exception {
    String payloadTooLarge = "{\"code\":3,\"message\":\"Payload too large\"}";
    // announced by Content-Length
    String sid = openPolling();
    RawHttp.Response declared = RawHttp.exchange(port, "POST /socket.io/?EIO=4&transport=polling&sid=" + sid
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000", "4" + "x".repeat(1999));
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.header("Content-Type")).isEqualTo("application/json");
    assertThat(declared.body()).isEqualTo(payloadTooLarge);
    // found while reading a chunked body
    String sid2 = openPolling();
    RawHttp.Response chunked = RawHttp.exchange(port, "POST /socket.io/?EIO=4&transport=polling&sid=" + sid2
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked", "7d0\r\n4" + "x".repeat(1999) + "\r\n0\r\n\r\n");
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.header("Content-Type")).isEqualTo("application/json");
    assertThat(chunked.body()).isEqualTo(payloadTooLarge);
    // and both sessions are closed
    for (String closed : List.of(sid, sid2)) {
      await().atMost(Duration.ofSeconds(5)).until(() ->
          Http.get("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling&sid=" + closed).statusCode() == 400);
    }
  }

  @Test
  void brokenWebSocketHandshakesAreBadRequestsInJson() throws Exception {
    String target = "/socket.io/?EIO=4&transport=websocket";
    String key = "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
    List<String> broken = List.of(
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13", // no key
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
            + "\r\nSec-WebSocket-Key: abc", // not 16 bytes in base64
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: close\r\nSec-WebSocket-Version: 13" + key,
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13" + key, // no Connection
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade" + key, // no version (Hixie-76)
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 7" + key,
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: abc" + key,
        "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
            + "\r\nSec-WebSocket-Version: 8" + key);
    for (String headers : broken) {
      assertBadRequest(get(target, headers));
    }
    // a request URI that Vert.x cannot make a WebSocket location of
    assertBadRequest(get(target + "&x=|", WS_HEADERS));
    // an upgrade of a polling session too, and the refused upgrade does not use up the session's upgrade
    String sid = openPolling();
    assertBadRequest(get(target + "&sid=" + sid, broken.get(0)));
    RawWs upgraded = RawWs.connect("ws://127.0.0.1:" + port + target + "&sid=" + sid);
    upgraded.send("2probe");
    assertThat(upgraded.next()).isEqualTo("3probe");
  }

  @Test
  void validWebSocketHandshakesStillSwitchProtocols() throws Exception {
    String target = "/socket.io/?EIO=4&transport=websocket";
    for (String headers : List.of(WS_HEADERS, WS_HEADERS.replace("Connection: Upgrade", "Connection: keep-alive, Upgrade"),
        WS_HEADERS.replace("Version: 13", "Version: 8"), WS_HEADERS.replace("Upgrade: websocket", "Upgrade: WebSocket"))) {
      RawHttp.Response r = get(target, headers);
      assertThat(r.status()).as(headers).isEqualTo(101);
    }
  }

  @Test
  void pathsBelowTheEngineIoPathNeverReachTheOtherRoutes() throws Exception {
    for (String path : List.of("/socket.io/%2e%2e/api/users/", "/socket.io/../api/users/", "/socket.io/x/", "/socket.io//")) {
      // "/socket.io/%2e%2e/api/users/" used to be given to the other routes, which normalise it to /api/users/
      assertBadRequest(get(path + "?EIO=4&transport=polling", "Host: 127.0.0.1"));
      assertBadRequest(get(path + "?EIO=4&transport=websocket", WS_HEADERS));
    }
    // an encoded slash is part of a segment name ("socket.io/"): another path, not ours
    RawHttp.Response encoded = get("/socket.io%2F?EIO=4&transport=polling", "Host: 127.0.0.1");
    assertThat(encoded.status()).isEqualTo(404);
    assertThat(encoded.body()).isEqualTo(OTHER_ROUTE);
    // the path itself, with or without its final slash
    assertThat(get("/socket.io/?EIO=4&transport=polling", "Host: 127.0.0.1").status()).isEqualTo(200);
    assertThat(get("/socket.io?EIO=4&transport=polling", "Host: 127.0.0.1").status()).isEqualTo(200);
  }
}
