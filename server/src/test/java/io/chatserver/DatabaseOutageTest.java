package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL goes away under a running node: clear 503s, nothing crashes, and it recovers by itself. */
class DatabaseOutageTest {

  @Test
  void requestsFailWith503WhileTheDatabaseIsAwayAndRecoverWhenItReturns() throws Exception {
    try (PgSchema schema = new PgSchema();
         TcpProxy proxy = new TcpProxy("127.0.0.1", 5432);
         TestServer server = TestServer.start(Files.createTempDirectory("chat-outage"),
             Map.of("DATABASE_URL", schema.url("127.0.0.1:" + proxy.port())))) {
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
    }
  }
}
