package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions 21-27 through the Java socket.io-client: every event, payload shape and error. */
@ExtendWith(TestServerExtension.class)
class SocketEventsTest {

  static TestServer server; // started and closed by TestServerExtension

  private static JsonObject content(String text) {
    return new JsonObject().put("content", text);
  }

  private static JsonObject privateTo(Account other, String text) {
    return new JsonObject().put("other_user_id", other.id()).put("content", text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void publicMessageReachesTheRoomInTheDocumentedShape(String transport) {
    Account alice = server.account("pub");
    Account bob = server.account("pub");
    try (ChatClient a = ChatClient.connected(server.chatServer().port(), alice.token(), transport);
         ChatClient b = ChatClient.connected(server.chatServer().port(), bob.token(), transport)) {
      assertThat(b.call("join_public").getBoolean("ok")).isTrue();
      JsonObject ack = a.call("send_public_message", content("hello room"));
      assertThat(ack.getBoolean("ok")).isTrue();
      JsonObject m = b.next("new_public_message", o -> o.getString("content").equals("hello room"));
      assertThat(m.fieldNames()).containsExactlyInAnyOrder(
          "id", "content", "timestamp", "user", "username", "user_id", "avatar_url", "client_id", "seq",
          "edited_at", "reactions");
      assertThat(m.getLong("id")).isEqualTo(ack.getLong("id"));
      assertThat(m.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
      assertThat(m.getJsonObject("user").getMap()).isEqualTo(
          java.util.Map.of("id", (int) alice.id(), "username", alice.username()));
      assertThat(m.getString("username")).isEqualTo(alice.username());
      assertThat(m.getLong("user_id")).isEqualTo(alice.id());
      assertThat((m.getValue("avatar_url") == null)).isTrue();
      // The sender is not in the room, so it is not shown its own message (decision 22).
      b.call("get_online_users");
      assertThat(a.count("new_public_message", o -> o.getString("content").equals("hello room"))).isZero();
      // And it is stored: REST history has it.
      assertThat(server.get("/api/messages?limit=5", bob.token()).body()).contains("hello room");
    }
  }

  @Test
  void presenceIsPerUserNotPerSocket() {
    Account alice = server.account("presence");
    Account bob = server.account("presence");
    try (ChatClient b = ChatClient.of(server, bob);
         ChatClient a1 = ChatClient.of(server, alice);
         ChatClient a2 = ChatClient.of(server, alice)) {
      b.call("join_public");
      b.next("user_joined", o -> o.getLong("user_id") == bob.id());
      a1.call("join_public");
      JsonObject joined = b.next("user_joined", o -> o.getLong("user_id") == alice.id());
      assertThat(joined.getMap()).isEqualTo(java.util.Map.of("user_id", (int) alice.id(), "username",
          alice.username(), "message", alice.username() + " joined the public chat"));
      a1.next("user_joined", o -> o.getLong("user_id") == alice.id());
      // A second tab of alice hears its own join; bob and the first tab hear nothing more.
      a2.call("join_public");
      a2.next("user_joined", o -> o.getLong("user_id") == alice.id());
      JsonArray users = b.call("get_online_users").getJsonArray("users");
      assertThat(users.size()).isEqualTo(2);
      assertThat(b.next("online_users").getJsonArray("users").size()).isEqualTo(2);
      assertThat(b.count("user_joined", o -> o.getLong("user_id") == alice.id())).isZero();
      assertThat(a1.count("user_joined", o -> o.getLong("user_id") == alice.id())).isZero();
      // One tab leaving keeps alice online; the last one going tells the room.
      a2.call("leave_public");
      a1.close();
      JsonObject left = b.next("user_left", o -> o.getLong("user_id") == alice.id());
      assertThat(left.getString("message")).isEqualTo(alice.username() + " left the public chat");
      assertThat(b.call("get_online_users").getJsonArray("users").getList()).hasSize(1);
      assertThat(b.count("user_left", o -> o.getLong("user_id") == alice.id())).isZero();
    }
  }

  @Test
  void onlineUsersListsEachUserInThePublicRoomOnce() {
    Account alice = server.account("online");
    Account lurker = server.account("online");
    try (ChatClient a1 = ChatClient.of(server, alice); ChatClient a2 = ChatClient.of(server, alice); ChatClient l = ChatClient.of(server, lurker)) {
      a1.call("join_public");
      a2.call("join_public");
      JsonObject ack = l.call("get_online_users");
      JsonObject answer = l.next("online_users");
      assertThat(answer.fieldNames()).containsExactlyInAnyOrder("users", "total", "has_more");
      JsonArray users = answer.getJsonArray("users");
      long alices = 0;
      for (int i = 0; i < users.size(); i++) {
        JsonObject u = users.getJsonObject(i);
        assertThat(u.fieldNames()).containsExactlyInAnyOrder("id", "username", "avatar_url");
        assertThat(u.getLong("id")).isNotEqualTo(lurker.id());
        alices += u.getLong("id") == alice.id() ? 1 : 0;
      }
      assertThat(alices).isEqualTo(1);
      assertThat(ack.getJsonArray("users").size()).isEqualTo(users.size());
    }
  }

  @Test
  void onlineUsersComeByIdInCappedPages() throws Exception {
    try (TestServer alone = TestServer.start()) {
      List<Account> accounts = new ArrayList<>();
      List<ChatClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          Account account = alone.account("page");
          accounts.add(account);
          ChatClient client = ChatClient.connected(alone.chatServer().port(), account.token(), "websocket");
          clients.add(client);
          client.call("join_public");
        }
        List<Long> ids = accounts.stream().map(Account::id).sorted().toList();
        ChatClient asker = clients.get(2);

        JsonObject everyone = asker.call("get_online_users");
        assertThat(idsOf(everyone)).isEqualTo(ids);
        assertThat(everyone.getInteger("total")).isEqualTo(5);
        assertThat(everyone.getBoolean("has_more")).isFalse();

        List<Long> paged = new ArrayList<>();
        Long after = null;
        for (int pages = 1; ; pages++) {
          JsonObject query = new JsonObject().put("limit", 2);
          if (after != null) {
            query.put("after", after);
          }
          JsonObject page = asker.call("get_online_users", query);
          assertThat(page.getJsonArray("users").size()).isLessThanOrEqualTo(2);
          assertThat(page.getInteger("total")).isEqualTo(5);
          paged.addAll(idsOf(page));
          after = paged.get(paged.size() - 1);
          if (!page.getBoolean("has_more")) {
            assertThat(pages).isEqualTo(3);
            break;
          }
        }
        assertThat(paged).isEqualTo(ids);

        assertError(asker, "get_online_users", new JsonObject().put("limit", 0), "limit must be from 1 to 1000");
        assertError(asker, "get_online_users", new JsonObject().put("limit", 1001), "limit must be from 1 to 1000");
        assertError(asker, "get_online_users", new JsonObject().put("after", "x"), "after must be an integer");

        // A user whose last socket left is no longer counted.
        clients.get(0).close();
        await().atMost(ChatClient.WAIT).until(() -> asker.call("get_online_users").getInteger("total") == 4);
        assertThat(idsOf(asker.call("get_online_users"))).doesNotContain(accounts.get(0).id());
      } finally {
        clients.forEach(ChatClient::close);
      }
    }
  }

  private static List<Long> idsOf(JsonObject onlineUsers) {
    List<Long> ids = new ArrayList<>();
    onlineUsers.getJsonArray("users").forEach(u -> ids.add(((JsonObject) u).getLong("id")));
    return ids;
  }

  @Test
  void privateMessageReachesEverySocketOfBothUsersOnce() {
    Account alice = server.account("priv");
    Account bob = server.account("priv");
    Account eve = server.account("priv");
    try (ChatClient a1 = ChatClient.of(server, alice); ChatClient a2 = ChatClient.connected(server.chatServer().port(),
        alice.token(), "polling"); ChatClient b = ChatClient.of(server, bob); ChatClient e = ChatClient.of(server, eve)) {
      e.call("join_public");
      JsonObject ack = b.call("send_private_message", privateTo(alice, "psst"));
      assertThat(ack.getBoolean("ok")).isTrue();
      for (ChatClient c : new ChatClient[] {a1, a2, b}) {
        JsonObject m = c.next("new_private_message", o -> o.getString("content").equals("psst"));
        assertThat(m.fieldNames()).containsExactlyInAnyOrder(
            "id", "content", "timestamp", "sender", "username", "sender_id", "chat_id", "client_id", "seq",
            "edited_at", "reactions");
        assertThat(m.getLong("sender_id")).isEqualTo(bob.id());
        assertThat(m.getLong("chat_id")).isEqualTo(ack.getLong("chat_id"));
        assertThat(m.getJsonObject("sender").getString("username")).isEqualTo(bob.username());
      }
      // Same chat from either side; eve hears nothing of it.
      JsonObject back = a1.call("send_private_message", privateTo(bob, "hi"));
      assertThat(back.getLong("chat_id")).isEqualTo(ack.getLong("chat_id"));
      b.next("new_private_message", o -> o.getString("content").equals("hi"));
      e.call("get_online_users");
      assertThat(e.count("new_private_message", o -> true)).isZero();
      assertThat(a1.count("new_private_message", o -> true)).isEqualTo(1);
      a1.next("new_private_message", o -> o.getString("content").equals("hi"));
      assertThat(a1.count("new_private_message", o -> true)).isZero();
    }
  }

  @Test
  void joinAndLeavePrivateAnswerWithTheChat() {
    Account alice = server.account("room");
    Account bob = server.account("room");
    try (ChatClient a = ChatClient.of(server, alice)) {
      JsonObject ack = a.call("join_private", new JsonObject().put("other_user_id", bob.id()));
      JsonObject joined = a.next("joined_private");
      assertThat(joined.fieldNames()).containsExactlyInAnyOrder("chat_id", "room", "other_user");
      assertThat(joined.getString("room")).isEqualTo("private_chat_" + joined.getLong("chat_id"));
      assertThat(joined.getJsonObject("other_user").getMap())
          .isEqualTo(java.util.Map.of("id", (int) bob.id(), "username", bob.username()));
      assertThat(ack.getBoolean("ok")).isTrue();
      assertThat(ack.getLong("chat_id")).isEqualTo(joined.getLong("chat_id"));
      a.emit("leave_private", new JsonObject().put("other_user_id", bob.id()));
      assertThat(a.next("left_private").getMap()).isEqualTo(java.util.Map.of("chat_id", joined.getInteger("chat_id")));
    }
  }

  @Test
  void badEventsAnswerWithErrorAndAFailedAcknowledgement() {
    Account alice = server.account("bad");
    try (ChatClient a = ChatClient.of(server, alice)) {
      assertError(a, "send_public_message", new JsonObject(), "content is required");
      assertError(a, "send_public_message", new JsonObject().put("content", 42), "content must be a string");
      assertError(a, "send_public_message", content("   "), "content must not be empty");
      assertError(a, "send_public_message", content("x".repeat(4001)), "at most 4000");
      assertThat(a.call("send_public_message", content("x".repeat(4000))).getBoolean("ok")).isTrue();
      assertError(a, "send_public_message", "just a string", "must be a JSON object");
      assertError(a, "send_private_message", content("no one"), "other_user_id is required");
      assertError(a, "send_private_message", new JsonObject().put("other_user_id", "2").put("content", "x"),
          "positive integer");
      assertError(a, "send_private_message", privateTo(alice, "me"), "Cannot send message to yourself");
      assertError(a, "send_private_message", new JsonObject().put("other_user_id", 99_999_999).put("content", "x"),
          "User not found");
      assertError(a, "join_private", new JsonObject().put("other_user_id", 99_999_999), "User not found");
      assertError(a, "join_private", new JsonObject().put("other_user_id", -1), "positive integer");
      Account stranger = server.account("bad");
      assertError(a, "leave_private", new JsonObject().put("other_user_id", stranger.id()), "not found");
      assertError(a, "no_such_event", new JsonObject(), "Unknown event 'no_such_event'");
      // Without a callback a bad event still answers with `error`.
      a.emit("send_public_message", content(""));
      assertThat(a.next("error").getString("message")).isEqualTo("content must not be empty");
    }
  }

  private static void assertError(ChatClient client, String event, Object data, String expected) {
    JsonObject ack = client.call(event, data);
    assertThat(ack.getBoolean("ok")).as(event + " " + data).isFalse();
    assertThat(ack.getString("message")).contains(expected);
    JsonObject error = client.next("error");
    assertThat(error.fieldNames()).containsExactly("message");
    assertThat(error.getString("message")).isEqualTo(ack.getString("message"));
  }

  @Test
  void deletingAUserRetractsTheirPublicMessagesAndEndsTheirChats() {
    Account doomed = server.account("gone");
    Account partner = server.account("gone");
    Account watcher = server.account("gone");
    List<Long> theirs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      theirs.add(server.post("/api/messages", doomed.token(), content("soon gone " + i)).json().getLong("id"));
    }
    long kept = server.post("/api/messages", watcher.token(), content("stays")).json().getLong("id");
    long chatId = server.post("/api/messages/private/" + partner.id(), doomed.token(), content("psst"))
        .json().getLong("chat_id");
    try (ChatClient w = ChatClient.of(server, watcher); ChatClient p1 = ChatClient.of(server, partner); ChatClient p2 = ChatClient.of(server, partner);
         ChatClient d = ChatClient.of(server, doomed)) {
      w.call("join_public");
      p1.call("join_private", new JsonObject().put("other_user_id", doomed.id())); // p2 never joined it

      assertThat(server.delete("/api/users/" + doomed.id(), doomed.token()).status()).isEqualTo(200);

      for (long id : theirs) {
        JsonObject deleted = w.next("message_deleted", o -> o.getLong("id") == id);
        assertThat(deleted.getMap()).containsOnlyKeys("id", "chat_id", "seq").containsEntry("chat_id", null);
      }
      for (ChatClient p : new ChatClient[] {p1, p2}) {
        JsonObject ended = p.next("chat_deleted");
        assertThat(ended.getMap()).isEqualTo(java.util.Map.of("chat_id", (int) chatId));
      }
      // Nothing else: the round trip answers after any push that was coming.
      w.call("get_online_users");
      p1.call("get_online_users");
      assertThat(w.count("message_deleted", o -> o.getLong("id") == kept)).isZero();
      assertThat(w.count("chat_deleted", o -> true)).isZero();
      assertThat(p1.count("chat_deleted", o -> true)).isZero();
      assertThat(d.disconnected).succeedsWithin(ChatClient.WAIT);
    }
  }

  @Test
  void restMessagesAndDeletionsArePushedLikeSocketOnes() {
    Account alice = server.account("rest");
    Account bob = server.account("rest");
    try (ChatClient a = ChatClient.of(server, alice); ChatClient b = ChatClient.of(server, bob)) {
      b.call("join_public");
      TestServer.Res posted = server.post("/api/messages", alice.token(), new JsonObject().put("content", "via rest"));
      assertThat(posted.status()).isEqualTo(201);
      long id = posted.json().getLong("id");
      JsonObject pushed = b.next("new_public_message", o -> o.getLong("id") == id);
      assertThat(pushed.getJsonObject("user").getLong("id")).isEqualTo(alice.id());
      assertThat(server.delete("/api/messages/" + id, alice.token()).status()).isEqualTo(200);
      JsonObject deleted = b.next("message_deleted", o -> o.getLong("id") == id && (o.getValue("chat_id") == null));
      assertThat(deleted.fieldNames()).containsExactlyInAnyOrder("id", "chat_id", "seq");
      assertThat(deleted.getLong("seq")).isGreaterThan(posted.json().getLong("seq"));

      TestServer.Res priv = server.post("/api/messages/private/" + bob.id(), alice.token(),
          new JsonObject().put("content", "rest private"));
      assertThat(priv.status()).isEqualTo(201);
      long pid = priv.json().getLong("id");
      long chatId = priv.json().getLong("chat_id");
      for (ChatClient c : new ChatClient[] {a, b}) {
        assertThat(c.next("new_private_message", o -> o.getLong("id") == pid).getLong("chat_id")).isEqualTo(chatId);
      }
      assertThat(server.delete("/api/messages/private/" + bob.id() + "/" + pid, alice.token()).status())
          .isEqualTo(200);
      for (ChatClient c : new ChatClient[] {a, b}) {
        c.next("message_deleted", o -> o.getLong("id") == pid && o.getValue("chat_id") != null && o.getLong("chat_id") == chatId);
      }
    }
  }
}
