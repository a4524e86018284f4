package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.PgSchema;
import io.chatserver.TestServer;
import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Changing the password ends every session that existed before it: older tokens fail on REST and for
 * new sockets, open sockets are disconnected, and the caller gets a fresh token in the answer.
 */
class PasswordChangeTest {

  @Test
  void onSqlite() throws Exception {
    try (TestServer server = TestServer.start()) {
      passwordChangeRevokesEveryOlderSession(server);
    }
  }

  @Test
  void onPostgres() throws Exception {
    try (PgSchema schema = new PgSchema();
         TestServer server = TestServer.start(Files.createTempDirectory("chat-pg"),
             Map.of("DATABASE_URL", schema.url()))) {
      passwordChangeRevokesEveryOlderSession(server);
    }
  }

  private static void passwordChangeRevokesEveryOlderSession(TestServer server) throws Exception {
    int port = server.chatServer().port();
    Account alice = server.account("pwchange");
    Account bob = server.account("bystander");
    String otherDevice = server.login(alice.username(), "password123");
    String fresh;
    try (ChatClient websocket = ChatClient.connected(port, otherDevice, "websocket");
         ChatClient polling = ChatClient.connected(port, alice.token(), "polling");
         ChatClient bobs = ChatClient.connected(port, bob.token(), "websocket")) {

      Res changed = server.put("/api/users/" + alice.id(), alice.token(), new JsonObject()
          .put("password", "a-new-password").put("current_password", "password123"));

      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().getJsonObject("user").getLong("id")).isEqualTo(alice.id());
      fresh = changed.json().getString("access_token");
      assertThat(fresh).isNotBlank().isNotEqualTo(alice.token());
      assertThat(changed.json().getString("token_type")).isEqualTo("Bearer");

      assertThat(websocket.disconnected.get(20, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      assertThat(polling.disconnected.get(20, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      assertThat(bobs.call("get_online_users").getBoolean("ok")).isTrue();
      assertThat(bobs.isConnected()).isTrue();
    }
    for (String old : new String[] {alice.token(), otherDevice}) {
      Res refused = server.get("/api/messages", old);
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.message()).isNotBlank();
      try (ChatClient client = ChatClient.open(port, old, "websocket", false)) {
        assertThat(client.connectError.get(20, TimeUnit.SECONDS).getString("message")).contains("revoked");
        assertThat(client.isConnected()).isFalse();
      }
    }
    assertThat(server.get("/api/messages", fresh).status()).isEqualTo(200);
    assertThat(server.get("/api/messages", server.login(alice.username(), "a-new-password")).status())
        .isEqualTo(200);
    assertThat(server.get("/api/messages", bob.token()).status()).isEqualTo(200);
    try (ChatClient again = ChatClient.connected(port, fresh, "websocket")) {
      assertThat(again.call("get_online_users").getBoolean("ok")).isTrue();
    }
  }

  @Test
  void theTokenInTheAnswerWorksAndAChangeWithoutPasswordRevokesNothing() throws Exception {
    try (TestServer server = TestServer.start()) {
      Account carol = server.account("carol");
      Res renamed = server.put("/api/users/" + carol.id(), carol.token(),
          new JsonObject().put("avatar_url", "https://a.io/c.png"));
      assertThat(renamed.status()).isEqualTo(200);
      assertThat(renamed.json().containsKey("access_token")).isFalse();
      assertThat(server.get("/api/messages", carol.token()).status()).isEqualTo(200);

      String fresh = server.put("/api/users/" + carol.id(), carol.token(), new JsonObject()
          .put("password", "a-new-password").put("current_password", "password123"))
          .json().getString("access_token");
      assertThat(server.get("/api/messages", fresh).status()).isEqualTo(200);
      try (ChatClient client = ChatClient.connected(server.chatServer().port(), fresh, "websocket")) {
        assertThat(client.call("get_online_users").getBoolean("ok")).isTrue();
      }
      // A second change revokes the token the first one handed out.
      String second = server.put("/api/users/" + carol.id(), fresh, new JsonObject()
          .put("password", "a-third-password").put("current_password", "a-new-password"))
          .json().getString("access_token");
      assertThat(server.get("/api/messages", fresh).status()).isEqualTo(401);
      assertThat(server.get("/api/messages", second).status()).isEqualTo(200);
    }
  }
}
