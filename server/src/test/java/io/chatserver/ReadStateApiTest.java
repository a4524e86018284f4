package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Decisions 38 and 39 over REST, on SQLite and on PostgreSQL: the chat list, read positions, unread counts. */
class ReadStateApiTest {

  private static JsonObject say(String content) {
    return new JsonObject().put("content", content);
  }

  private static JsonObject seq(long seq) {
    return new JsonObject().put("seq", seq);
  }

  private static JsonObject sendPrivate(TestServer server, Account from, Account to, String content) {
    Res res = server.post("/api/messages/private/" + to.id(), from.token(), say(content));
    assertThat(res.status()).isEqualTo(201);
    return res.json();
  }

  private static void deletePrivate(TestServer server, Account author, Account other, JsonObject message) {
    assertThat(server.delete("/api/messages/private/" + other.id() + "/" + message.getLong("id"), author.token())
        .status()).isEqualTo(200);
  }

  private static JsonObject chats(TestServer server, Account caller) {
    Res res = server.get("/api/chats", caller.token());
    assertThat(res.status()).isEqualTo(200);
    return res.json();
  }

  private static JsonObject entry(TestServer server, Account caller, long chatId) {
    JsonArray list = chats(server, caller).getJsonArray("chats");
    return list.stream().map(JsonObject.class::cast).filter(e -> e.getLong("chat_id") == chatId).findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void theChatListIsOrderedByTheNewestMessageThenByTheNewestChat(TestServer server) {
    Account alice = server.account("list");
    Account bob = server.account("list");
    Account carol = server.account("list");
    Account dave = server.account("list");
    Account eve = server.account("list");
    JsonObject first = sendPrivate(server, alice, bob, "one");
    JsonObject toCarol = sendPrivate(server, alice, carol, "two");
    deletePrivate(server, alice, dave, sendPrivate(server, alice, dave, "gone")); // a chat without messages
    deletePrivate(server, alice, eve, sendPrivate(server, alice, eve, "gone too")); // a newer one
    JsonObject fromBob = sendPrivate(server, bob, alice, "four");

    JsonObject list = chats(server, alice);
    List<JsonObject> entries = list.getJsonArray("chats").stream().map(JsonObject.class::cast).toList();
    assertThat(entries).extracting(e -> e.getJsonObject("other_user").getLong("id"))
        .containsExactly(bob.id(), carol.id(), eve.id(), dave.id());

    JsonObject withBob = entries.get(0);
    assertThat(withBob.fieldNames()).containsExactlyInAnyOrder("chat_id", "other_user", "latest_seq",
        "last_read_seq", "other_last_read_seq", "unread_count", "last_message");
    assertThat(withBob.getLong("chat_id")).isEqualTo(first.getLong("chat_id"));
    assertThat(withBob.getJsonObject("other_user")).isEqualTo(new JsonObject()
        .put("id", bob.id()).put("username", bob.username()).put("avatar_url", null));
    assertThat(withBob.getLong("latest_seq")).isEqualTo(2);
    assertThat(withBob.getLong("last_read_seq")).isEqualTo(1); // her own send
    assertThat(withBob.getLong("other_last_read_seq")).isEqualTo(2); // his own send
    assertThat(withBob.getLong("unread_count")).isEqualTo(1);
    // The newest message, in the shape of private history.
    JsonArray history = server.get("/api/messages/private/" + bob.id(), alice.token()).json().getJsonArray("messages");
    assertThat(withBob.getJsonObject("last_message")).isEqualTo(history.getJsonObject(history.size() - 1));
    assertThat(withBob.getJsonObject("last_message").getLong("id")).isEqualTo(fromBob.getLong("id"));
    assertThat(entries.get(1).getJsonObject("last_message").getLong("id")).isEqualTo(toCarol.getLong("id"));
    assertThat(entries.get(1).getLong("unread_count")).isZero();
    assertThat(entries.get(2).getValue("last_message")).isNull();
    assertThat(entries.get(2).getLong("latest_seq")).isEqualTo(2);
    assertThat(entries.get(3).getValue("last_message")).isNull();

    // A new message moves its chat to the top; bob sees only his own chats.
    sendPrivate(server, dave, alice, "back");
    assertThat(chats(server, alice).getJsonArray("chats").getJsonObject(0).getJsonObject("other_user").getLong("id"))
        .isEqualTo(dave.id());
    assertThat(chats(server, bob).getJsonArray("chats")).hasSize(1);
    assertThat(chats(server, server.account("list")).getJsonArray("chats")).isEmpty();
    assertThat(server.get("/api/chats", null).status()).isEqualTo(401);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void unreadCountsFollowSendsDeletionsAndReads(TestServer server) {
    Account alice = server.account("unread");
    Account bob = server.account("unread");
    String readPath = "/api/messages/private/" + bob.id() + "/read";
    JsonObject b1 = sendPrivate(server, bob, alice, "b1");
    JsonObject b2 = sendPrivate(server, bob, alice, "b2");
    JsonObject b3 = sendPrivate(server, bob, alice, "b3");
    long chat = b1.getLong("chat_id");
    assertThat(entry(server, alice, chat).getLong("unread_count")).isEqualTo(3);
    assertThat(entry(server, bob, chat).getLong("unread_count")).isZero(); // his own messages
    deletePrivate(server, bob, alice, b2);
    assertThat(entry(server, alice, chat).getLong("unread_count")).isEqualTo(2);

    // Reading answers the chat-list entry.
    Res read = server.post(readPath, alice.token(), seq(b1.getLong("seq")));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(entry(server, alice, chat));
    assertThat(read.json().getLong("last_read_seq")).isEqualTo(b1.getLong("seq"));
    assertThat(read.json().getLong("unread_count")).isEqualTo(1);
    assertThat(entry(server, bob, chat).getLong("other_last_read_seq")).isEqualTo(b1.getLong("seq"));
    // Never backwards: a lower seq is accepted and changes nothing.
    Res lower = server.post(readPath, alice.token(), seq(0));
    assertThat(lower.status()).isEqualTo(200);
    assertThat(lower.json().getLong("last_read_seq")).isEqualTo(b1.getLong("seq"));
    // Above latest_seq (4: three sends, one deletion), or not a seq at all: 400.
    long latest = read.json().getLong("latest_seq");
    assertThat(latest).isEqualTo(4);
    for (Object bad : List.of(seq(latest + 1), seq(-1), new JsonObject(), new JsonObject().put("seq", "3"),
        new JsonObject().put("seq", 1.5))) {
      Res refused = server.post(readPath, alice.token(), bad);
      assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
      assertThat(refused.json().fieldNames()).containsExactly("message");
    }
    assertThat(entry(server, alice, chat).getLong("last_read_seq")).isEqualTo(b1.getLong("seq"));

    // Deleting a message already read changes nothing; her own send reads everything before it.
    deletePrivate(server, bob, alice, b1);
    assertThat(entry(server, alice, chat).getLong("unread_count")).isEqualTo(1);
    JsonObject mine = sendPrivate(server, alice, bob, "a1");
    JsonObject afterSend = entry(server, alice, chat);
    assertThat(afterSend.getLong("last_read_seq")).isEqualTo(mine.getLong("seq"));
    assertThat(afterSend.getLong("unread_count")).isZero();
    assertThat(entry(server, bob, chat).getLong("other_last_read_seq")).isEqualTo(mine.getLong("seq"));
    assertThat(entry(server, bob, chat).getLong("unread_count")).isEqualTo(1);
    sendPrivate(server, bob, alice, "b4");
    JsonObject b5 = sendPrivate(server, bob, alice, "b5");
    assertThat(entry(server, alice, chat).getLong("unread_count")).isEqualTo(2);
    assertThat(server.post(readPath, alice.token(), seq(b5.getLong("seq"))).json().getLong("unread_count")).isZero();
    deletePrivate(server, bob, alice, b3);
    assertThat(entry(server, alice, chat).getLong("unread_count")).isZero();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void thePublicPositionStartsAtRegistrationAndMovesOnSendAndRead(TestServer server) {
    Account talker = server.account("pub");
    server.post("/api/messages", talker.token(), say("before you came"));
    Account fresh = server.account("pub");
    JsonObject start = chats(server, fresh).getJsonObject("public");
    assertThat(start.fieldNames()).containsExactlyInAnyOrder("latest_seq", "last_read_seq", "unread_count");
    assertThat(start.getLong("last_read_seq")).isEqualTo(start.getLong("latest_seq")).isPositive();
    assertThat(start.getLong("unread_count")).isZero();

    JsonObject m1 = server.post("/api/messages", talker.token(), say("p1")).json();
    JsonObject m2 = server.post("/api/messages", talker.token(), say("p2")).json();
    assertThat(chats(server, fresh).getJsonObject("public").getLong("unread_count")).isEqualTo(2);
    assertThat(server.delete("/api/messages/" + m2.getLong("id"), talker.token()).status()).isEqualTo(200);
    assertThat(chats(server, fresh).getJsonObject("public").getLong("unread_count")).isEqualTo(1);

    Res read = server.post("/api/messages/read", fresh.token(), seq(m1.getLong("seq")));
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(chats(server, fresh).getJsonObject("public"));
    assertThat(read.json().getLong("unread_count")).isZero();
    assertThat(server.post("/api/messages/read", fresh.token(), seq(0)).json().getLong("last_read_seq"))
        .isEqualTo(m1.getLong("seq"));
    long latest = read.json().getLong("latest_seq");
    assertThat(server.post("/api/messages/read", fresh.token(), seq(latest + 1)).status()).isEqualTo(400);

    server.post("/api/messages", talker.token(), say("p3"));
    JsonObject own = server.post("/api/messages", fresh.token(), say("mine")).json();
    JsonObject after = chats(server, fresh).getJsonObject("public");
    assertThat(after.getLong("last_read_seq")).isEqualTo(own.getLong("seq"));
    assertThat(after.getLong("unread_count")).isZero();
    assertThat(server.post("/api/messages/read", null, seq(0)).status()).isEqualTo(401);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void nobodyReadsAnotherPairsChat(TestServer server) {
    Account alice = server.account("bola");
    Account bob = server.account("bola");
    Account mallory = server.account("bola");
    JsonObject sent = sendPrivate(server, alice, bob, "ours");
    long chat = sent.getLong("chat_id");
    // Mallory has no chat with bob: her read there is 404 and moves nobody's position.
    Res refused = server.post("/api/messages/private/" + bob.id() + "/read", mallory.token(), seq(0));
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.json().fieldNames()).containsExactly("message");
    assertThat(server.post("/api/messages/private/999999999/read", mallory.token(), seq(0)).status()).isEqualTo(404);
    assertThat(server.post("/api/messages/private/" + mallory.id() + "/read", mallory.token(), seq(0)).status())
        .isEqualTo(400); // oneself
    assertThat(chats(server, mallory).getJsonArray("chats")).isEmpty();
    assertThat(entry(server, bob, chat).getLong("last_read_seq")).isZero();
    assertThat(entry(server, bob, chat).getLong("unread_count")).isEqualTo(1);
  }
}
