package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Decision 39 through the Java socket.io-client: mark_read, and read pushes to exactly the right sockets. */
@ExtendWith(TestServerExtension.class)
class ReadSocketTest {

  static TestServer server; // started and closed by TestServerExtension

  private static JsonObject read(Long chatId, long seq) {
    return new JsonObject().put("chat_id", chatId).put("seq", seq);
  }

  @Test
  void aReadIsPushedToTheReadersOtherSocketsAndTheOtherParticipantOnly() {
    Account alice = server.account("rd");
    Account bob = server.account("rd");
    Account carol = server.account("rd");
    try (ChatClient a1 = ChatClient.of(server, alice); ChatClient a2 = ChatClient.of(server, alice); ChatClient b = ChatClient.of(server, bob);
        ChatClient c = ChatClient.of(server, carol)) {
      JsonObject m1 = server.post("/api/messages/private/" + alice.id(), bob.token(),
          new JsonObject().put("content", "hi")).json();
      long chat = m1.getLong("chat_id");
      // Bob's send moved his own position: his socket and alice's hear it.
      assertThat(b.next("read", o -> o.getLong("user_id") == bob.id())).isEqualTo(new JsonObject()
          .put("chat_id", chat).put("user_id", bob.id()).put("seq", m1.getLong("seq")));
      a2.next("read", o -> o.getLong("user_id") == bob.id());

      JsonObject ack = a1.call("mark_read", read(chat, m1.getLong("seq")));
      assertThat(ack.getBoolean("ok")).isTrue();
      assertThat(ack.getLong("chat_id")).isEqualTo(chat);
      assertThat(ack.getLong("last_read_seq")).isEqualTo(m1.getLong("seq"));
      assertThat(ack.getLong("unread_count")).isZero();
      JsonObject push = new JsonObject().put("chat_id", chat).put("user_id", alice.id()).put("seq", m1.getLong("seq"));
      assertThat(a2.next("read", o -> o.getLong("user_id") == alice.id())).isEqualTo(push); // her other tab
      assertThat(b.next("read", o -> o.getLong("user_id") == alice.id())).isEqualTo(push); // the receipt

      // The same position again moves nothing and pushes nothing; a round trip shows nothing came.
      assertThat(a1.call("mark_read", read(chat, 0)).getBoolean("ok")).isTrue();
      assertThat(a1.call("mark_read", read(chat, m1.getLong("seq"))).getBoolean("ok")).isTrue();
      b.call("get_online_users");
      a2.call("get_online_users");
      assertThat(b.count("read", o -> true)).isZero();
      assertThat(a2.count("read", o -> o.getLong("user_id") == alice.id())).isZero();

      // The public room: only the reader's own sockets.
      JsonObject pub = server.post("/api/messages", bob.token(), new JsonObject().put("content", "all")).json();
      b.next("read", o -> o.getValue("chat_id") == null);
      JsonObject publicAck = a1.call("mark_read", read(null, pub.getLong("seq")));
      assertThat(publicAck.getLong("last_read_seq")).isEqualTo(pub.getLong("seq"));
      assertThat(publicAck.getLong("unread_count")).isZero();
      assertThat(a2.next("read", o -> o.getValue("chat_id") == null)).isEqualTo(new JsonObject()
          .put("chat_id", null).put("user_id", alice.id()).put("seq", pub.getLong("seq")));
      a1.next("read", o -> o.getValue("chat_id") == null);

      // Over the limit, not a number, or another pair's chat: refused, and nothing is pushed.
      JsonObject above = a1.call("mark_read", read(chat, m1.getLong("seq") + 1));
      assertThat(above.getBoolean("ok")).isFalse();
      assertThat(above.getString("message")).contains("latest_seq");
      assertThat(a1.call("mark_read", new JsonObject().put("chat_id", chat)).getBoolean("ok")).isFalse();
      JsonObject foreign = c.call("mark_read", read(chat, 1));
      assertThat(foreign.getBoolean("ok")).isFalse();
      assertThat(foreign.getString("message")).isEqualTo("Private chat not found");
      assertThat(c.call("mark_read", read(999_999_999L, 0)).getString("message")).isEqualTo("Private chat not found");
      b.call("get_online_users");
      a2.call("get_online_users");
      c.call("get_online_users");
      assertThat(b.count("read", o -> true)).isZero();
      assertThat(a2.count("read", o -> true)).isZero();
      assertThat(c.count("read", o -> true)).isZero();
      assertThat(server.get("/api/chats", bob.token()).json().getJsonArray("chats").getJsonObject(0)
          .getLong("other_last_read_seq")).isEqualTo(m1.getLong("seq"));
    }
  }
}
