package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import io.chatserver.TestServer.Account;
import io.chatserver.auth.TokenService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions 19-20 and 8: who may connect, the welcome, and tokens that stop working. */
@ExtendWith(TestServerExtension.class)
class SocketAuthTest {

  static TestServer server; // started and closed by TestServerExtension

  private static String refusal(String token, boolean viaQuery) throws Exception {
    try (ChatClient client = ChatClient.open(server.chatServer().port(), token, "websocket", viaQuery)) {
      JsonObject error = client.connectError.get(20, TimeUnit.SECONDS);
      assertThat(client.isConnected()).isFalse();
      assertThat(client.count("connected", o -> true)).isZero();
      return error.getString("message");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling", "upgrade"})
  void connectedWelcomesTheUserOverEveryTransport(String transport) {
    Account alice = server.account("welcome");
    try (ChatClient client = ChatClient.open(server.chatServer().port(), alice.token(), transport, false)) {
      JsonObject welcome = client.next("connected");
      assertThat(welcome.getString("message")).isEqualTo("Welcome, " + alice.username() + "!");
      JsonObject user = welcome.getJsonObject("user");
      assertThat(user.fieldNames()).containsExactlyInAnyOrder("id", "username", "avatar_url");
      assertThat(user.getLong("id")).isEqualTo(alice.id());
      assertThat(user.getString("username")).isEqualTo(alice.username());
      assertThat((user.getValue("avatar_url") == null)).isTrue();
    }
  }

  @Test
  void aRefusedConnectionGetsTheConnectErrorAndIsThenClosed() throws Exception {
    java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
    java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.chatServer().port()
            + "/socket.io/?EIO=4&transport=websocket"), new java.net.http.WebSocket.Listener() {
              @Override
              public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                  boolean last) {
                frames.add(data.toString());
                w.request(1);
                return null;
              }

              @Override
              public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code,
                  String reason) {
                closed.complete(code);
                return null;
              }
            }).get(20, TimeUnit.SECONDS);
    assertThat(frames.poll(20, TimeUnit.SECONDS)).startsWith("0{\"sid\"");
    ws.sendText("40{\"token\":\"forged\"}", true);
    String error = frames.poll(20, TimeUnit.SECONDS);
    assertThat(error).startsWith("44{\"message\":");
    assertThat(closed.get(20, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void tokenInTheQueryStringIsAccepted() {
    Account alice = server.account("query");
    try (ChatClient client = ChatClient.open(server.chatServer().port(), alice.token(), "polling", true)) {
      assertThat(client.next("connected").getJsonObject("user").getLong("id")).isEqualTo(alice.id());
    }
  }

  @Test
  void missingGarbageForgedAndExpiredTokensAreRefused() throws Exception {
    Account alice = server.account("refused");
    assertThat(refusal(null, false)).contains("Authentication required");
    assertThat(refusal("not-a-jwt", false)).isNotBlank();
    assertThat(refusal("not-a-jwt", true)).isNotBlank();
    String forged = new TokenService("another-secret-another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
        3600, Clock.systemUTC()).issue(alice.id()).token();
    assertThat(refusal(forged, false)).isNotBlank();
    Clock yesterday = Clock.fixed(Instant.now().minusSeconds(86_400 * 2), ZoneOffset.UTC);
    String expired = new TokenService(TestServer.SECRET.getBytes(StandardCharsets.UTF_8), 3600, yesterday)
        .issue(alice.id()).token();
    assertThat(refusal(expired, false)).isNotBlank();
  }

  @Test
  void logoutClosesThatTokensSocketsOnlyAndTheTokenIsRefusedAfterwards() throws Exception {
    Account alice = server.account("logout");
    String otherToken = server.login(alice.username(), "password123");
    try (ChatClient loggedOut = ChatClient.connected(server.chatServer().port(), alice.token(), "websocket");
         ChatClient polling = ChatClient.connected(server.chatServer().port(), alice.token(), "polling");
         ChatClient stays = ChatClient.connected(server.chatServer().port(), otherToken, "websocket")) {
      assertThat(server.post("/api/auth/logout", alice.token(), null).status()).isEqualTo(200);
      assertThat(loggedOut.disconnected.get(20, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      assertThat(polling.disconnected.get(20, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      // The other session of the same user still works.
      assertThat(stays.call("get_online_users").getBoolean("ok")).isTrue();
      assertThat(stays.isConnected()).isTrue();
    }
    assertThat(refusal(alice.token(), false)).contains("revoked");
  }

  @Test
  void deletingAUserClosesAllTheirSockets() throws Exception {
    Account alice = server.account("deleted");
    try (ChatClient first = ChatClient.connected(server.chatServer().port(), alice.token(), "websocket");
         ChatClient second = ChatClient.connected(server.chatServer().port(), alice.token(), "polling")) {
      assertThat(server.delete("/api/users/" + alice.id(), alice.token()).status()).isEqualTo(200);
      assertThat(first.disconnected.get(20, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      assertThat(second.disconnected.get(20, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
    }
    assertThat(refusal(alice.token(), false)).isNotBlank();
  }

  @Test
  void revocationSurvivesARestartForSockets() throws Exception {
    TestServer first = TestServer.start();
    Account alice = first.account("restart");
    assertThat(first.post("/api/auth/logout", alice.token(), null).status()).isEqualTo(200);
    first.close();
    try (TestServer again = TestServer.start(first.dataDir, java.util.Map.of());
         ChatClient client = ChatClient.open(again.chatServer().port(), alice.token(), "websocket", false)) {
      assertThat(client.connectError.get(20, TimeUnit.SECONDS).getString("message")).contains("revoked");
    }
  }
}
