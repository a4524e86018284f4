package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Decisions 41, 42 and 37's reaction part through the Java socket.io-client: every edit and reaction
 * change reaches, as {@code message_updated}, exactly the sockets that were shown the message.
 */
@ExtendWith(TestServerExtension.class)
class EditsReactionsSocketTest {

  static final String THUMBS = "%F0%9F%91%8D";

  static TestServer server; // started and closed by TestServerExtension

  private static JsonObject content(String text) {
    return new JsonObject().put("content", text);
  }

  /** A round trip on each socket: any push emitted before it has arrived by then. */
  private static void settle(ChatClient... clients) {
    for (ChatClient c : clients) {
      c.call("get_online_users");
    }
  }

  @Test
  void publicChangesReachThePublicRoomOnly() {
    Account alice = server.account("smu");
    Account bob = server.account("smu");
    Account carol = server.account("smu");
    try (ChatClient a = ChatClient.of(server, alice); ChatClient b = ChatClient.of(server, bob); ChatClient c = ChatClient.of(server, carol)) {
      a.call("join_public");
      b.call("join_public");
      JsonObject posted = server.post("/api/messages", alice.token(), content("tpyo")).json();
      long id = posted.getLong("id");
      JsonObject edited = server.send("PATCH", "/api/messages/" + id, alice.token(), content("typo")).json();

      JsonObject pushed = b.next("message_updated", o -> o.getLong("id") == id);
      assertThat(pushed.containsKey("chat_id")).isTrue();
      assertThat(pushed.getLong("chat_id")).isNull();
      assertThat(pushed.getString("content")).isEqualTo("typo");
      assertThat(pushed.getString("edited_at")).isEqualTo(edited.getString("edited_at"));
      assertThat(pushed.getLong("seq")).isEqualTo(edited.getLong("seq"));
      assertThat(a.next("message_updated", o -> o.getLong("id") == id).getLong("seq")).isEqualTo(edited.getLong("seq"));
      // The creation push carries the new fields too.
      JsonObject created = b.next("new_public_message", o -> o.getLong("id") == id);
      assertThat(created.containsKey("edited_at")).isTrue();
      assertThat(created.getString("edited_at")).isNull();
      assertThat(created.getJsonArray("reactions")).isEmpty();

      JsonObject reacted = server.put("/api/messages/" + id + "/reactions/" + THUMBS, carol.token(), null).json();
      JsonObject reactionPush = b.next("message_updated", o -> o.getLong("seq").equals(reacted.getLong("seq")));
      assertThat(reactionPush.getJsonArray("reactions")).isEqualTo(reacted.getJsonArray("reactions"));
      assertThat(reactionPush.getJsonArray("reactions").getJsonObject(0).getJsonArray("user_ids").getLong(0))
          .isEqualTo(carol.id());

      // Changes that change nothing push nothing; carol, outside the room, got nothing at all.
      server.send("PATCH", "/api/messages/" + id, alice.token(), content("typo"));
      server.put("/api/messages/" + id + "/reactions/" + THUMBS, carol.token(), null);
      settle(a, b, c);
      assertThat(b.count("message_updated", o -> true)).isZero();
      assertThat(a.count("message_updated", o -> o.getLong("id") == id
          && !o.getLong("seq").equals(reacted.getLong("seq")))).isZero();
      assertThat(c.count("message_updated", o -> true)).isZero();
    }
  }

  @Test
  void privateChangesReachEverySocketOfBothParticipantsOnly() {
    Account alice = server.account("smp");
    Account bob = server.account("smp");
    Account carol = server.account("smp");
    try (ChatClient a = ChatClient.of(server, alice); ChatClient a2 = ChatClient.of(server, alice); ChatClient b = ChatClient.of(server, bob);
        ChatClient c = ChatClient.of(server, carol)) {
      c.call("join_public");
      JsonObject sent = server.post("/api/messages/private/" + bob.id(), alice.token(), content("hey")).json();
      long id = sent.getLong("id");
      String suffix = "/" + id + "/reactions/" + THUMBS;
      assertThat(server.put("/api/messages/private/" + alice.id() + suffix, carol.token(), null).status())
          .isEqualTo(404);
      JsonObject reacted = server.put("/api/messages/private/" + alice.id() + suffix, bob.token(), null).json();
      for (ChatClient socket : new ChatClient[] {a, a2, b}) {
        JsonObject pushed = socket.next("message_updated", o -> o.getLong("id") == id);
        assertThat(pushed.getLong("chat_id")).isEqualTo(sent.getLong("chat_id"));
        assertThat(pushed.getLong("seq")).isEqualTo(reacted.getLong("seq"));
        assertThat(pushed.getJsonArray("reactions")).hasSize(1);
      }
      JsonObject edited = server.send("PATCH", "/api/messages/private/" + bob.id() + "/" + id, alice.token(),
          content("hey!")).json();
      assertThat(b.next("message_updated", o -> o.getLong("id") == id).getString("content")).isEqualTo("hey!");
      assertThat(a2.next("message_updated", o -> o.getLong("id") == id).getLong("seq"))
          .isEqualTo(edited.getLong("seq"));
      settle(c);
      assertThat(c.count("message_updated", o -> true)).isZero();
    }
  }

  @Test
  void deletingAUserPushesTheirWithdrawnReactions() {
    Account alice = server.account("smd");
    Account bob = server.account("smd");
    try (ChatClient a = ChatClient.of(server, alice)) {
      a.call("join_public");
      long id = server.post("/api/messages", alice.token(), content("like me")).json().getLong("id");
      JsonObject reacted = server.put("/api/messages/" + id + "/reactions/" + THUMBS, bob.token(), null).json();
      a.next("message_updated", o -> o.getLong("seq").equals(reacted.getLong("seq")));
      assertThat(server.delete("/api/users/" + bob.id(), bob.token()).status()).isEqualTo(200);
      JsonObject withdrawn = a.next("message_updated", o -> o.getLong("id") == id);
      assertThat(withdrawn.getLong("seq")).isEqualTo(reacted.getLong("seq") + 1);
      assertThat(withdrawn.getJsonArray("reactions")).isEmpty();
    }
  }
}
