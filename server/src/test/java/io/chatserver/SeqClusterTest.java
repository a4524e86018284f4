package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Decision 32 on PostgreSQL with two server instances writing to one database at once: the seqs of a
 * conversation are 1, 2, 3... without gap or reuse, and a reader that catches up while they write never
 * sees a seq before a smaller one (it would skip the smaller one for ever).
 */
class SeqClusterTest {

  private static final int WRITERS_PER_NODE = 3;
  private static final int POSTS_PER_WRITER = 25;

  @Test
  void twoNodesWritingAtOnceLeaveGapFreeSeqsThatCatchUpSeesInOrder() throws Exception {
    try (PgSchema schema = new PgSchema();
         TestServer one = TestServer.start(Files.createTempDirectory("seq-1"), Map.of("DATABASE_URL", schema.url()));
         TestServer two = TestServer.start(Files.createTempDirectory("seq-2"), Map.of("DATABASE_URL", schema.url()))) {
      Account alice = one.account("seq");
      Account bob = one.account("seq");
      ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS_PER_NODE + 4);
      try {
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<List<Long>> publicReader = CompletableFuture.supplyAsync(
            () -> follow(two, alice, "/api/messages/changes", writing), pool);
        CompletableFuture<List<Long>> privateReader = CompletableFuture.supplyAsync(
            () -> follow(one, bob, "/api/messages/private/" + alice.id() + "/changes", writing), pool);

        List<CompletableFuture<List<Long>>> writers = new ArrayList<>();
        for (TestServer node : List.of(one, two)) {
          for (int w = 0; w < WRITERS_PER_NODE; w++) {
            writers.add(CompletableFuture.supplyAsync(() -> post(node, alice, "/api/messages"), pool));
          }
          writers.add(CompletableFuture.supplyAsync(() -> post(node, alice, "/api/messages/private/" + bob.id()), pool));
          writers.add(CompletableFuture.supplyAsync(() -> post(node, bob, "/api/messages/private/" + alice.id()), pool));
        }
        List<Long> publicSeqs = new ArrayList<>();
        List<Long> privateSeqs = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
          boolean isPublic = i % (WRITERS_PER_NODE + 2) < WRITERS_PER_NODE;
          (isPublic ? publicSeqs : privateSeqs).addAll(writers.get(i).get(120, TimeUnit.SECONDS));
        }
        writing.set(false);

        int publicCount = 2 * WRITERS_PER_NODE * POSTS_PER_WRITER;
        int privateCount = 4 * POSTS_PER_WRITER;
        // Every seq answered once, and together they are 1..n: no gap, no reuse.
        assertThat(publicSeqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, publicCount).boxed().toList());
        assertThat(privateSeqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, privateCount).boxed().toList());
        // The readers, catching up on the other node while the writers wrote, saw every seq, in order, once.
        assertThat(publicReader.get(60, TimeUnit.SECONDS))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, publicCount).boxed().toList());
        assertThat(privateReader.get(60, TimeUnit.SECONDS))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, privateCount).boxed().toList());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static List<Long> post(TestServer node, Account sender, String path) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < POSTS_PER_WRITER; i++) {
      TestServer.Res res = node.post(path, sender.token(), new JsonObject().put("content", "m" + i));
      assertThat(res.status()).as(res.body()).isEqualTo(201);
      seqs.add(res.json().getLong("seq"));
    }
    return seqs;
  }

  /**
   * Catches up in small pages from the last seq received, as a client does, while the writers run and
   * once more after they stopped; returns every seq received, in the order received.
   */
  private static List<Long> follow(TestServer node, Account reader, String path, AtomicBoolean writing) {
    List<Long> seen = new ArrayList<>();
    long since = 0;
    while (true) {
      boolean finalRound = !writing.get(); // read before the request: its answer then includes every write
      JsonObject page = node.get(path + "?since=" + since + "&limit=7", reader.token()).json();
      JsonArray changes = page.getJsonArray("changes");
      for (int i = 0; i < changes.size(); i++) {
        long seq = changes.getJsonObject(i).getLong("seq");
        seen.add(seq);
        since = seq;
      }
      if (finalRound && !page.getBoolean("has_more")) {
        return seen;
      }
    }
  }
}
