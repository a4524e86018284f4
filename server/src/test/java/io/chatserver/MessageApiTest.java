package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestServerExtension.class)
class MessageApiTest {

  static TestServer server; // started and closed by TestServerExtension
  static Account alice;
  static Account bob;
  static Account carol;

  @BeforeAll
  static void start() throws Exception {
    alice = server.account("alice");
    bob = server.account("bob");
    carol = server.account("carol");
  }

  static JsonObject content(String text) {
    return new JsonObject().put("content", text);
  }

  @Test
  void postAndListPublicMessage() {
    Res posted = server.post("/api/messages", alice.token(), content("Hello everyone!"));
    assertThat(posted.status()).isEqualTo(201);
    JsonObject m = posted.json();
    assertThat(m.getLong("id")).isPositive();
    assertThat(m.getString("content")).isEqualTo("Hello everyone!");
    assertThat(m.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(m.getLong("user_id")).isEqualTo(alice.id());
    assertThat(m.getString("username")).isEqualTo(alice.username());
    assertThat(m.containsKey("avatar_url")).isTrue();

    JsonArray list = server.get("/api/messages", bob.token()).json().getJsonArray("messages");
    assertThat(list.getJsonObject(list.size() - 1)).isEqualTo(m);
  }

  /** C111: the newest page may come from memory; every change that alters it is seen by the next read. */
  @Test
  void theNewestPageFollowsEveryChange() {
    Account dave = server.account("dave");
    long id = server.post("/api/messages", dave.token(), content("first")).json().getLong("id");
    assertThat(newest(bob).getString("content")).isEqualTo("first");
    assertThat(newest(bob).getString("content")).isEqualTo("first"); // the kept page

    assertThat(server.send("PATCH", "/api/messages/" + id, dave.token(), content("edited")).status()).isEqualTo(200);
    assertThat(newest(bob).getString("content")).isEqualTo("edited");

    assertThat(server.put("/api/messages/" + id + "/reactions/%F0%9F%91%8D", bob.token(), null).status())
        .isEqualTo(200);
    assertThat(newest(carol).getJsonArray("reactions")).isNotEmpty();

    assertThat(server.put("/api/users/" + dave.id(), dave.token(), new JsonObject().put("username", "david"))
        .status()).isEqualTo(200);
    assertThat(newest(carol).getString("username")).isEqualTo("david");

    long next = server.post("/api/messages", dave.token(), content("second")).json().getLong("id");
    assertThat(newest(carol).getLong("id")).isEqualTo(next);
    assertThat(server.delete("/api/messages/" + next, dave.token()).status()).isEqualTo(200);
    assertThat(newest(carol).getLong("id")).isEqualTo(id);

    // Another limit is another page; an older page (before=) is always read.
    assertThat(server.get("/api/messages?limit=1", bob.token()).json().getJsonArray("messages")).hasSize(1);
    assertThat(server.get("/api/messages?limit=2&before=" + id, bob.token()).json().getJsonArray("messages")
        .stream().map(m -> ((JsonObject) m).getLong("id"))).allMatch(mid -> mid < id);

    assertThat(server.delete("/api/users/" + dave.id(), dave.token()).status()).isEqualTo(200);
    assertThat(server.get("/api/messages?limit=5", bob.token()).json().getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getLong("user_id"))).doesNotContain(dave.id());
  }

  private static JsonObject newest(Account reader) {
    JsonArray page = server.get("/api/messages?limit=5", reader.token()).json().getJsonArray("messages");
    return page.getJsonObject(page.size() - 1);
  }

  @Test
  void messagesNeedAToken() {
    assertThat(server.get("/api/messages", null).status()).isEqualTo(401);
    assertThat(server.post("/api/messages", null, content("x")).status()).isEqualTo(401);
    assertThat(server.get("/api/messages/private/" + bob.id(), null).status()).isEqualTo(401);
    assertThat(server.delete("/api/messages/1", null).status()).isEqualTo(401);
  }

  @Test
  void contentLimits() {
    assertThat(server.post("/api/messages", alice.token(), content("a".repeat(4000))).status()).isEqualTo(201);
    assertThat(server.post("/api/messages", alice.token(), content("a".repeat(4001))).status()).isEqualTo(400);
    assertThat(server.post("/api/messages", alice.token(), content("   \n\t ")).status()).isEqualTo(400);
    assertThat(server.post("/api/messages", alice.token(), content("")).status()).isEqualTo(400);
    assertThat(server.post("/api/messages", alice.token(), new JsonObject().put("content", 123)).status())
        .isEqualTo(400);
    assertThat(server.post("/api/messages", alice.token(), new JsonObject()).status()).isEqualTo(400);
    assertThat(server.post("/api/messages", alice.token(), "{oops").status()).isEqualTo(400);
    assertThat(server.post("/api/messages/private/" + bob.id(), alice.token(), content("b".repeat(4001))).status())
        .isEqualTo(400);
  }

  @Test
  void paginationOldestFirstWithLimitAndBefore() throws Exception {
    try (TestServer fresh = TestServer.start()) {
      Account a = fresh.account("pager");
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 105; i++) {
        ids.add(fresh.post("/api/messages", a.token(), content("m" + i)).json().getLong("id"));
      }
      JsonArray defaults = fresh.get("/api/messages", a.token()).json().getJsonArray("messages");
      assertThat(defaults).hasSize(100);
      assertThat(defaults.getJsonObject(0).getLong("id")).isEqualTo(ids.get(5));
      assertThat(defaults.getJsonObject(99).getLong("id")).isEqualTo(ids.get(104));

      JsonArray page = fresh.get("/api/messages?limit=3", a.token()).json().getJsonArray("messages");
      assertThat(page.stream().map(o -> ((JsonObject) o).getLong("id")).toList()).isEqualTo(ids.subList(102, 105));
      JsonArray older = fresh.get("/api/messages?limit=3&before=" + ids.get(102), a.token()).json()
          .getJsonArray("messages");
      assertThat(older.stream().map(o -> ((JsonObject) o).getLong("id")).toList()).isEqualTo(ids.subList(99, 102));
      assertThat(fresh.get("/api/messages?limit=1000", a.token()).json().getJsonArray("messages")).hasSize(105);
      assertThat(fresh.get("/api/messages?before=" + ids.get(0), a.token()).json().getJsonArray("messages")).isEmpty();
      for (String bad : new String[] {"limit=0", "limit=1001", "limit=abc", "before=abc", "before=0", "limit=-1",
          "limit=1.5"}) {
        Res res = fresh.get("/api/messages?" + bad, a.token());
        assertThat(res.status()).as(bad).isEqualTo(400);
        assertThat(res.message()).isNotBlank();
      }
    }
  }

  @Test
  void deletePublicMessage() {
    long id = server.post("/api/messages", alice.token(), content("to delete")).json().getLong("id");
    Res forbidden = server.delete("/api/messages/" + id, bob.token());
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.message()).isEqualTo("Can only delete own messages");
    Res deleted = server.delete("/api/messages/" + id, alice.token());
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.message()).isEqualTo("Message deleted");
    assertThat(server.delete("/api/messages/" + id, alice.token()).status()).isEqualTo(404);
    assertThat(server.delete("/api/messages/99999999", alice.token()).status()).isEqualTo(404);
    assertThat(server.delete("/api/messages/abc", alice.token()).status()).isEqualTo(400);
    assertThat(server.delete("/api/messages/0", alice.token()).status()).isEqualTo(400);
    assertThat(server.delete("/api/messages/-3", alice.token()).status()).isEqualTo(400);
  }

  @Test
  void privateChatIsSymmetric() {
    Res first = server.post("/api/messages/private/" + bob.id(), alice.token(), content("hi bob"));
    assertThat(first.status()).isEqualTo(201);
    JsonObject m = first.json();
    assertThat(m.getLong("sender_id")).isEqualTo(alice.id());
    assertThat(m.getString("username")).isEqualTo(alice.username());
    assertThat(m.getString("timestamp")).endsWith("Z");
    Res reply = server.post("/api/messages/private/" + alice.id(), bob.token(), content("hi alice"));
    assertThat(reply.json().getLong("chat_id")).isEqualTo(m.getLong("chat_id"));

    JsonArray fromAlice = server.get("/api/messages/private/" + bob.id(), alice.token()).json().getJsonArray("messages");
    JsonArray fromBob = server.get("/api/messages/private/" + alice.id(), bob.token()).json().getJsonArray("messages");
    assertThat(fromAlice).isEqualTo(fromBob);
    assertThat(fromAlice.getJsonObject(fromAlice.size() - 2)).isEqualTo(m);
    assertThat(fromAlice.getJsonObject(fromAlice.size() - 1).getString("content")).isEqualTo("hi alice");
    // Carol is in neither side of that chat.
    assertThat(server.get("/api/messages/private/" + bob.id(), carol.token()).json().getJsonArray("messages"))
        .isEmpty();
    assertThat(server.get("/api/messages/private/" + bob.id() + "?limit=1", alice.token()).json()
        .getJsonArray("messages")).hasSize(1);
    assertThat(server.get("/api/messages/private/" + bob.id() + "?limit=0", alice.token()).status()).isEqualTo(400);
  }

  @Test
  void racingFirstMessagesFromBothSidesShareOneChat() {
    Account x = server.account("race_x");
    Account y = server.account("race_y");
    List<Res> results = server.concurrently(java.util.stream.IntStream.range(0, 6)
        .<java.util.function.Supplier<Res>>mapToObj(i -> () -> i % 2 == 0
            ? server.post("/api/messages/private/" + y.id(), x.token(), content("x" + i))
            : server.post("/api/messages/private/" + x.id(), y.token(), content("y" + i)))
        .toList());
    assertThat(results).extracting(Res::status).containsOnly(201);
    assertThat(results.stream().map(r -> r.json().getLong("chat_id")).distinct()).hasSize(1);
    assertThat(server.get("/api/messages/private/" + x.id(), y.token()).json().getJsonArray("messages")).hasSize(6);
  }

  /**
   * C115: on SQLite a send into an existing chat reads the chat, its seq and the sender's profile in one
   * statement; the profile is the current one, the seqs stay gap-free, and once the other user is gone
   * (and their chats with them) the send is refused as before.
   */
  @Test
  void sendsIntoAnExistingChatCarryTheCurrentProfileAndStopWhenTheOtherUserIsGone() {
    Account sender = server.account("c115_s");
    Account other = server.account("c115_o");
    JsonObject first = server.post("/api/messages/private/" + other.id(), sender.token(), content("one")).json();
    assertThat(first.getValue("avatar_url")).isNull();
    assertThat(server.put("/api/users/" + sender.id(), sender.token(),
        new JsonObject().put("avatar_url", "https://example.com/c115.png")).status()).isEqualTo(200);
    JsonObject second = server.post("/api/messages/private/" + other.id(), sender.token(), content("two")).json();
    assertThat(second.getString("avatar_url")).isEqualTo("https://example.com/c115.png");
    assertThat(second.getString("username")).isEqualTo(sender.username());
    assertThat(second.getLong("chat_id")).isEqualTo(first.getLong("chat_id"));
    assertThat(second.getLong("seq")).isEqualTo(first.getLong("seq") + 1);
    JsonObject reply = server.post("/api/messages/private/" + sender.id(), other.token(), content("three")).json();
    assertThat(reply.getLong("seq")).isEqualTo(second.getLong("seq") + 1);
    assertThat(reply.getString("username")).isEqualTo(other.username());

    assertThat(server.delete("/api/users/" + other.id(), other.token()).status()).isEqualTo(200);
    Res gone = server.post("/api/messages/private/" + other.id(), sender.token(), content("four"));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.message()).isEqualTo("User not found");
  }

  @Test
  void privateMessageRules() {
    Res self = server.post("/api/messages/private/" + alice.id(), alice.token(), content("me"));
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.message()).isEqualTo("Cannot send message to yourself");
    assertThat(server.post("/api/messages/private/99999999", alice.token(), content("x")).status()).isEqualTo(404);
    assertThat(server.get("/api/messages/private/99999999", alice.token()).status()).isEqualTo(404);
    assertThat(server.post("/api/messages/private/abc", alice.token(), content("x")).status()).isEqualTo(400);
  }

  @Test
  void deletePrivateMessage() {
    long id = server.post("/api/messages/private/" + bob.id(), alice.token(), content("secret")).json().getLong("id");
    // Carol is not in the chat: 404, whichever "other user" she names.
    Res outsider = server.delete("/api/messages/private/" + alice.id() + "/" + id, carol.token());
    assertThat(outsider.status()).isEqualTo(404);
    assertThat(outsider.message()).isEqualTo("Message not found or invalid chat");
    assertThat(server.delete("/api/messages/private/" + bob.id() + "/" + id, carol.token()).status()).isEqualTo(404);
    // Wrong chat named by a participant: 404.
    assertThat(server.delete("/api/messages/private/" + carol.id() + "/" + id, alice.token()).status()).isEqualTo(404);
    // Bob is in the chat but did not write it: 403.
    Res notOwn = server.delete("/api/messages/private/" + alice.id() + "/" + id, bob.token());
    assertThat(notOwn.status()).isEqualTo(403);
    assertThat(server.delete("/api/messages/private/" + bob.id() + "/" + id, alice.token()).json()
        .getString("message")).isEqualTo("Message deleted");
    assertThat(server.delete("/api/messages/private/" + bob.id() + "/" + id, alice.token()).status()).isEqualTo(404);
    assertThat(server.delete("/api/messages/private/" + bob.id() + "/x", alice.token()).status()).isEqualTo(400);
  }
}
