package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.chatserver.realtime.ChatClient;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * C119 on a real SQLite server: new messages are indexed for search in bulk, so some may be unindexed
 * when the server stops; after a restart on the same data directory a search finds exactly what it
 * found before. A mixed workload (sends, edits, deletions, a user's deletion, searches in between)
 * leaves an index that FTS5's own integrity check finds equal to the message tables.
 */
class SearchIndexRestartTest {

  private static Res post(TestServer server, String path, Account caller, String content) {
    return server.post(path, caller.token(), new JsonObject().put("content", content));
  }

  private static List<String> found(TestServer server, Account caller, String q) {
    Res res = server.get("/api/search?limit=100&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), caller.token());
    assertThat(res.status()).as(res.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (Object m : res.json().getJsonArray("messages")) {
      out.add(((JsonObject) m).getString("content"));
    }
    return out;
  }

  @Test
  void aRestartedServerFindsWhatItFoundBeforeAndTheIndexMatchesTheMessages() throws Exception {
    Path dir = Files.createTempDirectory("chat-fts");
    Account alice;
    Account bob;
    List<String> before;
    try (TestServer server = TestServer.start(dir, Map.of())) {
      alice = server.account("fts");
      bob = server.account("fts");
      Account doomed = server.account("fts");
      String privates = "/api/messages/private/" + bob.id();
      List<Supplier<Res>> sends = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        sends.add(() -> post(server, "/api/messages", alice, "vanilla public " + n));
        sends.add(() -> post(server, privates, alice, "vanilla private " + n));
        sends.add(() -> post(server, "/api/messages", doomed, "vanilla doomed " + n));
      }
      List<Long> ids = new ArrayList<>();
      for (Res res : server.concurrently(sends)) {
        assertThat(res.status()).as(res.body()).isEqualTo(201);
        ids.add(res.json().getLong("id"));
      }
      try (ChatClient socket = ChatClient.of(server, bob)) {
        for (int i = 0; i < 5; i++) {
          socket.call("send_public_message", new JsonObject().put("content", "vanilla socket " + i));
        }
      }
      assertThat(found(server, bob, "vanilla")).hasSize(100); // a page's most; 125 are stored
      List<Supplier<Res>> changes = new ArrayList<>();
      for (int i = 0; i < 40; i += 4) {
        long publicId = ids.get(3 * i);
        long privateId = ids.get(3 * i + 1);
        changes.add(() -> server.send("PATCH", "/api/messages/" + publicId, alice.token(),
            new JsonObject().put("content", "walnut public " + publicId)));
        changes.add(() -> server.delete(privates + "/" + privateId, alice.token()));
        changes.add(() -> post(server, "/api/messages", alice, "vanilla later"));
      }
      changes.add(() -> server.delete("/api/users/" + doomed.id(), doomed.token()));
      for (Res res : server.concurrently(changes)) {
        assertThat(res.status()).as(res.body()).isBetween(200, 201);
      }
      before = found(server, bob, "vanilla");
      // 40 public (10 edited away), 40 private (10 deleted), 5 from the socket, 10 later; none of doomed's
      assertThat(before).hasSize(40 - 10 + 40 - 10 + 5 + 10).noneMatch(c -> c.contains("doomed"));
      assertThat(found(server, bob, "walnut")).hasSize(10);
      post(server, "/api/messages", alice, "xigua last"); // after the last search: most likely unindexed at the stop
    }

    try (TestServer again = TestServer.start(dir, Map.of())) {
      Account bobAgain = new Account(bob.id(), bob.username(), again.login(bob.username(), "password123"));
      assertThat(found(again, bobAgain, "xigua")).containsExactly("xigua last");
      assertThat(found(again, bobAgain, "vanilla")).isEqualTo(before);
      assertThat(found(again, bobAgain, "walnut")).hasSize(10);
    }

    // Every message committed before the last search is indexed, and the index holds nothing else.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO public_messages_fts (public_messages_fts, rank) VALUES ('integrity-check', 1)");
      s.execute("INSERT INTO private_messages_fts (private_messages_fts, rank) VALUES ('integrity-check', 1)");
    }
  }
}
