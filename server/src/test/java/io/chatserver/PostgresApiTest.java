package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole server on PostgreSQL (cluster mode database), in a throw-away schema. */
class PostgresApiTest {

  @Test
  void mainFlowsWorkOnPostgres() throws Exception {
    try (PgSchema schema = new PgSchema();
         TestServer server = TestServer.start(Files.createTempDirectory("chat-pg"),
             Map.of("DATABASE_URL", schema.url()))) {
      Account a = server.account("pg_a");
      Account b = server.account("pg_b");
      assertThat(server.post("/api/auth/register", null, new JsonObject().put("username", a.username().toUpperCase())
          .put("email", "x@y.io").put("password", "password123")).status()).isEqualTo(400);
      long m = server.post("/api/messages", a.token(), new JsonObject().put("content", "hi")).json().getLong("id");
      long chat = server.post("/api/messages/private/" + b.id(), a.token(), new JsonObject().put("content", "p"))
          .json().getLong("chat_id");
      assertThat(server.post("/api/messages/private/" + a.id(), b.token(), new JsonObject().put("content", "q"))
          .json().getLong("chat_id")).isEqualTo(chat);
      assertThat(server.post("/api/files", a.token(), new JsonObject().put("filename", "a.png")
          .put("file_url", "https://x.io/a.png").put("file_size", 5242880).put("public_message_id", m)).status())
          .isEqualTo(201);
      assertThat(server.get("/api/messages?limit=1", b.token()).json().getJsonArray("messages")).hasSize(1);
      assertThat(server.post("/api/auth/logout", b.token(), null).status()).isEqualTo(200);
      assertThat(server.get("/api/messages", b.token()).status()).isEqualTo(401);
      assertThat(server.delete("/api/users/" + a.id(), a.token()).status()).isEqualTo(200);
      assertThat(server.get("/api/files/public/" + m, server.login(b.username(), "password123")).status())
          .isEqualTo(404);
      assertThat(server.get("/api/health", null).json().getString("database")).isEqualTo("up");
    }
  }
}
