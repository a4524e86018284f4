package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PostgreSQL goes away under a running node: clear 503s, nothing crashes, and it recovers by itself. */
class DatabaseOutageTest {

  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @Test
  void requestsFailWith503WhileTheDatabaseIsAwayAndRecoverWhenItReturns() throws Exception {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432);
         TestServer server = TestServer.start(Files.createTempDirectory("chat-outage"), Map.of("DATABASE_URL",
             "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres&currentSchema=" + schema))) {
      Account alice = server.account("outage");
      JsonObject hello = new JsonObject().put("content", "hello");
      assertThat(server.post("/api/messages", alice.token(), hello).status()).isEqualTo(201);

      proxy.cut();
      TestServer.Res refused = server.post("/api/messages", alice.token(), hello);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.message()).isEqualTo("Database unavailable, try again later");
      assertThat(refused.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("application/json"));
      assertThat(server.get("/api/health", null).status()).isEqualTo(503);

      proxy.restore();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> server.post("/api/messages", alice.token(), hello).status() == 201);
      assertThat(server.get("/api/health", null).status()).isEqualTo(200);
      assertThat(server.get("/api/messages", alice.token()).json().getJsonArray("messages").size())
          .isGreaterThanOrEqualTo(2);
    } finally {
      try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
