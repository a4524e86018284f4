package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.chatserver.realtime.ChatClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decision 43 on both databases: what matches (every word, any case, Unicode, the last word as a
 * prefix), whose private messages, pagination across the two series, deletions, and refused input.
 * The public room is shared by the tests, so each test's messages carry a word of its own.
 */
class SearchApiTest {

  static final Map<String, TestServer> servers = new HashMap<>();
  static PgSchema schema;

  @BeforeAll
  static void start() throws Exception {
    servers.put("sqlite", TestServer.start());
    schema = new PgSchema();
    servers.put("postgresql", TestServer.start(Files.createTempDirectory("chat-pg"),
        Map.of("DATABASE_URL", schema.url())));
  }

  @AfterAll
  static void stop() throws Exception {
    for (TestServer s : servers.values()) {
      s.close();
    }
    schema.close();
  }

  /** A word no other test uses: letters only. */
  private static String tag() {
    StringBuilder s = new StringBuilder("zq");
    for (int i = 0; i < 10; i++) {
      s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return s.toString();
  }

  private static long postPublic(TestServer server, Account author, String content) {
    Res res = server.post("/api/messages", author.token(), new JsonObject().put("content", content));
    assertThat(res.status()).isEqualTo(201);
    return res.json().getLong("id");
  }

  private static long postPrivate(TestServer server, Account from, Account to, String content) {
    Res res = server.post("/api/messages/private/" + to.id(), from.token(), new JsonObject().put("content", content));
    assertThat(res.status()).isEqualTo(201);
    return res.json().getLong("id");
  }

  private static Res search(TestServer server, Account caller, String q, String more) {
    return server.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more, caller.token());
  }

  private static List<String> contents(TestServer server, Account caller, String q) {
    Res res = search(server, caller, q, "");
    assertThat(res.status()).as(res.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (Object m : res.json().getJsonArray("messages")) {
      out.add(((JsonObject) m).getString("content"));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyWordAnyCaseAndTheLastOneAlsoAsAPrefix(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    String t = tag();
    postPublic(server, alice, t + " Apple banana cherry");
    postPublic(server, alice, t + " banana split");
    postPublic(server, alice, t + " APPLE pie");
    postPublic(server, alice, t + " pineapple, bananas!");

    assertThat(contents(server, alice, t + " apple banana")).containsExactly(t + " Apple banana cherry");
    assertThat(contents(server, alice, t.toUpperCase() + " aPPle"))
        .containsExactly(t + " APPLE pie", t + " Apple banana cherry"); // newest first; not "pineapple"
    assertThat(contents(server, alice, t + " BAN"))
        .containsExactly(t + " pineapple, bananas!", t + " banana split", t + " Apple banana cherry");
    // Only the last word is a prefix: "ban" inside the query is a whole word, which nothing has.
    assertThat(contents(server, alice, t + " ban apple")).isEmpty();
    // Punctuation around words is no part of them.
    assertThat(contents(server, alice, "(" + t + ") -- split?")).containsExactly(t + " banana split");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void wordsOfAnyScript(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    String t = tag();
    postPublic(server, alice, t + " Ärger über Привет, мир! 日本語 ok");
    String hit = t + " Ärger über Привет, мир! 日本語 ok";
    assertThat(contents(server, alice, t + " ärger")).containsExactly(hit);
    assertThat(contents(server, alice, t + " ÜBER привет")).containsExactly(hit);
    assertThat(contents(server, alice, t + " ПРИВ")).containsExactly(hit);
    assertThat(contents(server, alice, t + " 日本語")).containsExactly(hit);
    // Diacritics are part of a word, on both databases alike.
    assertThat(contents(server, alice, t + " uber")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void privateMessagesOnlyOfTheCallersOwnChats(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    Account bob = server.account("srch");
    Account carol = server.account("srch");
    Account dave = server.account("srch");
    String t = tag();
    long mine = postPrivate(server, alice, bob, t + " secret of alice and bob");
    long theirs = postPrivate(server, carol, dave, t + " secret of carol and dave");
    long pub = postPublic(server, dave, t + " no secret here");

    for (Account caller : List.of(alice, bob)) {
      JsonArray found = search(server, caller, t + " secret", "").json().getJsonArray("messages");
      assertThat(ids(found)).containsExactly(pub, mine);
      JsonObject priv = found.getJsonObject(1);
      assertThat(priv.getString("type")).isEqualTo("private");
      assertThat(priv.fieldNames()).contains("id", "content", "timestamp", "sender_id", "chat_id", "username",
          "avatar_url", "type");
      assertThat(priv.getLong("sender_id")).isEqualTo(alice.id());
      JsonObject publicOne = found.getJsonObject(0);
      assertThat(publicOne.getString("type")).isEqualTo("public");
      assertThat(publicOne.fieldNames()).contains("id", "content", "timestamp", "user_id", "username",
          "avatar_url", "type");
      assertThat(publicOne.getLong("user_id")).isEqualTo(dave.id());
    }
    assertThat(ids(search(server, carol, t + " secret", "").json().getJsonArray("messages")))
        .containsExactly(pub, theirs);
    Account eve = server.account("srch");
    assertThat(ids(search(server, eve, t + " secret", "").json().getJsonArray("messages"))).containsExactly(pub);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void pagesWalkBothSeriesNewestFirstWithNothingTwiceAndNothingSkipped(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    Account bob = server.account("srch");
    Account carol = server.account("srch");
    String t = tag();
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      expected.add(postPublic(server, alice, t + " public " + i));
      expected.add(postPrivate(server, i % 2 == 0 ? alice : bob, i % 2 == 0 ? bob : alice, t + " private " + i));
      postPrivate(server, carol, bob, t + " not alice's " + i); // matches, but never for alice
    }
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Res res = search(server, alice, t, "&limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(res.status()).as(res.body()).isEqualTo(200);
      JsonArray messages = res.json().getJsonArray("messages");
      assertThat(messages.size()).isBetween(1, 5);
      messages.forEach(m -> all.add((JsonObject) m));
      cursor = res.json().getString("next_cursor");
      assertThat(res.json().containsKey("next_cursor")).isTrue();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3); // 12 results: 5, 5, 2, and no empty page at the end
    Set<String> seen = new HashSet<>();
    for (JsonObject m : all) {
      assertThat(seen.add(m.getString("type") + m.getLong("id"))).isTrue();
      assertThat(expected).contains(m.getLong("id"));
    }
    assertThat(all).hasSize(12);
    for (int i = 1; i < all.size(); i++) {
      // As instants: the text of a whole second has no fraction ("...:10Z" sorts after "...:10.5Z").
      assertThat(Instant.parse(all.get(i).getString("timestamp")))
          .isBeforeOrEqualTo(Instant.parse(all.get(i - 1).getString("timestamp")));
    }
    // Newest first within each series, too.
    assertThat(idsOf(all, "public")).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(idsOf(all, "private")).isSortedAccordingTo((a, b) -> Long.compare(b, a));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void deletedMessagesAndDeletedUsersMessagesAreGone(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    Account bob = server.account("srch");
    String t = tag();
    long kept = postPublic(server, alice, t + " kept");
    long gone = postPublic(server, alice, t + " gone");
    long privateGone = postPrivate(server, alice, bob, t + " private gone");
    assertThat(server.delete("/api/messages/" + gone, alice.token()).status()).isEqualTo(200);
    assertThat(server.delete("/api/messages/private/" + bob.id() + "/" + privateGone, alice.token()).status())
        .isEqualTo(200);
    assertThat(contents(server, alice, t)).containsExactly(t + " kept");
    assertThat(kept).isPositive();

    Account doomed = server.account("srch");
    postPublic(server, doomed, t + " doomed public");
    postPrivate(server, doomed, alice, t + " doomed private");
    assertThat(contents(server, alice, t)).hasSize(3);
    assertThat(server.delete("/api/users/" + doomed.id(), doomed.token()).status()).isEqualTo(200);
    assertThat(contents(server, alice, t)).containsExactly(t + " kept");
  }

  /** Read your writes (on SQLite the search has the writer index what committed before it, C119). */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aSearchAfterASendWasAnsweredFindsItSentOverRestOrASocket(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    Account bob = server.account("srch");
    String t = tag();
    try (ChatClient socket = ChatClient.of(server, alice)) {
      for (int i = 0; i < 3; i++) {
        postPublic(server, alice, t + " rest public " + i);
        assertThat(contents(server, bob, t + " rest public " + i)).containsExactly(t + " rest public " + i);
        postPrivate(server, alice, bob, t + " rest private " + i);
        assertThat(contents(server, bob, t + " rest private " + i)).containsExactly(t + " rest private " + i);
        assertThat(socket.call("send_public_message", new JsonObject().put("content", t + " socket public " + i))
            .getBoolean("ok")).isTrue();
        assertThat(contents(server, bob, t + " socket public " + i)).containsExactly(t + " socket public " + i);
        assertThat(socket.call("send_private_message", new JsonObject().put("other_user_id", bob.id())
            .put("content", t + " socket private " + i)).getBoolean("ok")).isTrue();
        assertThat(contents(server, bob, t + " socket private " + i)).containsExactly(t + " socket private " + i);
      }
    }
    assertThat(contents(server, bob, t)).hasSize(12);
  }

  /** On SQLite these edits and deletions mostly reach messages not indexed yet (C119). */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void editsAndDeletionsRightAfterTheSendAreWhatASearchFinds(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    Account bob = server.account("srch");
    String t = tag();
    long edited = postPublic(server, alice, t + " before public");
    long deleted = postPublic(server, alice, t + " gone public");
    long privateEdited = postPrivate(server, alice, bob, t + " before private");
    long privateDeleted = postPrivate(server, alice, bob, t + " gone private");
    String privatePath = "/api/messages/private/" + bob.id() + "/";
    assertThat(server.send("PATCH", "/api/messages/" + edited, alice.token(),
        new JsonObject().put("content", t + " after public")).status()).isEqualTo(200);
    assertThat(server.delete("/api/messages/" + deleted, alice.token()).status()).isEqualTo(200);
    assertThat(server.send("PATCH", privatePath + privateEdited, alice.token(),
        new JsonObject().put("content", t + " after private")).status()).isEqualTo(200);
    assertThat(server.delete(privatePath + privateDeleted, alice.token()).status()).isEqualTo(200);

    assertThat(contents(server, bob, t)).containsExactly(t + " after private", t + " after public");
    assertThat(contents(server, bob, t + " before")).isEmpty();
    assertThat(contents(server, bob, t + " gone")).isEmpty();

    // Once more, now that they are indexed.
    assertThat(server.send("PATCH", "/api/messages/" + edited, alice.token(),
        new JsonObject().put("content", t + " again public")).status()).isEqualTo(200);
    assertThat(server.delete(privatePath + privateEdited, alice.token()).status()).isEqualTo(200);
    assertThat(contents(server, bob, t)).containsExactly(t + " again public");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void queryTextIsNeverQuerySyntax(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    String t = tag();
    postPublic(server, alice, t + " and or near not");
    for (String q : List.of("\"", "'", "\\", "AND OR NEAR(", "a:*", "*", "!&|", "content:x", "NEAR(a b, 2)",
        "\"unbalanced", "^x", "-x", "(", ")", "x OR", ":", "''", "a & b | !c <-> d")) {
      Res res = search(server, alice, q, "");
      assertThat(res.status()).as(q + " -> " + res.body()).isEqualTo(200);
    }
    // Operators are words like any other.
    assertThat(contents(server, alice, t + " AND OR NEAR(")).containsExactly(t + " and or near not");
    assertThat(contents(server, alice, t + " NOT")).containsExactly(t + " and or near not");
    // Nothing but punctuation: no word, nothing found.
    JsonObject none = search(server, alice, "?!.,", "").json();
    assertThat(none.getJsonArray("messages")).isEmpty();
    assertThat(none.containsKey("next_cursor")).isTrue();
    assertThat(none.getValue("next_cursor")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void badInputIs400AndNoTokenIs401(String db) {
    TestServer server = servers.get(db);
    Account alice = server.account("srch");
    assertThat(server.get("/api/search?q=hello", null).status()).isEqualTo(401);
    Map<String, String> bad = new HashMap<>();
    bad.put("", "q is required");
    bad.put("?q=", "q must not be blank");
    bad.put("?q=%20%20%09", "q must not be blank");
    bad.put("?q=" + "a".repeat(201), "q must be at most 200 characters");
    bad.put("?q=hello&limit=0", "limit must be between 1 and 100");
    bad.put("?q=hello&limit=101", "limit must be between 1 and 100");
    bad.put("?q=hello&limit=ten", "limit must be an integer");
    String invalidCursor = "cursor is not valid: pass the next_cursor of the previous page";
    bad.put("?q=hello&cursor=!!!", invalidCursor);
    bad.put("?q=hello&cursor=" + base64("v1:x:1"), invalidCursor);
    bad.put("?q=hello&cursor=" + base64("v1:1"), invalidCursor);
    bad.put("?q=hello&cursor=" + base64("v1:99999999999999999999:1"), invalidCursor);
    bad.put("?q=hello&cursor=" + base64("hello"), invalidCursor);
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Res res = server.get("/api/search" + e.getKey(), alice.token());
      assertThat(res.status()).as(e.getKey()).isEqualTo(400);
      assertThat(res.message()).as(e.getKey()).isEqualTo(e.getValue());
    }
    // 200 characters are fine.
    assertThat(server.get("/api/search?q=" + "a".repeat(200), alice.token()).status()).isEqualTo(200);
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Long> ids(JsonArray messages) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      ids.add(messages.getJsonObject(i).getLong("id"));
    }
    return ids;
  }

  private static List<Long> idsOf(List<JsonObject> messages, String type) {
    return messages.stream().filter(m -> m.getString("type").equals(type)).map(m -> m.getLong("id")).toList();
  }
}
