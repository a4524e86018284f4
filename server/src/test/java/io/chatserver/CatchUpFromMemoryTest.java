package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * C120: on a single node, a catch-up of the public room from a recent seq is answered from memory. After a
 * restart the same server holds nothing yet and reads every answer from the database: for every since
 * and limit, the two answers must be the same bytes, through edits, reactions, deletions, a rename and a
 * user's deletion.
 */
class CatchUpFromMemoryTest {

  private static JsonObject content(String text) {
    return new JsonObject().put("content", text);
  }

  @Test
  void answersFromMemoryAreTheDatabasesAnswers() throws Exception {
    Path dataDir = Files.createTempDirectory("chat-catch-up");
    Map<String, String> fromMemory = new LinkedHashMap<>();
    Account bob;
    long latest;
    try (TestServer server = TestServer.start(dataDir, Map.of())) {
      Account alice = server.account("alice");
      bob = server.account("bob");
      Account carol = server.account("carol");
      server.post("/api/messages", alice.token(), content("before the rename"));
      assertThat(server.put("/api/users/" + alice.id(), alice.token(), new JsonObject().put("username",
          TestServer.uniqueName("alicia"))).status()).isEqualTo(200);
      long first = 0;
      for (int i = 0; i < 12; i++) {
        Account author = i % 3 == 0 ? alice : i % 3 == 1 ? bob : carol;
        long id = server.post("/api/messages", author.token(), content("message " + i + " é 😀 \"quoted\""))
            .json().getLong("id");
        first = first == 0 ? id : first;
      }
      assertThat(server.send("PATCH", "/api/messages/" + (first + 1), bob.token(), content("edited")).status())
          .isEqualTo(200);
      assertThat(server.put("/api/messages/" + first + "/reactions/%F0%9F%91%8D", carol.token(), null).status())
          .isEqualTo(200);
      assertThat(server.put("/api/messages/" + first + "/reactions/%F0%9F%8E%89", bob.token(), null).status())
          .isEqualTo(200);
      assertThat(server.put("/api/messages/" + (first + 3) + "/reactions/%F0%9F%91%8D", carol.token(), null)
          .status()).isEqualTo(200);
      assertThat(server.delete("/api/messages/" + (first + 4), bob.token()).status()).isEqualTo(200);
      server.post("/api/messages", carol.token(), content("carol, about to go"));
      assertThat(server.delete("/api/users/" + carol.id(), carol.token()).status()).isEqualTo(200);
      server.post("/api/messages", alice.token(), content("after carol"));

      latest = server.get("/api/messages/changes?since=0&limit=1", bob.token()).json().getLong("latest_seq");
      for (long since = 0; since <= latest + 1; since++) {
        for (int limit : new int[] {1, 3, 100}) {
          String uri = "/api/messages/changes?since=" + since + "&limit=" + limit;
          TestServer.Res res = server.get(uri, bob.token());
          assertThat(res.status()).isEqualTo(200);
          fromMemory.put(uri, res.body());
        }
      }
    }
    try (TestServer restarted = TestServer.start(dataDir, Map.of())) {
      for (Map.Entry<String, String> asked : fromMemory.entrySet()) {
        assertThat(restarted.get(asked.getKey(), bob.token()).body()).as(asked.getKey()).isEqualTo(asked.getValue());
      }
      assertThat(restarted.get("/api/messages/changes?since=0&limit=1", bob.token()).json().getLong("latest_seq"))
          .isEqualTo(latest);
    }
  }
}
