package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.events.ChatEvents;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.reads.ReadMoved;
import io.chatserver.users.DeletedUser;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REST changes reach the listeners of committed changes (the socket pushes and any other), after commit, and only then. */
class ChatEventsTest {

  static TestServer server;
  static final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(new ChatEvents() {
      @Override public void onPublicMessage(PublicMessage m) {
        events.add("public " + m.id() + " " + m.content());
      }

      @Override public void onPrivateMessage(PrivateMessage m) {
        events.add("private " + m.id() + " " + m.senderId() + "->" + m.recipientId() + " chat " + m.chatId());
      }

      @Override public void onMessageDeleted(long id, Long chatId, long seq, List<Long> participants) {
        events.add("deleted " + id + " " + chatId + " seq " + seq + " " + participants);
      }

      @Override public void onReadMoved(ReadMoved r) {
        events.add("read " + r.chatId() + " by " + r.userId() + " to " + r.otherUserId() + " seq " + r.seq());
      }

      @Override public void onTokenRevoked(String jti, long userId) {
        events.add("revoked " + userId);
      }

      @Override public void onUserDeleted(DeletedUser user) {
        events.add("user-deleted " + user.id() + " " + user.publicMessages() + " " + user.privateChats());
      }

      @Override public void onPasswordChanged(long userId) {
        events.add("password-changed " + userId);
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void everyCommittedChangeIsPublishedOnce() {
    Account a = server.account("ev_a");
    Account b = server.account("ev_b");
    events.clear();

    JsonObject sentPub = server.post("/api/messages", a.token(), new JsonObject().put("content", "hello")
        .put("client_id", "ev-1")).json();
    long pub = sentPub.getLong("id");
    JsonObject priv = server.post("/api/messages/private/" + b.id(), a.token(), new JsonObject().put("content", "p"))
        .json();
    // A repeated client_id stores nothing and so publishes nothing (decision 31).
    assertThat(server.post("/api/messages", a.token(), new JsonObject().put("content", "hello")
        .put("client_id", "ev-1")).json().getLong("id")).isEqualTo(pub);
    long chat = priv.getLong("chat_id");
    // Refused changes publish nothing.
    assertThat(server.post("/api/messages", a.token(), new JsonObject().put("content", " ")).status()).isEqualTo(400);
    assertThat(server.delete("/api/messages/" + pub, b.token()).status()).isEqualTo(403);

    // A read moves a position once; reading the same again publishes nothing (decision 39).
    server.post("/api/messages/private/" + a.id() + "/read", b.token(), new JsonObject().put("seq", 1));
    server.post("/api/messages/private/" + a.id() + "/read", b.token(), new JsonObject().put("seq", 1));
    server.delete("/api/messages/" + pub, a.token());
    server.delete("/api/messages/private/" + b.id() + "/" + priv.getLong("id"), a.token());
    server.post("/api/auth/logout", a.token(), null);
    // A wrong current password changes nothing and publishes nothing.
    server.put("/api/users/" + b.id(), b.token(), new JsonObject().put("password", "another-pass")
        .put("current_password", "wrong-password"));
    String fresh = server.put("/api/users/" + b.id(), b.token(), new JsonObject().put("password", "another-pass")
        .put("current_password", "password123")).json().getString("access_token");
    server.delete("/api/users/" + b.id(), fresh);

    assertThat(events).containsExactly(
        "public " + pub + " hello",
        "read null by " + a.id() + " to null seq " + sentPub.getLong("seq"),
        "private " + priv.getLong("id") + " " + a.id() + "->" + b.id() + " chat " + chat,
        "read " + chat + " by " + a.id() + " to " + b.id() + " seq 1",
        "read " + chat + " by " + b.id() + " to " + a.id() + " seq 1",
        "deleted " + pub + " null seq " + (sentPub.getLong("seq") + 1) + " []",
        "deleted " + priv.getLong("id") + " " + chat + " seq 2 [" + a.id() + ", " + b.id() + "]",
        "revoked " + a.id(),
        "password-changed " + b.id(),
        "user-deleted " + b.id() + " [] [EndedChat[chatId=" + chat + ", otherUserId=" + a.id() + "]]");
  }

  @Test
  void aFailingListenerDoesNotFailTheRequest() throws Exception {
    try (TestServer other = TestServer.start(new ChatEvents() {
        @Override public void onPublicMessage(PublicMessage m) {
          throw new IllegalStateException("listener bug");
        }
        @Override public void onPrivateMessage(PrivateMessage m) {}
        @Override public void onMessageDeleted(long id, Long chatId, long seq, List<Long> participants) {}
        @Override public void onReadMoved(ReadMoved moved) {}
        @Override public void onTokenRevoked(String jti, long userId) {}
        @Override public void onUserDeleted(DeletedUser user) {}
        @Override public void onPasswordChanged(long userId) {}
      })) {
      Account a = other.account("ev_c");
      assertThat(other.post("/api/messages", a.token(), new JsonObject().put("content", "x")).status())
          .isEqualTo(201);
    }
  }
}
