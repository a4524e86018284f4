package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer;
import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.chatserver.PgSchema;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decision 32 on the wire: however the commits of concurrent writers (REST and sockets, on the
 * server's several event loops) finish, every socket gets a conversation's changes in seq order, each
 * once, with no gap.
 */
class OrderedPushesTest {

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void concurrentWritersChangesReachEverySocketInSeqOrderOnce(String database) throws Exception {
    try (PgSchema schema = new PgSchema();
        TestServer server = TestServer.start(Files.createTempDirectory("chat-order"),
            database.equals("postgresql") ? Map.of("DATABASE_URL", schema.url()) : Map.of())) {
      concurrentWriters(server);
    }
  }

  private static void concurrentWriters(TestServer server) throws Exception {
    Account reader = server.account("ordr");
    List<Account> writers = List.of(server.account("ordw"), server.account("ordw"), server.account("ordw"));
    int perWriter = 60;
    try (ChatClient ws = ChatClient.connected(server.chatServer().port(), reader.token(), "websocket");
        ChatClient polling = ChatClient.connected(server.chatServer().port(), reader.token(), "polling")) {
      ws.call("join_public");
      polling.call("join_public");
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> sent = new ArrayList<>();
      for (Account w : writers) {
        for (int i = 0; i < perWriter; i++) {
          int n = i;
          sent.add(pool.submit(() -> {
            TestServer.Res res = server.post("/api/messages", w.token(), new JsonObject().put("content", "m" + n));
            assertThat(res.status()).isEqualTo(201);
            if (n % 4 == 0) { // a deletion is a change of its own, with its own seq
              long id = res.json().getLong("id");
              assertThat(server.delete("/api/messages/" + id, w.token()).status()).isEqualTo(200);
            }
          }));
        }
      }
      for (Future<?> f : sent) f.get();
      pool.shutdown();
      int changes = writers.size() * perWriter + writers.size() * (perWriter / 4);
      for (ChatClient client : List.of(ws, polling)) {
        await().atMost(ChatClient.WAIT)
            .until(() -> client.all("new_public_message", "message_deleted").size() >= changes);
        List<Long> seqs = client.all("new_public_message", "message_deleted").stream()
            .map(o -> o.getLong("seq")).toList();
        assertThat(seqs).hasSize(changes);
        for (int i = 1; i < seqs.size(); i++) {
          assertThat(seqs.get(i)).as("change %d of %s", i, seqs).isEqualTo(seqs.get(i - 1) + 1);
        }
      }
    }
  }
}
