package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /api/health is readiness (database, the write path and, in cluster mode, Redis), GET
 * /api/health/live is liveness; both through HTTP against real dependencies that really fail.
 */
class HealthTest {

  private static final JsonObject ALL_UP = new JsonObject().put("status", "ok").put("database", "up")
      .put("writes", "up").put("redis", "not configured");

  private static void assertReady(TestServer server, JsonObject expected) {
    Res health = server.get("/api/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json()).isEqualTo(expected);
  }

  @Test
  void aHealthyEmbeddedNodeIsLiveAndReady() throws Exception {
    try (TestServer server = TestServer.start()) {
      assertReady(server, ALL_UP);
      Res live = server.get("/api/health/live", null);
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.json()).isEqualTo(new JsonObject().put("status", "ok"));
    }
  }

  /**
   * Another process holding SQLite's write lock (a forgotten sqlite3 shell in a transaction) stalls the
   * single writer: reads still work, so only a check through the write path can see it.
   */
  @Test
  void aStalledWriterMakesTheNodeUnreadyAndWritesFailFastUntilItRecovers() throws Exception {
    try (TestServer server = TestServer.start(Files.createTempDirectory("chat-health"),
        Map.of("HEALTH_TIMEOUT_MS", "1000", "DB_WRITE_STALL_MS", "300"))) {
      Account alice = server.account("stall");
      JsonObject hello = new JsonObject().put("content", "hello");
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir.resolve("chat.db"));
           Statement lock = other.createStatement()) {
        lock.execute("BEGIN IMMEDIATE");

        // The check's write waits on the lock past the health timeout (1 s), so the writer has now
        // been on one batch for longer than the stall limit (300 ms).
        Res health = server.get("/api/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json()).isEqualTo(new JsonObject().put("status", "unavailable")
            .put("database", "up").put("writes", "down").put("redis", "not configured"));
        assertThat(server.get("/api/health/live", null).status()).isEqualTo(200);

        long started = System.nanoTime();
        Res refused = server.post("/api/messages", alice.token(), hello);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.message()).isEqualTo("Database unavailable, try again later");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5)); // not queued behind the lock (10 s)
        assertThat(server.get("/api/messages", alice.token()).status()).isEqualTo(200); // reads go on

        lock.execute("ROLLBACK");
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/api/health", null).status() == 200);
      assertReady(server, ALL_UP);
      assertThat(server.post("/api/messages", alice.token(), hello).status()).isEqualTo(201);
    }
  }

  @Test
  void aDatabaseThatIsAwayMakesTheNodeUnreadyButLive() throws Exception {
    try (PgSchema schema = new PgSchema();
         TcpProxy proxy = new TcpProxy("127.0.0.1", 5432);
         TestServer server = TestServer.start(Files.createTempDirectory("chat-health"),
             Map.of("DATABASE_URL", schema.url("127.0.0.1:" + proxy.port()), "HEALTH_TIMEOUT_MS", "1000"))) {
      assertReady(server, ALL_UP);
      proxy.cut();
      Res health = server.get("/api/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json()).isEqualTo(new JsonObject().put("status", "unavailable")
          .put("database", "down").put("writes", "down").put("redis", "not configured"));
      assertThat(server.get("/api/health/live", null).status()).isEqualTo(200);

      proxy.restore();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> server.get("/api/health", null).status() == 200);
      assertReady(server, ALL_UP);
    }
  }

  /** A PostgreSQL that answers but refuses writes (a standby, or read-only mode when its disk is full). */
  @Test
  void aReadOnlyPostgresMakesTheNodeUnready() throws Exception {
    try (PgSchema schema = new PgSchema()) {
      try (TestServer writable = TestServer.start(Files.createTempDirectory("chat-health"),
          Map.of("DATABASE_URL", schema.url()))) {
        assertReady(writable, ALL_UP); // and the schema is migrated
      }
      String readOnly = schema.url() + "&options=-c%20default_transaction_read_only%3Don";
      try (TestServer server = TestServer.start(Files.createTempDirectory("chat-health"),
          Map.of("DATABASE_URL", readOnly))) {
        Res health = server.get("/api/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json()).isEqualTo(new JsonObject().put("status", "unavailable")
            .put("database", "up").put("writes", "down").put("redis", "not configured"));
      }
    }
  }

  @Test
  void inClusterModeTheNodeIsReadyOnlyWhileLinkedToRedis() throws Exception {
    try (PgSchema schema = new PgSchema();
         RedisProcess redis = new RedisProcess();
         TestServer server = TestServer.start(Files.createTempDirectory("chat-health"), Map.of(
             "DATABASE_URL", schema.url(), "REDIS_URL", redis.url(), "REDIS_PREFIX", "chat-" + schema.name,
             "HEALTH_TIMEOUT_MS", "1000"))) {
      JsonObject linked = ALL_UP.copy().put("redis", "up");
      assertReady(server, linked);

      redis.kill();
      await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/api/health", null).status() == 503);
      assertThat(server.get("/api/health", null).json()).isEqualTo(new JsonObject().put("status", "unavailable")
          .put("database", "up").put("writes", "up").put("redis", "down"));
      assertThat(server.get("/api/health/live", null).status()).isEqualTo(200);

      redis.start();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> server.get("/api/health", null).status() == 200);
      assertReady(server, linked);
    }
  }
}
