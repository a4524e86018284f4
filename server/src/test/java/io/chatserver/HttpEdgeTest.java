package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.chatserver.core.InvalidConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServerExtension.class)
class HttpEdgeTest {

  static TestServer server; // started and closed by TestServerExtension
  static Account alice;

  @BeforeAll
  static void start() throws Exception {
    alice = server.account("alice");
  }

  @Test
  void healthReportsTheDatabase() {
    Res res = server.get("/api/health", null);
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json()).isEqualTo(new JsonObject().put("status", "ok").put("database", "up")
        .put("writes", "up").put("redis", "not configured"));
  }

  @Test
  void unknownRoutesAre404Json() {
    for (String path : new String[] {"/api/nope", "/nope", "/api/messages/private/1/2/3", "/api/files/public/1/x"}) {
      Res res = server.get(path, alice.token());
      assertThat(res.status()).as(path).isEqualTo(404);
      assertThat(res.raw().headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(res.message()).isNotBlank();
    }
  }

  @Test
  void wrongMethodIs405Json() {
    Res patch = server.send("PATCH", "/api/users/1", alice.token(), "{}");
    assertThat(patch.status()).isEqualTo(405);
    assertThat(patch.message()).isNotBlank();
    assertThat(server.put("/api/messages", alice.token(), new JsonObject()).status()).isEqualTo(405);
    assertThat(server.get("/api/auth/login", null).status()).isEqualTo(405);
    assertThat(server.delete("/api/files", alice.token()).status()).isEqualTo(405);
  }

  @Test
  void pathsBelowSocketIoNeverReachTheRestRoutes() {
    // the REST router would normalise this path to /api/users/ and list the users
    Res res = server.get("/socket.io/%2e%2e/api/users/?EIO=4&transport=polling", alice.token());
    assertThat(res.status()).isEqualTo(400);
    assertThat(res.raw().headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(res.message()).isEqualTo("Bad request");
  }

  @Test
  void bodyOverLimitIs413Json() {
    String big = "{\"content\":\"" + "a".repeat(1024 * 1024) + "\"}";
    Res res = server.post("/api/messages", alice.token(), big);
    assertThat(res.status()).isEqualTo(413);
    assertThat(res.message()).isNotBlank();
    // Just under the limit is parsed normally (and refused by validation, not by size).
    String under = "{\"content\":\"" + "a".repeat(1024 * 1024 - 20) + "\"}";
    assertThat(server.post("/api/messages", alice.token(), under).status()).isEqualTo(400);
  }

  @Test
  void revocationSurvivesRestart() throws Exception {
    Path dir = Files.createTempDirectory("chat-restart");
    String revoked;
    String kept;
    Map<String, String> embeddedSecret = Map.of("JWT_SECRET", "");
    try (TestServer first = TestServer.start(dir, embeddedSecret)) {
      Account a = first.account("restart");
      revoked = a.token();
      kept = first.login(a.username(), "password123");
      assertThat(first.post("/api/auth/logout", revoked, null).status()).isEqualTo(200);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt-secret"))))
        .isEqualTo("rw-------");
    try (TestServer second = TestServer.start(dir, embeddedSecret)) {
      assertThat(second.get("/api/messages", revoked).status()).isEqualTo(401);
      assertThat(second.get("/api/messages", kept).status()).isEqualTo(200);
    }
  }

  @Test
  void shortSecretOrClusterWithoutSecretIsRefused() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Config shortSecret = Config.fromEnv(Map.of("PORT", "0", "DATA_DIR",
          Files.createTempDirectory("chat-cfg").toString(), "JWT_SECRET", "too-short"));
      assertThatThrownBy(() -> ChatServer.start(vertx, shortSecret).await(30, TimeUnit.SECONDS))
          .isInstanceOf(InvalidConfig.class).hasMessageContaining("JWT_SECRET");
      Config cluster = Config.fromEnv(Map.of("PORT", "0", "DATABASE_URL",
          "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
      assertThatThrownBy(() -> ChatServer.start(vertx, cluster).await(30, TimeUnit.SECONDS))
          .isInstanceOf(InvalidConfig.class).hasMessageContaining("JWT_SECRET");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void configDefaultsAndValidation() {
    Config defaults = Config.fromEnv(Map.of());
    assertThat(defaults.port()).isEqualTo(5000);
    assertThat(defaults.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(defaults.tokenTtlSeconds()).isEqualTo(86400);
    assertThat(defaults.maxBodyBytes()).isEqualTo(1048576);
    assertThat(defaults.embeddedDatabase()).isTrue();
    assertThat(Config.fromEnv(Map.of("TOKEN_LIFETIME_SECONDS", "60")).tokenTtlSeconds()).isEqualTo(60);
    assertThat(Config.fromEnv(Map.of("CORS_ORIGINS", "https://a.io, https://b.io")).corsOrigins())
        .containsExactly("https://a.io", "https://b.io");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "abc"))).isInstanceOf(InvalidConfig.class);
    assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "70000"))).isInstanceOf(InvalidConfig.class);
  }

  @Test
  void shortTokenLifetimeExpires() throws Exception {
    // A lifetime of 1 s, and a token checked after it has passed, without sleeping: issue, then
    // poll until the server itself says 401.
    try (TestServer quick = TestServer.start(Files.createTempDirectory("chat-ttl"), Map.of("JWT_TTL", "1"))) {
      Account a = quick.account("ttl");
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> quick.get("/api/messages", a.token()).status() == 401);
    }
  }

  @Test
  void databaseDownGives503HealthAnd500WithoutStackTrace() throws Exception {
    try (TestServer broken = TestServer.start()) {
      Account a = broken.account("down");
      broken.chatServer().database().close();
      Res health = broken.get("/api/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().getString("database")).isEqualTo("down");
      Res failed = broken.post("/api/auth/login", null, new JsonObject().put("username", a.username())
          .put("password", "password123"));
      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.json()).isEqualTo(new JsonObject().put("message", "Internal server error"));
    }
  }

  @Test
  void corsAllowsOnlyConfiguredOrigins() throws Exception {
    try (TestServer cors = TestServer.start(Files.createTempDirectory("chat-cors"),
        Map.of("CORS_ORIGINS", "https://app.example.com"))) {
      var client = java.net.http.HttpClient.newHttpClient();
      var preflight = java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + cors.chatServer().port() + "/api/messages"))
          .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://app.example.com")
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "authorization,content-type")
          .build();
      var allowed = client.send(preflight, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
      var other = java.net.http.HttpRequest.newBuilder(preflight.uri()).GET()
          .header("Origin", "https://evil.example.com").build();
      var refused = client.send(other, java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void errorsNeverLeakStackTraces() {
    Res res = server.post("/api/messages", alice.token(), "{\"content\": [1, 2, {\"a\": null}]}");
    assertThat(res.status()).isEqualTo(400);
    assertThat(res.body()).doesNotContain("Exception").doesNotContain("at io.");
  }
}
