package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Decisions 41, 42 and 37's reaction part over REST, on SQLite and on PostgreSQL. */
class EditsReactionsApiTest {

  static final String THUMBS = "%F0%9F%91%8D"; // 👍
  static final String HEART = "%E2%9D%A4%EF%B8%8F"; // ❤️ (with its variation selector)

  private static JsonObject content(String text) {
    return new JsonObject().put("content", text);
  }

  private static Res patch(TestServer server, String path, Account caller, String text) {
    return server.send("PATCH", path, caller.token(), content(text));
  }

  private static long latestPublicSeq(TestServer server, Account caller) {
    return server.get("/api/messages/changes?since=0&limit=1", caller.token()).json().getLong("latest_seq");
  }

  private static long latestChatSeq(TestServer server, Account caller, Account other) {
    return server.get("/api/messages/private/" + other.id() + "/changes?since=0&limit=1", caller.token()).json()
        .getLong("latest_seq");
  }

  private static JsonObject historyEntry(TestServer server, String path, Account caller, long id) {
    return server.get(path, caller.token()).json().getJsonArray("messages").stream()
        .map(JsonObject.class::cast).filter(m -> m.getLong("id") == id).findFirst().orElseThrow();
  }

  private static JsonObject reaction(String emoji, long... userIds) {
    JsonArray ids = new JsonArray();
    for (long id : userIds) {
      ids.add(id);
    }
    return new JsonObject().put("emoji", emoji).put("count", userIds.length).put("user_ids", ids);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void onlyTheAuthorEditsAndAnEditIsAChange(TestServer server) {
    Account alice = server.account("ed");
    Account bob = server.account("ed");
    JsonObject posted = server.post("/api/messages", alice.token(), content("helo wrold")).json();
    long id = posted.getLong("id");
    assertThat(posted.containsKey("edited_at")).isTrue();
    assertThat(posted.getString("edited_at")).isNull();
    assertThat(posted.getJsonArray("reactions")).isEmpty();
    String path = "/api/messages/" + id;

    assertThat(patch(server, path, bob, "mine now").status()).isEqualTo(403);
    assertThat(patch(server, "/api/messages/987654321", alice, "x").status()).isEqualTo(404);
    assertThat(patch(server, path, alice, "   ").status()).isEqualTo(400);
    assertThat(patch(server, path, alice, "x".repeat(4001)).status()).isEqualTo(400);
    assertThat(server.send("PATCH", path, alice.token(), new JsonObject()).status()).isEqualTo(400);
    assertThat(server.send("PATCH", path, null, content("x")).status()).isEqualTo(401);
    long before = latestPublicSeq(server, alice);
    assertThat(before).isEqualTo(posted.getLong("seq")); // the refusals took no seq

    Res edited = patch(server, path, alice, "hello world");
    assertThat(edited.status()).isEqualTo(200);
    JsonObject message = edited.json();
    assertThat(message.getString("content")).isEqualTo("hello world");
    assertThat(message.getString("edited_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(message.getString("timestamp")).isEqualTo(posted.getString("timestamp"));
    assertThat(message.getLong("seq")).isEqualTo(before + 1);
    assertThat(latestPublicSeq(server, alice)).isEqualTo(before + 1);

    // The same content again changes nothing: 200, no seq.
    Res same = patch(server, path, alice, "hello world");
    assertThat(same.status()).isEqualTo(200);
    assertThat(same.json()).isEqualTo(message);
    assertThat(latestPublicSeq(server, alice)).isEqualTo(before + 1);

    // History and catch-up show the current state; search follows the edit.
    assertThat(historyEntry(server, "/api/messages", bob, id)).isEqualTo(message);
    JsonArray changes = server.get("/api/messages/changes?since=" + before, bob.token()).json().getJsonArray("changes");
    assertThat(changes).containsExactly(message);
    assertThat(server.get("/api/search?q=wrold", bob.token()).json().getJsonArray("messages")).isEmpty();
    assertThat(server.get("/api/search?q=hello", bob.token()).json().getJsonArray("messages").stream()
        .map(JsonObject.class::cast).map(m -> m.getLong("id"))).contains(id);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void privateEditsAreTheSendersAndInvisibleToOthers(TestServer server) {
    Account alice = server.account("edp");
    Account bob = server.account("edp");
    Account carol = server.account("edp");
    JsonObject posted = server.post("/api/messages/private/" + bob.id(), alice.token(), content("hi bob")).json();
    long id = posted.getLong("id");
    assertThat(posted.getString("edited_at")).isNull();

    assertThat(patch(server, "/api/messages/private/" + alice.id() + "/" + id, bob, "hi alice").status())
        .isEqualTo(403);
    // Another pair's message: 404 through either participant's id.
    assertThat(patch(server, "/api/messages/private/" + alice.id() + "/" + id, carol, "x").status()).isEqualTo(404);
    assertThat(patch(server, "/api/messages/private/" + bob.id() + "/" + id, carol, "x").status()).isEqualTo(404);
    assertThat(patch(server, "/api/messages/private/" + carol.id() + "/" + id, alice, "x").status()).isEqualTo(404);
    assertThat(latestChatSeq(server, alice, bob)).isEqualTo(1);

    Res edited = patch(server, "/api/messages/private/" + bob.id() + "/" + id, alice, "hi Bob!");
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().getLong("seq")).isEqualTo(2);
    assertThat(edited.json().getLong("chat_id")).isEqualTo(posted.getLong("chat_id"));
    assertThat(edited.json().getString("edited_at")).isNotNull();
    assertThat(historyEntry(server, "/api/messages/private/" + alice.id(), bob, id)).isEqualTo(edited.json());
    assertThat(server.get("/api/messages/private/" + alice.id() + "/changes?since=1", bob.token()).json()
        .getJsonArray("changes")).containsExactly(edited.json());
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void reactionsAreIdempotentCountedAndInOrderOfFirstUse(TestServer server) {
    Account alice = server.account("re");
    Account bob = server.account("re");
    long id = server.post("/api/messages", alice.token(), content("react to me")).json().getLong("id");
    String path = "/api/messages/" + id + "/reactions/";
    long start = latestPublicSeq(server, alice);

    Res first = server.put(path + THUMBS, bob.token(), null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getJsonArray("reactions")).containsExactly(reaction("👍", bob.id()));
    assertThat(first.json().getLong("seq")).isEqualTo(start + 1);
    Res repeat = server.put(path + THUMBS, bob.token(), null);
    assertThat(repeat.status()).isEqualTo(200);
    assertThat(repeat.json()).isEqualTo(first.json());
    assertThat(latestPublicSeq(server, alice)).isEqualTo(start + 1);

    server.put(path + HEART, alice.token(), null);
    JsonObject both = server.put(path + THUMBS, alice.token(), null).json();
    assertThat(both.getJsonArray("reactions"))
        .containsExactly(reaction("👍", bob.id(), alice.id()), reaction("❤️", alice.id()));
    assertThat(both.getLong("seq")).isEqualTo(start + 3);

    // The order is that of each emoji's earliest reaction still there (C72): bob's 👍 was, alice's comes after ❤️.
    JsonObject removed = server.delete(path + THUMBS, bob.token()).json();
    assertThat(removed.getJsonArray("reactions"))
        .containsExactly(reaction("❤️", alice.id()), reaction("👍", alice.id()));
    assertThat(removed.getLong("seq")).isEqualTo(start + 4);
    Res removedAgain = server.delete(path + THUMBS, bob.token());
    assertThat(removedAgain.status()).isEqualTo(200);
    assertThat(removedAgain.json()).isEqualTo(removed);
    assertThat(latestPublicSeq(server, alice)).isEqualTo(start + 4);
    // An emoji whose every reaction went is new when it comes back: after ❤️ now.
    server.delete(path + THUMBS, alice.token());
    JsonObject back = server.put(path + THUMBS, bob.token(), null).json();
    assertThat(back.getJsonArray("reactions")).containsExactly(reaction("❤️", alice.id()), reaction("👍", bob.id()));

    // Every message object carries them: history and catch-up (one current state, the latest seq).
    assertThat(historyEntry(server, "/api/messages", alice, id)).isEqualTo(back);
    assertThat(server.get("/api/messages/changes?since=" + start, alice.token()).json().getJsonArray("changes"))
        .containsExactly(back);
    assertThat(back.getString("edited_at")).isNull(); // a reaction is not an edit
  }

  /**
   * A page is a run of ids (its reactions read as one range) or, in a catch-up, scattered ones (read as a
   * list): both give every message its own reactions and no other message's.
   */
  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void pagesOfRunsAndOfScatteredIdsCarryTheirOwnReactions(TestServer server) {
    Account alice = server.account("rx");
    Account bob = server.account("rx");
    long[] ids = new long[12];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = server.post("/api/messages", alice.token(), content("m" + i)).json().getLong("id");
    }
    long since = latestPublicSeq(server, alice);
    server.put("/api/messages/" + ids[0] + "/reactions/" + THUMBS, bob.token(), null);
    server.put("/api/messages/" + ids[11] + "/reactions/" + HEART, alice.token(), null);
    server.put("/api/messages/" + ids[5] + "/reactions/" + THUMBS, alice.token(), null); // not in the catch-up below

    JsonArray changes = server.get("/api/messages/changes?since=" + since + "&limit=2", alice.token()).json()
        .getJsonArray("changes");
    assertThat(changes.stream().map(c -> ((JsonObject) c).getLong("id")).toList()).containsExactly(ids[0], ids[11]);
    assertThat(changes.getJsonObject(0).getJsonArray("reactions")).containsExactly(reaction("👍", bob.id()));
    assertThat(changes.getJsonObject(1).getJsonArray("reactions")).containsExactly(reaction("❤️", alice.id()));

    JsonArray page = server.get("/api/messages?before=" + (ids[11] + 1) + "&limit=12", alice.token()).json()
        .getJsonArray("messages");
    assertThat(page).hasSize(12);
    for (Object o : page) {
      JsonObject m = (JsonObject) o;
      long id = m.getLong("id");
      JsonArray expected = new JsonArray(id == ids[0] ? List.of(reaction("👍", bob.id()))
          : id == ids[5] ? List.of(reaction("👍", alice.id())) : id == ids[11] ? List.of(reaction("❤️", alice.id()))
          : List.of());
      assertThat(m.getJsonArray("reactions")).as("message %d", id).isEqualTo(expected);
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void badEmojiAndTheLimitAreRefused(TestServer server) {
    Account alice = server.account("rl");
    Account bob = server.account("rl");
    long id = server.post("/api/messages", alice.token(), content("limits")).json().getLong("id");
    String path = "/api/messages/" + id + "/reactions/";
    long start = latestPublicSeq(server, alice);
    for (String bad : List.of("a%20b", "%0A", "%E2%80%83", "x".repeat(65), "%F0%9F%91%8D".repeat(17))) {
      Res refused = server.put(path + bad, bob.token(), null);
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.message()).contains("emoji");
    }
    assertThat(server.put(path + "x".repeat(64), bob.token(), null).status()).isEqualTo(200);
    assertThat(server.put("/api/messages/987654321/reactions/" + THUMBS, bob.token(), null).status()).isEqualTo(404);
    assertThat(server.put(path + THUMBS, null, null).status()).isEqualTo(401);

    for (int i = 1; i < 20; i++) {
      assertThat(server.put(path + "e" + i, bob.token(), null).status()).isEqualTo(200);
    }
    long full = latestPublicSeq(server, alice);
    assertThat(full).isEqualTo(start + 20);
    Res beyond = server.put(path + "e20", bob.token(), null);
    assertThat(beyond.status()).isEqualTo(400);
    assertThat(beyond.message()).contains("20");
    assertThat(latestPublicSeq(server, alice)).isEqualTo(full);
    // A repeat of one of the 20 is still fine, and the limit is per user.
    assertThat(server.put(path + "e1", bob.token(), null).status()).isEqualTo(200);
    JsonObject message = server.put(path + "e20", alice.token(), null).json();
    assertThat(message.getJsonArray("reactions")).hasSize(21);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void onlyTheTwoParticipantsReactToAPrivateMessage(TestServer server) {
    Account alice = server.account("rp");
    Account bob = server.account("rp");
    Account carol = server.account("rp");
    long id = server.post("/api/messages/private/" + bob.id(), alice.token(), content("just us")).json().getLong("id");
    String suffix = "/" + id + "/reactions/" + THUMBS;
    assertThat(server.put("/api/messages/private/" + alice.id() + suffix, carol.token(), null).status()).isEqualTo(404);
    assertThat(server.put("/api/messages/private/" + bob.id() + suffix, carol.token(), null).status()).isEqualTo(404);
    assertThat(server.delete("/api/messages/private/" + bob.id() + suffix, carol.token()).status()).isEqualTo(404);

    Res bobs = server.put("/api/messages/private/" + alice.id() + suffix, bob.token(), null);
    assertThat(bobs.status()).isEqualTo(200);
    assertThat(bobs.json().getJsonArray("reactions")).containsExactly(reaction("👍", bob.id()));
    assertThat(bobs.json().getLong("seq")).isEqualTo(2);
    JsonObject alices = server.put("/api/messages/private/" + bob.id() + suffix, alice.token(), null).json();
    assertThat(alices.getLong("seq")).isEqualTo(3);
    assertThat(historyEntry(server, "/api/messages/private/" + bob.id(), alice, id)).isEqualTo(alices);
    assertThat(server.delete("/api/messages/private/" + alice.id() + suffix, bob.token()).json()
        .getJsonArray("reactions")).containsExactly(reaction("👍", alice.id()));
    assertThat(latestChatSeq(server, alice, bob)).isEqualTo(4);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void concurrentReactionsEachTakeOneSeq(TestServer server) {
    Account alice = server.account("rc");
    List<Account> others = java.util.stream.IntStream.range(0, 6).mapToObj(i -> server.account("rc")).toList();
    long id = server.post("/api/messages", alice.token(), content("race")).json().getLong("id");
    long start = latestPublicSeq(server, alice);
    String path = "/api/messages/" + id + "/reactions/" + THUMBS;
    List<java.util.function.Supplier<Res>> requests = new java.util.ArrayList<>();
    for (Account other : others) {
      requests.add(() -> server.put(path, other.token(), null));
      requests.add(() -> server.put(path, other.token(), null)); // the same reaction twice at once
    }
    requests.add(() -> server.send("PATCH", "/api/messages/" + id, alice.token(), content("race!")));
    List<Res> answers = server.concurrently(requests);
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
    // Six reactions and one edit: seven changes, no gap, no seq for the repeats.
    assertThat(latestPublicSeq(server, alice)).isEqualTo(start + 7);
    JsonObject now = historyEntry(server, "/api/messages", alice, id);
    assertThat(now.getJsonArray("reactions").getJsonObject(0).getInteger("count")).isEqualTo(6);
    assertThat(now.getLong("seq")).isEqualTo(start + 7);
    assertThat(now.getString("content")).isEqualTo("race!");
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void deletingAUserWithdrawsTheirReactionsAsChanges(TestServer server) {
    Account alice = server.account("rd");
    Account bob = server.account("rd");
    Account carol = server.account("rd");
    long first = server.post("/api/messages", alice.token(), content("one")).json().getLong("id");
    long second = server.post("/api/messages", alice.token(), content("two")).json().getLong("id");
    long bobsOwn = server.post("/api/messages", bob.token(), content("mine")).json().getLong("id");
    server.put("/api/messages/" + first + "/reactions/" + THUMBS, bob.token(), null);
    server.put("/api/messages/" + first + "/reactions/" + HEART, bob.token(), null);
    server.put("/api/messages/" + first + "/reactions/" + THUMBS, carol.token(), null);
    server.put("/api/messages/" + second + "/reactions/" + THUMBS, bob.token(), null);
    server.put("/api/messages/" + bobsOwn + "/reactions/" + THUMBS, bob.token(), null);
    long before = latestPublicSeq(server, alice);

    assertThat(server.delete("/api/users/" + bob.id(), bob.token()).status()).isEqualTo(200);
    // Two messages lose his reactions (a change each, in id order), then his own message goes.
    assertThat(latestPublicSeq(server, alice)).isEqualTo(before + 3);
    JsonArray changes = server.get("/api/messages/changes?since=" + before, alice.token()).json()
        .getJsonArray("changes");
    assertThat(changes).hasSize(3);
    assertThat(changes.getJsonObject(0).getLong("id")).isEqualTo(first);
    assertThat(changes.getJsonObject(0).getLong("seq")).isEqualTo(before + 1);
    assertThat(changes.getJsonObject(0).getJsonArray("reactions")).containsExactly(reaction("👍", carol.id()));
    assertThat(changes.getJsonObject(1).getLong("id")).isEqualTo(second);
    assertThat(changes.getJsonObject(1).getJsonArray("reactions")).isEmpty();
    assertThat(changes.getJsonObject(2)).isEqualTo(
        new JsonObject().put("id", bobsOwn).put("seq", before + 3).put("deleted", true));
    assertThat(historyEntry(server, "/api/messages", carol, first)).isEqualTo(changes.getJsonObject(0));
  }
}
