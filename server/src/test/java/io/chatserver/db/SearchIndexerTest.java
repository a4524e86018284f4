package io.chatserver.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.chats.PrivateChat;
import io.chatserver.chats.PrivateChatStore;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.messages.Series;
import io.chatserver.metrics.Metrics;
import io.chatserver.users.User;
import io.chatserver.users.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * C119: on SQLite new messages are indexed for search in bulk, by the writer, when a search asks
 * ({@link Database#indexForSearch}) or on its own. Most tests here index only when asked, so what is
 * not indexed yet stays so: whatever happens to a message before it is indexed (edited, deleted, its
 * author deleted, its job rolled back, a restart), the index then matches the committed messages, which
 * FTS5's own integrity check compares row by row.
 */
class SearchIndexerTest {

  private final UserStore users = new UserStore();
  private final MessageStore messages = new MessageStore();
  private final PrivateChatStore chats = new PrivateChatStore();
  private Vertx vertx;
  private Path file;
  private Database db;
  private long seq;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    file = Files.createTempDirectory("fts").resolve("chat.db");
    db = open(SearchIndexer.onlyWhenAsked());
  }

  private Database open(SearchIndexer indexer) {
    return Database.open(vertx, "jdbc:sqlite:" + file, 2, Database.DEFAULT_WRITE_STALL_MS, Metrics.OFF, indexer);
  }

  @AfterEach
  void close() throws Exception {
    db.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private <T> T tx(HandleCallback<T, Exception> work) throws Exception {
    return db.tx(work).await(10, TimeUnit.SECONDS);
  }

  private void indexForSearch() throws Exception {
    db.indexForSearch().await(10, TimeUnit.SECONDS);
  }

  private List<Long> publicMatches(String word) throws Exception {
    return db.read(h -> h.createQuery("SELECT rowid FROM public_messages_fts WHERE public_messages_fts MATCH ?"
        + " ORDER BY rowid").bind(0, word).mapTo(Long.class).list()).await(10, TimeUnit.SECONDS);
  }

  private List<Long> privateMatches(String word) throws Exception {
    return db.read(h -> h.createQuery("SELECT rowid FROM private_messages_fts WHERE private_messages_fts MATCH ?"
        + " ORDER BY rowid").bind(0, word).mapTo(Long.class).list()).await(10, TimeUnit.SECONDS);
  }

  /** FTS5's 'integrity-check' with rank 1 also compares the index with the content tables: throws if they differ. */
  private void indexMatchesTheMessages() throws Exception {
    db.read(h -> {
      h.execute("INSERT INTO public_messages_fts (public_messages_fts, rank) VALUES ('integrity-check', 1)");
      h.execute("INSERT INTO private_messages_fts (private_messages_fts, rank) VALUES ('integrity-check', 1)");
      return null;
    }).await(10, TimeUnit.SECONDS);
  }

  private PublicMessage post(Handle h, User author, String content) {
    seq++;
    return messages.insertPublic(h, author.id(), content, null, seq, 1);
  }

  private User user(String name) throws Exception {
    return tx(h -> users.insert(h, name, name + "@example.com", "hash", null, 1));
  }

  @Test
  void nothingIsIndexedUntilASearchAsksThenEverythingCommittedIs() throws Exception {
    User alice = user("alice");
    User bob = user("bob");
    PrivateChat chat = tx(h -> chats.findOrCreate(h, alice.id(), bob.id(), 1));

    // One transaction: stored, edited, stored and deleted, stored and kept.
    long[] ids = tx(h -> {
      PublicMessage edited = post(h, alice, "apple before");
      messages.edit(h, Series.PUBLIC, edited.id(), "banana after", ++seq, 2);
      PublicMessage deleted = post(h, alice, "cherry gone");
      messages.deletePublic(h, deleted.id(), ++seq, 2);
      PublicMessage kept = post(h, alice, "damson kept");
      PrivateMessage secret = messages.insertPrivate(h, chat, alice, "elder secret", null, 1, 1);
      PrivateMessage retracted = messages.insertPrivate(h, chat, alice, "fig retracted", null, 2, 1);
      messages.deletePrivate(h, retracted.id(), chat.id(), 3, 2);
      return new long[] {edited.id(), kept.id(), secret.id()};
    });
    assertThat(publicMatches("damson")).isEmpty();
    assertThat(privateMatches("elder")).isEmpty();
    // (FTS5's integrity check would fail here: it expects every row of the content table in the index.)

    indexForSearch();
    assertThat(publicMatches("apple")).isEmpty();
    assertThat(publicMatches("banana")).containsExactly(ids[0]);
    assertThat(publicMatches("cherry")).isEmpty();
    assertThat(publicMatches("damson")).containsExactly(ids[1]);
    assertThat(privateMatches("elder")).containsExactly(ids[2]);
    assertThat(privateMatches("fig")).isEmpty();
    indexMatchesTheMessages();

    // Messages already indexed change through the triggers, at once.
    tx(h -> {
      messages.edit(h, Series.PUBLIC, ids[0], "grape later", ++seq, 3);
      messages.deletePublic(h, ids[1], ++seq, 3);
      messages.edit(h, Series.PRIVATE, ids[2], "hazel later", 4, 3);
      return null;
    });
    assertThat(publicMatches("banana")).isEmpty();
    assertThat(publicMatches("grape")).containsExactly(ids[0]);
    assertThat(publicMatches("damson")).isEmpty();
    assertThat(privateMatches("elder")).isEmpty();
    assertThat(privateMatches("hazel")).containsExactly(ids[2]);
    indexMatchesTheMessages();
  }

  @Test
  void messagesEditedOrDeletedByLaterBatchesBeforeTheyAreIndexedAreIndexedAsTheyThenAre() throws Exception {
    User alice = user("alice");
    User bob = user("bob");
    User doomed = user("doomed");
    PrivateChat chat = tx(h -> chats.findOrCreate(h, alice.id(), bob.id(), 1));
    PrivateChat doomedChat = tx(h -> chats.findOrCreate(h, alice.id(), doomed.id(), 1));
    long indexedBefore = tx(h -> post(h, alice, "iris indexed")).id();
    indexForSearch();

    // Each in a batch of its own, none indexed in between.
    long edited = tx(h -> post(h, alice, "juniper before")).id();
    long deleted = tx(h -> post(h, alice, "kiwi gone")).id();
    long privateEdited = tx(h -> messages.insertPrivate(h, chat, alice, "lemon before", null, 1, 1)).id();
    long privateDeleted = tx(h -> messages.insertPrivate(h, chat, bob, "mango gone", null, 2, 1)).id();
    tx(h -> post(h, doomed, "nectarine doomed"));
    tx(h -> messages.insertPrivate(h, doomedChat, doomed, "olive doomed", null, 1, 1));
    tx(h -> {
      messages.edit(h, Series.PUBLIC, edited, "juniper after", ++seq, 2);
      return null;
    });
    tx(h -> messages.deletePublic(h, deleted, ++seq, 2));
    tx(h -> {
      messages.edit(h, Series.PRIVATE, privateEdited, "lemon after", 3, 2);
      return null;
    });
    tx(h -> messages.deletePrivate(h, privateDeleted, chat.id(), 4, 2));
    tx(h -> users.delete(h, doomed.id())); // ON DELETE CASCADE: their messages and chats
    tx(h -> messages.deletePublic(h, indexedBefore, ++seq, 3)); // indexed: through the trigger
    assertThat(publicMatches("juniper")).isEmpty();

    indexForSearch();
    assertThat(publicMatches("juniper")).containsExactly(edited);
    assertThat(publicMatches("before")).isEmpty();
    assertThat(publicMatches("kiwi")).isEmpty();
    assertThat(privateMatches("lemon")).containsExactly(privateEdited);
    assertThat(privateMatches("before")).isEmpty();
    assertThat(privateMatches("mango")).isEmpty();
    assertThat(publicMatches("nectarine")).isEmpty();
    assertThat(privateMatches("olive")).isEmpty();
    assertThat(publicMatches("iris")).isEmpty();
    indexMatchesTheMessages();
  }

  @Test
  void concurrentSendsAndAFailingOneLeaveTheIndexMatchingTheCommittedMessages() throws Exception {
    User alice = user("alice");
    List<Future<Long>> sends = new ArrayList<>();
    List<Future<Void>> searches = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean fails = i % 17 == 0;
      sends.add(db.tx(h -> {
        long id = messages.insertPublic(h, alice.id(), "plum " + (fails ? "rolledback" : "stored"), null,
            1_000_000 + h.createQuery("SELECT COUNT(*) FROM public_messages").mapTo(Long.class).one(), 1).id();
        if (fails) {
          throw new IllegalStateException("this send fails after its insert");
        }
        return id;
      }));
      if (i % 50 == 0) {
        searches.add(db.indexForSearch()); // asked while sends are queued: indexes in their batches
      }
    }
    Future.join(sends).otherwiseEmpty().await(10, TimeUnit.SECONDS); // every send done, failed or not
    Future.all(searches).await(10, TimeUnit.SECONDS);
    List<Long> stored = new ArrayList<>();
    for (Future<Long> send : sends) {
      if (send.succeeded()) {
        stored.add(send.result());
      }
    }
    assertThat(stored).hasSize(200 - 12);
    indexForSearch();
    assertThat(publicMatches("stored")).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(publicMatches("rolledback")).isEmpty();
    indexMatchesTheMessages();
  }

  @Test
  void aSearchWithNothingUnindexedAsksTheWriterNothing() throws Exception {
    User alice = user("alice");
    tx(h -> post(h, alice, "quince"));
    indexForSearch();
    // No write since: the answer is there at once, no job went to the writer.
    assertThat(db.indexForSearch().isComplete()).isTrue();
    assertThat(publicMatches("quince")).hasSize(1);
  }

  @Test
  void messagesLeftUnindexedByAStopAreIndexedAfterTheRestart() throws Exception {
    User alice = user("alice");
    long id = tx(h -> post(h, alice, "raspberry left")).id();
    User bob = user("bob");
    long privateId = tx(h -> {
      PrivateChat chat = chats.findOrCreate(h, alice.id(), bob.id(), 1);
      return messages.insertPrivate(h, chat, alice, "strawberry left", null, 1, 1).id();
    });
    db.close();

    // Restarted: the first search indexes them.
    db = open(SearchIndexer.onlyWhenAsked());
    assertThat(publicMatches("raspberry")).isEmpty();
    indexForSearch();
    assertThat(publicMatches("raspberry")).containsExactly(id);
    assertThat(privateMatches("strawberry")).containsExactly(privateId);
    indexMatchesTheMessages();

    long later = tx(h -> post(h, alice, "tangerine left")).id();
    db.close();

    // Restarted as in production: the idle writer indexes them without being asked.
    db = open(new SearchIndexer());
    await().atMost(Duration.ofSeconds(10)).until(() -> publicMatches("tangerine").equals(List.of(later)));
    indexMatchesTheMessages();
  }

  @Test
  void theWriterIndexesOnItsOwn() throws Exception {
    db.close();
    db = open(new SearchIndexer());
    User alice = user("alice");
    List<Future<PublicMessage>> sends = new ArrayList<>();
    for (int i = 0; i < SearchIndexer.AFTER_JOBS + 10; i++) {
      sends.add(db.tx(h -> post(h, alice, "ugli many")));
    }
    Future.all(sends).await(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> publicMatches("ugli").size() == SearchIndexer.AFTER_JOBS + 10);
    indexMatchesTheMessages();
  }
}
