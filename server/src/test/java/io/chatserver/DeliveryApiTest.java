package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Decisions 31-33 over REST, on SQLite and on PostgreSQL: client ids, seqs, tombstones and catch-up. */
class DeliveryApiTest {

  private static JsonObject body(String content, String clientId) {
    return new JsonObject().put("content", content).put("client_id", clientId);
  }

  private static boolean replayed(Res res) {
    return res.raw().headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
  }

  private static long latestPublicSeq(TestServer server, Account caller) {
    return server.get("/api/messages/changes?since=0&limit=1", caller.token()).json().getLong("latest_seq");
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void aRepeatedClientIdAnswersTheOriginalAndStoresNothing(TestServer server) {
    Account alice = server.account("cid");
    Account bob = server.account("cid");
    Res first = server.post("/api/messages", alice.token(), body("once", "pub-1"));
    assertThat(first.status()).isEqualTo(201);
    assertThat(replayed(first)).isFalse();
    assertThat(first.json().getString("client_id")).isEqualTo("pub-1");
    long latest = latestPublicSeq(server, alice);

    Res again = server.post("/api/messages", alice.token(), body("once", "pub-1"));
    assertThat(again.status()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(latestPublicSeq(server, alice)).isEqualTo(latest); // nothing stored, no seq taken
    // The key is the sender's: another user's same client_id is another message.
    Res bobs = server.post("/api/messages", bob.token(), body("once", "pub-1"));
    assertThat(replayed(bobs)).isFalse();
    assertThat(bobs.json().getLong("id")).isNotEqualTo(first.json().getLong("id"));

    Res priv = server.post("/api/messages/private/" + bob.id(), alice.token(), body("psst", "priv-1"));
    assertThat(priv.status()).isEqualTo(201);
    assertThat(priv.json().getLong("seq")).isEqualTo(1);
    Res privAgain = server.post("/api/messages/private/" + bob.id(), alice.token(), body("psst", "priv-1"));
    assertThat(replayed(privAgain)).isTrue();
    assertThat(privAgain.json()).isEqualTo(priv.json());
    assertThat(server.get("/api/messages/private/" + bob.id(), alice.token()).json().getJsonArray("messages"))
        .hasSize(1);
    // Without a client_id every post is a new message.
    JsonObject plain = server.post("/api/messages", alice.token(), new JsonObject().put("content", "x")).json();
    assertThat(plain.containsKey("client_id")).isTrue();
    assertThat(plain.getValue("client_id")).isNull();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void aRepeatAskingForAnotherMessageIsA409(TestServer server) {
    Account alice = server.account("c409");
    Account bob = server.account("c409");
    Account carol = server.account("c409");
    server.post("/api/messages", alice.token(), body("public one", "k-pub"));
    server.post("/api/messages/private/" + bob.id(), alice.token(), body("to bob", "k-priv"));

    List<Res> refused = List.of(
        server.post("/api/messages", alice.token(), body("other content", "k-pub")),
        server.post("/api/messages/private/" + bob.id(), alice.token(), body("public one", "k-pub")),
        server.post("/api/messages", alice.token(), body("to bob", "k-priv")),
        server.post("/api/messages/private/" + carol.id(), alice.token(), body("to bob", "k-priv")),
        server.post("/api/messages/private/" + bob.id(), alice.token(), body("changed", "k-priv")));
    for (Res res : refused) {
      assertThat(res.status()).isEqualTo(409);
      assertThat(res.json().fieldNames()).containsExactly("message");
    }
    // Nothing was stored by the refusals (and no chat with carol was created).
    assertThat(server.get("/api/messages/private/" + carol.id() + "/changes?since=0", alice.token()).json()
        .getLong("latest_seq")).isZero();
    assertThat(server.get("/api/messages/private/" + bob.id() + "/changes?since=0", alice.token()).json()
        .getLong("latest_seq")).isEqualTo(1);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void aBadClientIdIs400(TestServer server) {
    Account alice = server.account("cbad");
    for (String json : List.of("\"\"", "\"a b\"", "\"a.b\"", "\"é\"", "12", "true", "{}",
        "\"" + "x".repeat(65) + "\"")) {
      String raw = "{\"content\": \"hi\", \"client_id\": " + json + "}";
      assertThat(server.post("/api/messages", alice.token(), raw).status()).as(json).isEqualTo(400);
      assertThat(server.post("/api/messages/private/" + alice.id(), alice.token(), raw).status()).as(json)
          .isEqualTo(400);
    }
    assertThat(server.post("/api/messages", alice.token(), body("hi", "A-z_0-9-" + "x".repeat(56))).status())
        .isEqualTo(201); // 64 characters
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void aRepeatAfterTheOriginalWasDeletedAnswersItsTombstone(TestServer server) {
    Account alice = server.account("cdel");
    Account bob = server.account("cdel");
    JsonObject pub = server.post("/api/messages", alice.token(), body("gone soon", "d-1")).json();
    assertThat(server.delete("/api/messages/" + pub.getLong("id"), alice.token()).status()).isEqualTo(200);
    Res again = server.post("/api/messages", alice.token(), body("gone soon", "d-1"));
    assertThat(again.status()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    assertThat(again.json()).isEqualTo(new JsonObject().put("id", pub.getLong("id"))
        .put("seq", pub.getLong("seq") + 1).put("deleted", true).put("client_id", "d-1"));

    JsonObject priv = server.post("/api/messages/private/" + bob.id(), alice.token(), body("p", "d-2")).json();
    server.delete("/api/messages/private/" + bob.id() + "/" + priv.getLong("id"), alice.token());
    Res privAgain = server.post("/api/messages/private/" + bob.id(), alice.token(), body("p", "d-2"));
    assertThat(replayed(privAgain)).isTrue();
    assertThat(privAgain.json().getBoolean("deleted")).isTrue();
    assertThat(privAgain.json().getLong("seq")).isEqualTo(2);
    assertThat(server.get("/api/messages/private/" + bob.id(), alice.token()).json().getJsonArray("messages"))
        .isEmpty();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void concurrentRetriesOfOneClientIdStoreOneMessage(TestServer server) {
    Account alice = server.account("crace");
    Account bob = server.account("crace");
    long before = latestPublicSeq(server, alice);
    List<Supplier<Res>> publicPosts = new ArrayList<>();
    List<Supplier<Res>> privatePosts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      publicPosts.add(() -> server.post("/api/messages", alice.token(), body("retry me", "race-1")));
      privatePosts.add(() -> server.post("/api/messages/private/" + bob.id(), alice.token(), body("retry", "race-2")));
    }
    for (List<Res> answers : List.of(server.concurrently(publicPosts), server.concurrently(privatePosts))) {
      assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
      assertThat(answers.stream().map(r -> r.json().getLong("id")).distinct()).hasSize(1);
      assertThat(answers.stream().filter(r -> !replayed(r))).hasSize(1);
    }
    JsonObject changes = server.get("/api/messages/changes?since=" + before, alice.token()).json();
    assertThat(changes.getJsonArray("changes").stream().map(JsonObject.class::cast)
        .filter(c -> "retry me".equals(c.getString("content")))).hasSize(1);
    assertThat(server.get("/api/messages/private/" + alice.id() + "/changes?since=0", bob.token()).json()
        .getLong("latest_seq")).isEqualTo(1);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void catchUpPagesThroughCreationsAndDeletionsInSeqOrder(TestServer server) {
    Account alice = server.account("catch");
    Account bob = server.account("catch");
    String chat = "/api/messages/private/" + bob.id(); // alice's side
    String bobsSide = "/api/messages/private/" + alice.id();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add((i % 2 == 0 ? server.post(chat, alice.token(), new JsonObject().put("content", "m" + i))
          : server.post(bobsSide, bob.token(), new JsonObject().put("content", "m" + i))).json().getLong("id"));
    }
    server.delete(bobsSide + "/" + ids.get(1), bob.token()); // seq 6
    server.delete(bobsSide + "/" + ids.get(3), bob.token()); // seq 7
    JsonObject m5 = server.post(chat, alice.token(), new JsonObject().put("content", "m5")).json(); // seq 8
    assertThat(m5.getLong("seq")).isEqualTo(8);

    JsonObject all = server.get(chat + "/changes?since=0", alice.token()).json();
    assertThat(all.fieldNames()).containsExactlyInAnyOrder("changes", "latest_seq", "has_more");
    assertThat(all.getLong("latest_seq")).isEqualTo(8);
    assertThat(all.getBoolean("has_more")).isFalse();
    JsonArray changes = all.getJsonArray("changes");
    assertThat(changes.stream().map(c -> ((JsonObject) c).getLong("seq")).toList()).containsExactly(1L, 3L, 5L, 6L, 7L, 8L);
    assertThat(changes.getJsonObject(3).getMap()).isEqualTo(Map.of("id", ids.get(1).intValue(), "seq", 6, "deleted", true));
    assertThat(changes.getJsonObject(0).getString("content")).isEqualTo("m0");
    assertThat(changes.getJsonObject(5).getString("client_id")).isNull();

    // Pages of two, going on from the last seq received while has_more is true.
    List<Long> seqs = new ArrayList<>();
    long since = 0;
    boolean more = true;
    while (more) {
      JsonObject page = server.get(bobsSide + "/changes?since=" + since + "&limit=2", bob.token()).json();
      JsonArray got = page.getJsonArray("changes");
      assertThat(got.size()).isLessThanOrEqualTo(2);
      got.forEach(c -> seqs.add(((JsonObject) c).getLong("seq")));
      more = page.getBoolean("has_more");
      since = seqs.get(seqs.size() - 1);
      assertThat(page.getLong("latest_seq")).isEqualTo(8);
    }
    assertThat(seqs).containsExactly(1L, 3L, 5L, 6L, 7L, 8L);
    JsonObject upToDate = server.get(bobsSide + "/changes?since=8", bob.token()).json();
    assertThat(upToDate.getJsonArray("changes")).isEmpty();
    assertThat(upToDate.getBoolean("has_more")).isFalse();
    // History skips the tombstones.
    assertThat(server.get(chat, alice.token()).json().getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("content")).toList()).containsExactly("m0", "m2", "m4", "m5");
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void catchUpValidatesAndAnswersAnEmptyChat(TestServer server) {
    Account alice = server.account("cval");
    Account bob = server.account("cval");
    assertThat(server.get("/api/messages/private/" + bob.id() + "/changes?since=0", alice.token()).json())
        .isEqualTo(new JsonObject().put("changes", new JsonArray()).put("latest_seq", 0).put("has_more", false));
    assertThat(server.get("/api/messages/private/999999999/changes?since=0", alice.token()).status()).isEqualTo(404);
    assertThat(server.get("/api/messages/private/" + alice.id() + "/changes?since=0", alice.token()).status())
        .isEqualTo(400);
    assertThat(server.get("/api/messages/changes?since=0", null).status()).isEqualTo(401);
    for (String query : List.of("", "?since=-1", "?since=x", "?since=1.5", "?since=0&limit=0", "?since=0&limit=1001",
        "?limit=5")) {
      for (String path : List.of("/api/messages/changes", "/api/messages/private/" + bob.id() + "/changes")) {
        Res res = server.get(path + query, alice.token());
        assertThat(res.status()).as(path + query).isEqualTo(400);
        assertThat(res.json().fieldNames()).containsExactly("message");
      }
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void aDeletedUsersPublicMessagesBecomeTombstonesWithTheirOwnSeqs(TestServer server) {
    Account doomed = server.account("cgone");
    Account watcher = server.account("cgone");
    long first = server.post("/api/messages", doomed.token(), new JsonObject().put("content", "a")).json().getLong("id");
    long second = server.post("/api/messages", doomed.token(), new JsonObject().put("content", "b")).json().getLong("id");
    long since = latestPublicSeq(server, watcher);
    assertThat(server.delete("/api/users/" + doomed.id(), doomed.token()).status()).isEqualTo(200);
    JsonObject page = server.get("/api/messages/changes?since=" + since, watcher.token()).json();
    assertThat(page.getLong("latest_seq")).isEqualTo(since + 2);
    assertThat(page.getJsonArray("changes").getList()).containsExactly(
        Map.of("id", (int) first, "seq", (int) since + 1, "deleted", true),
        Map.of("id", (int) second, "seq", (int) since + 2, "deleted", true));
    assertThat(server.get("/api/messages", watcher.token()).json().getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getLong("id")).toList()).doesNotContain(first, second);
  }

  @ParameterizedTest(autoCloseArguments = false)
  @ArgumentsSource(BothDatabases.class)
  void publicSeqsAreGapFreeAndHistoryCarriesThem(TestServer server) {
    Account alice = server.account("cseq");
    long before = latestPublicSeq(server, alice);
    List<Long> seqs = IntStream.range(0, 3).mapToObj(i -> server.post("/api/messages", alice.token(),
        new JsonObject().put("content", "s" + i)).json().getLong("seq")).toList();
    assertThat(seqs).containsExactly(before + 1, before + 2, before + 3);
    JsonArray history = server.get("/api/messages?limit=3", alice.token()).json().getJsonArray("messages");
    assertThat(history.getJsonObject(2).getLong("seq")).isEqualTo(before + 3);
  }
}
