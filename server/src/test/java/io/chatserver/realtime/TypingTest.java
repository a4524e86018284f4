package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Decision 40 through the Java socket.io-client: who gets a typing notice (the room or the other
 * participant, never the sender's own sockets), its shape, the throttle, and refused input. "Did not
 * arrive" is checked behind a marker: a message pushed after the notice to the same socket, so that
 * the notice, had it been sent, would have arrived first.
 */
@ExtendWith(TestServerExtension.class)
class TypingTest {

  static TestServer server; // started and closed by TestServerExtension

  private static JsonObject typing(boolean typing) {
    return new JsonObject().put("typing", typing);
  }

  private static JsonObject typingTo(Account other, boolean typing) {
    return new JsonObject().put("other_user_id", other.id()).put("typing", typing);
  }

  /** A public message from {@code from}, waited for on every socket in {@code seenBy}. */
  private static void publicMarker(ChatClient from, String text, ChatClient... seenBy) {
    from.call("send_public_message", new JsonObject().put("content", text));
    for (ChatClient c : seenBy) {
      c.next("new_public_message", o -> o.getString("content").equals(text));
    }
  }

  @Test
  void aPublicNoticeReachesTheRoomButNoneOfTheSendersSockets() {
    Account alice = server.account("typ");
    Account bob = server.account("typ");
    try (ChatClient a1 = ChatClient.of(server, alice, "websocket");
         ChatClient a2 = ChatClient.of(server, alice, "polling");
         ChatClient b = ChatClient.of(server, bob, "polling")) {
      for (ChatClient c : new ChatClient[] {a1, a2, b}) {
        c.call("join_public");
      }
      assertThat(a1.call("typing", typing(true)).getMap()).isEqualTo(Map.of("ok", true, "forwarded", true));
      JsonObject notice = b.next("typing", o -> o.getLong("user_id") == alice.id());
      assertThat(notice.fieldNames()).containsExactlyInAnyOrder("user_id", "username", "chat_id", "typing");
      assertThat(notice.getLong("user_id")).isEqualTo(alice.id());
      assertThat(notice.getString("username")).isEqualTo(alice.username());
      assertThat(notice.getValue("chat_id")).isNull();
      assertThat(notice.getBoolean("typing")).isTrue();

      publicMarker(b, "after alice typed", a1, a2, b);
      assertThat(a1.count("typing", o -> true)).isZero();
      assertThat(a2.count("typing", o -> true)).isZero();
    }
  }

  @Test
  void withoutDataItMeansTypingInThePublicRoom() {
    Account alice = server.account("typ");
    Account bob = server.account("typ");
    try (ChatClient a = ChatClient.of(server, alice, "websocket");
         ChatClient b = ChatClient.of(server, bob, "websocket")) {
      b.call("join_public");
      assertThat(a.call("typing").getBoolean("forwarded")).isTrue();
      assertThat(b.next("typing", o -> o.getLong("user_id") == alice.id()).getBoolean("typing")).isTrue();
    }
  }

  @Test
  void aPrivateNoticeReachesOnlyTheOtherParticipantAndNamesTheChat() {
    Account alice = server.account("typ");
    Account bob = server.account("typ");
    Account carol = server.account("typ");
    try (ChatClient a1 = ChatClient.of(server, alice, "websocket");
         ChatClient a2 = ChatClient.of(server, alice, "websocket");
         ChatClient b1 = ChatClient.of(server, bob, "websocket");
         ChatClient b2 = ChatClient.of(server, bob, "polling");
         ChatClient c = ChatClient.of(server, carol, "websocket")) {
      for (ChatClient x : new ChatClient[] {a1, a2, b1, b2, c}) {
        x.call("join_public"); // in the public room too: a private notice must not leak there
      }
      // No chat between them yet: the notice opens it, the first message lands in the same one.
      JsonObject ack = a1.call("typing", typingTo(bob, true));
      assertThat(ack.getBoolean("forwarded")).isTrue();
      long chatId = ack.getLong("chat_id");
      for (ChatClient x : new ChatClient[] {b1, b2}) {
        JsonObject notice = x.next("typing", o -> o.getLong("user_id") == alice.id());
        assertThat(notice.getMap()).isEqualTo(Map.of("user_id", (int) alice.id(), "username", alice.username(),
            "chat_id", (int) chatId, "typing", true));
      }
      JsonObject sent = a1.call("send_private_message",
          new JsonObject().put("other_user_id", bob.id()).put("content", "hi bob"));
      assertThat(sent.getLong("chat_id")).isEqualTo(chatId);

      // The marker: a public message every socket sees after the notice would have arrived.
      publicMarker(b1, "private typing marker", a1, a2, c);
      assertThat(a1.count("typing", o -> true)).isZero();
      assertThat(a2.count("typing", o -> true)).isZero();
      assertThat(c.count("typing", o -> true)).isZero();

      // Bob answers in the chat that now exists.
      assertThat(b2.call("typing", typingTo(alice, true)).getLong("chat_id")).isEqualTo(chatId);
      a2.next("typing", o -> o.getLong("user_id") == bob.id() && o.getLong("chat_id") == chatId);
    }
  }

  @Test
  void oneTrueEveryTwoSecondsPerUserAndConversationAndFalseOnlyAfterATrue() {
    Account alice = server.account("typ");
    Account bob = server.account("typ");
    try (ChatClient a1 = ChatClient.of(server, alice, "websocket");
         ChatClient a2 = ChatClient.of(server, alice, "websocket");
         ChatClient b = ChatClient.of(server, bob, "websocket")) {
      b.call("join_public");
      // A false before any true: nothing to end.
      assertThat(a1.call("typing", typing(false)).getBoolean("forwarded")).isFalse();
      assertThat(a1.call("typing", typing(true)).getBoolean("forwarded")).isTrue();
      // Within 2 s: dropped silently (no error), also from the user's other socket...
      assertThat(a1.call("typing", typing(true)).getMap()).isEqualTo(Map.of("ok", true, "forwarded", false));
      assertThat(a2.call("typing", typing(true)).getBoolean("forwarded")).isFalse();
      // ...while another conversation of the same user has a throttle of its own.
      assertThat(a2.call("typing", typingTo(bob, true)).getBoolean("forwarded")).isTrue();
      // false goes at once after a forwarded true, and only once.
      assertThat(a2.call("typing", typing(false)).getBoolean("forwarded")).isTrue();
      assertThat(a1.call("typing", typing(false)).getBoolean("forwarded")).isFalse();

      assertThat(b.next("typing", o -> o.getValue("chat_id") == null).getBoolean("typing")).isTrue();
      assertThat(b.next("typing", o -> o.getValue("chat_id") != null).getBoolean("typing")).isTrue();
      assertThat(b.next("typing", o -> o.getValue("chat_id") == null).getBoolean("typing")).isFalse();
      publicMarker(a1, "throttle marker", b);
      assertThat(b.count("typing", o -> true)).isZero();

      // Two seconds after the forwarded true, the next true goes again.
      long since = System.nanoTime();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .until(() -> a1.call("typing", typing(true)).getBoolean("forwarded"));
      assertThat(Duration.ofNanos(System.nanoTime() - since)).isLessThan(Duration.ofMillis(2500));
      assertThat(b.next("typing", o -> o.getValue("chat_id") == null).getBoolean("typing")).isTrue();
    }
  }

  @Test
  void badInputIsAnErrorAndAFailedAckAndDoesNotSpendTheThrottle() {
    Account alice = server.account("typ");
    Account bob = server.account("typ");
    try (ChatClient a = ChatClient.of(server, alice, "websocket");
         ChatClient b = ChatClient.of(server, bob, "websocket")) {
      assertRefused(a, new JsonObject().put("other_user_id", 999_999_999L), "User not found");
      assertRefused(a, new JsonObject().put("other_user_id", alice.id()), "Cannot send message to yourself");
      assertRefused(a, new JsonObject().put("other_user_id", "2"), "other_user_id must be an integer");
      assertRefused(a, new JsonObject().put("other_user_id", -3), "other_user_id must be a positive integer");
      assertRefused(a, new JsonObject().put("typing", "yes"), "typing must be true or false");
      assertRefused(a, new JsonObject().put("other_user_id", bob.id()).put("typing", 1), "typing must be true or false");
      // The refusals above spent nothing: a first good notice goes through.
      assertThat(a.call("typing", typingTo(bob, true)).getBoolean("forwarded")).isTrue();
      b.next("typing", o -> o.getLong("user_id") == alice.id());
      // A user that does not exist is refused every time, not only the first.
      assertRefused(a, new JsonObject().put("other_user_id", 999_999_999L), "User not found");
    }
  }

  private static void assertRefused(ChatClient client, JsonObject data, String message) {
    assertThat(client.call("typing", data).getMap()).isEqualTo(Map.of("ok", false, "message", message));
    assertThat(client.next("error", o -> o.getString("message").equals(message))).isNotNull();
  }

  @Test
  void noticesAreNeverStored() {
    Account alice = server.account("typ");
    Account bob = server.account("typ");
    try (ChatClient a = ChatClient.of(server, alice, "websocket")) {
      a.call("typing", typingTo(bob, true));
      assertThat(server.get("/api/messages/private/" + bob.id(), alice.token()).json().getJsonArray("messages"))
          .isEmpty();
    }
  }
}
