package io.chatserver.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.users.DeletedUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * C120: what the window answers, and when it leaves the answer to the database (null). The answers' bytes
 * are the database path's: {@code MessageListJsonTest} and {@code CatchUpFromMemoryTest}.
 */
class RecentPublicChangesTest {

  private final RecentPublicChanges recent = new RecentPublicChanges();

  private static PublicMessage message(long id, long seq, String content) {
    return new PublicMessage(id, 7, "alice", null, content, 1_700_000_000_000L + id, seq, null, null, List.of());
  }

  /** The seqs of the answer's changes, or null when the database must answer. */
  private List<Long> seqs(long since, int limit) {
    JsonObject page = page(since, limit);
    return page == null ? null
        : page.getJsonArray("changes").stream().map(c -> ((JsonObject) c).getLong("seq")).toList();
  }

  private JsonObject page(long since, int limit) {
    byte[] answer = recent.since(since, limit);
    return answer == null ? null : new JsonObject(new String(answer, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void nothingIsAnsweredBeforeTheFirstChange() {
    assertThat(recent.since(0, 100)).isNull();
    assertThat(RecentPublicChanges.OFF.since(0, 100)).isNull();
  }

  @Test
  void coversFromJustBeforeTheFirstChangeSeen() {
    recent.onPublicMessage(message(1, 10, "a"));
    recent.onPublicMessage(message(2, 11, "b"));
    assertThat(seqs(9, 100)).containsExactly(10L, 11L);
    assertThat(seqs(10, 100)).containsExactly(11L);
    assertThat(seqs(11, 100)).isEmpty();
    assertThat(page(11, 100).getLong("latest_seq")).isEqualTo(11);
    assertThat(seqs(8, 100)).as("before the window: the database's").isNull();
    assertThat(seqs(12, 100)).as("after what this node has seen").isNull();
  }

  @Test
  void aChangeWaitsForTheSmallerSeqs() {
    recent.onPublicMessage(message(1, 10, "a"));
    recent.onPublicMessage(message(3, 12, "c")); // 11 is still on its way
    assertThat(seqs(9, 100)).containsExactly(10L);
    assertThat(page(9, 100).getLong("latest_seq")).isEqualTo(10);
    recent.onPublicMessage(message(2, 11, "b"));
    assertThat(seqs(9, 100)).containsExactly(10L, 11L, 12L);
    recent.onPublicMessage(message(2, 11, "b"));
    assertThat(seqs(9, 100)).as("a repeat changes nothing").containsExactly(10L, 11L, 12L);
  }

  @Test
  void eachMessageAppearsOnceInItsLatestState() {
    recent.onPublicMessage(message(1, 10, "a"));
    recent.onPublicMessage(message(2, 11, "b"));
    recent.onMessageUpdated(message(1, 12, "a, edited"));
    recent.onMessageDeleted(2, null, 13, List.of());
    recent.onMessageDeleted(99, 5L, 14, List.of(1L, 2L)); // a private chat's: not this room's
    JsonArray changes = page(9, 100).getJsonArray("changes");
    assertThat(changes.getJsonObject(0).getString("content")).isEqualTo("a, edited");
    assertThat(changes.getJsonObject(1)).isEqualTo(new JsonObject().put("id", 2).put("seq", 13).put("deleted", true));
    assertThat(changes).hasSize(2);
    assertThat(seqs(12, 100)).containsExactly(13L);
  }

  @Test
  void pagesStopAtTheLimit() {
    LongStream.rangeClosed(1, 5).forEach(i -> recent.onPublicMessage(message(i, 10 + i, "m" + i)));
    JsonObject first = page(10, 2);
    assertThat(first.getJsonArray("changes").size()).isEqualTo(2);
    assertThat(first.getBoolean("has_more")).isTrue();
    assertThat(first.getLong("latest_seq")).isEqualTo(15);
    assertThat(page(13, 2).getBoolean("has_more")).isFalse();
  }

  @Test
  void theOldestSeqsGoBeyondCapacity() {
    int extra = 5;
    LongStream.rangeClosed(1, RecentPublicChanges.CAPACITY + extra)
        .forEach(i -> recent.onPublicMessage(message(i, i, "m" + i)));
    assertThat(seqs(extra - 1, 1)).isNull();
    assertThat(seqs(extra, 1)).containsExactly(extra + 1L);
  }

  @Test
  void aRenameStartsAgainAfterTheNewestSeq() {
    recent.onPublicMessage(message(1, 10, "a"));
    recent.onPublicMessage(message(2, 12, "c")); // waiting for 11
    recent.onUserChanged(7);
    assertThat(seqs(9, 100)).isNull();
    assertThat(seqs(12, 100)).as("empty from the newest seq seen").isEmpty();
    recent.onPublicMessage(message(2, 11, "b"));
    recent.onPublicMessage(message(3, 13, "d"));
    assertThat(seqs(12, 100)).containsExactly(13L);
  }

  @Test
  void aGapThatDoesNotFillStartsAgain() {
    recent.onPublicMessage(message(1, 10, "a"));
    long last = 11 + RecentPublicChanges.MAX_PENDING + 1;
    LongStream.rangeClosed(12, last).forEach(seq -> recent.onPublicMessage(message(seq, seq, "x")));
    assertThat(seqs(9, 100)).isNull();
    assertThat(seqs(last, 100)).isEmpty();
  }

  @Test
  void aUserDeletionIsItsChanges() {
    recent.onPublicMessage(message(1, 10, "theirs"));
    recent.onPublicMessage(message(2, 11, "reacted to"));
    recent.onUserDeleted(new DeletedUser(7, List.of(message(2, 12, "reacted to")),
        List.of(new Tombstone(1, null, 13)), List.of()));
    assertThat(seqs(9, 100)).containsExactly(12L, 13L);
    assertThat(page(9, 100).getJsonArray("changes").getJsonObject(1).getBoolean("deleted")).isTrue();
  }
}
