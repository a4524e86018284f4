package io.chatserver.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.chats.PrivateChat;
import io.chatserver.chats.PrivateChatStore;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.messages.Series;
import io.chatserver.users.User;
import io.chatserver.users.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * C116: on SQLite a new message is indexed for search at the end of its write batch, not by a trigger.
 * Whatever a batch does to a message before that (edit it, delete it, roll it back), the committed index
 * matches the committed messages, which FTS5's own integrity check compares row by row.
 */
class SearchIndexPerBatchTest {

  private final UserStore users = new UserStore();
  private final MessageStore messages = new MessageStore();
  private final PrivateChatStore chats = new PrivateChatStore();
  private Vertx vertx;
  private Database db;
  private long seq;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    db = Database.open(vertx, "jdbc:sqlite:" + Files.createTempDirectory("fts").resolve("chat.db"), 2);
  }

  @AfterEach
  void close() throws Exception {
    db.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private <T> T tx(HandleCallback<T, Exception> work) throws Exception {
    return db.tx(work).await(10, TimeUnit.SECONDS);
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

  @Test
  void whatABatchDoesToItsNewMessagesIsWhatTheIndexShows() throws Exception {
    User alice = tx(h -> users.insert(h, "alice", "alice@example.com", "hash", null, 1));
    User bob = tx(h -> users.insert(h, "bob", "bob@example.com", "hash", null, 1));
    PrivateChat chat = tx(h -> chats.findOrCreate(h, alice.id(), bob.id(), 1));

    // One transaction: stored, edited before the batch end, stored and deleted, stored and kept.
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
    assertThat(publicMatches("apple")).isEmpty();
    assertThat(publicMatches("banana")).containsExactly(ids[0]);
    assertThat(publicMatches("cherry")).isEmpty();
    assertThat(publicMatches("damson")).containsExactly(ids[1]);
    assertThat(privateMatches("elder")).containsExactly(ids[2]);
    assertThat(privateMatches("fig")).isEmpty();
    indexMatchesTheMessages();

    // Later batches change messages that were indexed: through the triggers, as before.
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
  void concurrentSendsAndAFailingOneLeaveTheIndexMatchingTheCommittedMessages() throws Exception {
    User alice = tx(h -> users.insert(h, "alice", "alice@example.com", "hash", null, 1));
    List<Future<Long>> sends = new ArrayList<>();
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
    }
    Future.join(sends).otherwiseEmpty().await(10, TimeUnit.SECONDS); // every send done, failed or not
    List<Long> stored = new ArrayList<>();
    for (Future<Long> send : sends) {
      if (send.succeeded()) {
        stored.add(send.result());
      }
    }
    assertThat(stored).hasSize(200 - 12);
    assertThat(publicMatches("stored")).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(publicMatches("rolledback")).isEmpty();
    indexMatchesTheMessages();
  }
}
