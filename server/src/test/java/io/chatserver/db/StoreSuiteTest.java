package io.chatserver.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatserver.PgSchema;

import io.chatserver.auth.RevocationStore;
import io.chatserver.chats.PrivateChat;
import io.chatserver.chats.PrivateChatStore;
import io.chatserver.files.FileService.NewFile;
import io.chatserver.files.FileStore;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.Page;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.messages.Tombstone;
import io.chatserver.users.DeletedUser;
import io.chatserver.users.User;
import io.chatserver.users.UserStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One behaviour suite for the stores, run against every database we support: the embedded SQLite
 * file and PostgreSQL (each run in its own freshly created schema, dropped afterwards, because other
 * builds may share the database).
 */
class StoreSuiteTest {

  static Vertx vertx;
  static Database sqlite;
  static Database postgres;
  static PgSchema schema;

  final UserStore users = new UserStore();
  final MessageStore messages = new MessageStore();
  final PrivateChatStore chats = new PrivateChatStore();
  final FileStore files = new FileStore();
  final RevocationStore revocations = new RevocationStore();

  @BeforeAll
  static void open() throws Exception {
    vertx = Vertx.vertx();
    sqlite = Database.open(vertx, "jdbc:sqlite:" + Files.createTempDirectory("store").resolve("chat.db"), 2);
    schema = new PgSchema();
    postgres = Database.open(vertx, schema.url(), 2);
  }

  @AfterAll
  static void close() throws Exception {
    sqlite.close();
    postgres.close();
    schema.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static Stream<Database> databases() {
    return Stream.of(sqlite, postgres);
  }

  static <T> T tx(Database db, HandleCallback<T, Exception> work) throws Exception {
    return db.tx(work).await(30, TimeUnit.SECONDS);
  }

  User newUser(Handle h, String prefix) {
    String name = prefix + UUID.randomUUID().toString().substring(0, 8);
    return users.insert(h, name, name + "@Example.com", "hash", null, System.currentTimeMillis());
  }

  @ParameterizedTest(autoCloseArguments = false) // the databases are closed once, in @AfterAll
  @MethodSource("databases")
  void usersAreUniqueCaseInsensitively(Database db) throws Exception {
    User u = tx(db, h -> newUser(h, "Mixed"));
    tx(db, h -> {
      assertThat(users.usernameTaken(h, u.username().toUpperCase(), 0)).isTrue();
      assertThat(users.usernameTaken(h, u.username().toUpperCase(), u.id())).isFalse();
      assertThat(users.emailTaken(h, u.email().toLowerCase(), 0)).isTrue();
      assertThat(users.credentialsByUsername(h, u.username().toLowerCase()).orElseThrow().passwordHash())
          .isEqualTo("hash");
      assertThat(users.find(h, u.id())).contains(u);
      return null;
    });
    assertThatThrownBy(() -> tx(db, h -> users.insert(h, u.username().toLowerCase(), "other@x.io", "h", null, 1)))
        .satisfies(e -> assertThat(ConstraintViolation.reasonOf(e)).isEqualTo(ConstraintViolation.Reason.DUPLICATE));
  }

  /** Both databases' refusals get one typed reason each, read from their codes rather than their messages. */
  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void refusedStatementsCarryTheirReason(Database db) throws Exception {
    User u = tx(db, h -> newUser(h, "refused"));
    assertThatThrownBy(() -> tx(db, h -> messages.insertPublic(h, u.id() + 1_000_000, "orphan", null,
        messages.nextPublicSeq(h), 1)))
        .satisfies(e -> assertThat(ConstraintViolation.reasonOf(e))
            .isEqualTo(ConstraintViolation.Reason.MISSING_REFERENCE));
    assertThatThrownBy(() -> db.read(h -> users.insert(h, u.username(), "x@y.io", "h", null, 1))
        .await(30, TimeUnit.SECONDS))
        .satisfies(e -> assertThat(ConstraintViolation.reasonOf(e)).isEqualTo(ConstraintViolation.Reason.DUPLICATE));
    if (db.vendor() == Database.Vendor.POSTGRESQL) { // SQLite stores NUL and ignores column sizes
      assertThatThrownBy(() -> tx(db, h -> messages.insertPublic(h, u.id(), "nul\u0000", null,
          messages.nextPublicSeq(h), 1)))
          .satisfies(e -> assertThat(ConstraintViolation.reasonOf(e))
              .isEqualTo(ConstraintViolation.Reason.INVALID_VALUE));
      assertThatThrownBy(() -> tx(db, h -> messages.insertPublic(h, u.id(), "x".repeat(4001), null,
          messages.nextPublicSeq(h), 1)))
          .satisfies(e -> assertThat(ConstraintViolation.reasonOf(e))
              .isEqualTo(ConstraintViolation.Reason.INVALID_VALUE));
    }
  }

  @ParameterizedTest(autoCloseArguments = false) // the databases are closed once, in @AfterAll
  @MethodSource("databases")
  void publicHistoryPagesNewestBelowCursorOldestFirst(Database db) throws Exception {
    User u = tx(db, h -> newUser(h, "pager"));
    List<Long> ids = tx(db, h -> Stream.iterate(0, i -> i + 1).limit(7)
        .map(i -> messages.insertPublic(h, u.id(), "m" + i, null, messages.nextPublicSeq(h), 1000L + i).id()).toList());
    tx(db, h -> {
      List<PublicMessage> newest = messages.publicPage(h, new Page(null, 3));
      assertThat(newest.stream().map(PublicMessage::id).toList()).isEqualTo(ids.subList(4, 7));
      assertThat(newest.get(0).username()).isEqualTo(u.username());
      List<PublicMessage> older = messages.publicPage(h, new Page(ids.get(4), 3));
      assertThat(older.stream().map(PublicMessage::id).toList()).isEqualTo(ids.subList(1, 4));
      return null;
    });
  }

  @ParameterizedTest(autoCloseArguments = false) // the databases are closed once, in @AfterAll
  @MethodSource("databases")
  void privateChatIsOneRowPerPairFromEitherSide(Database db) throws Exception {
    User a = tx(db, h -> newUser(h, "a"));
    User b = tx(db, h -> newUser(h, "b"));
    PrivateChat ab = tx(db, h -> chats.findOrCreate(h, a.id(), b.id(), 1));
    PrivateChat ba = tx(db, h -> chats.findOrCreate(h, b.id(), a.id(), 2));
    assertThat(ba).isEqualTo(ab);
    assertThat(ab.userLow()).isLessThan(ab.userHigh());
    PrivateMessage m = tx(db, h -> messages.insertPrivate(h, ab, b, "hey", null, messages.nextChatSeq(h, ab.id()), 5));
    assertThat(m.recipientId()).isEqualTo(a.id());
    assertThat(m.senderId()).isEqualTo(b.id());
    tx(db, h -> {
      assertThat(messages.privatePage(h, ab.id(), Page.NEWEST)).containsExactly(m);
      assertThat(chats.findByPair(h, b.id(), a.id())).contains(ab);
      return null;
    });
  }

  @ParameterizedTest(autoCloseArguments = false) // the databases are closed once, in @AfterAll
  @MethodSource("databases")
  void deletingAUserCascadesInOneTransaction(Database db) throws Exception {
    User earlier = tx(db, h -> newUser(h, "earlier")); // a lower id: gone is the chat's user_high
    User gone = tx(db, h -> newUser(h, "gone"));
    User stays = tx(db, h -> newUser(h, "stays"));
    long chatWithEarlier = tx(db, h -> chats.findOrCreate(h, earlier.id(), gone.id(), 1).id());
    long[] ids = tx(db, h -> {
      PublicMessage pm = messages.insertPublic(h, gone.id(), "bye", null, messages.nextPublicSeq(h), 1);
      PublicMessage kept = messages.insertPublic(h, stays.id(), "hi", null, messages.nextPublicSeq(h), 1);
      PrivateChat chat = chats.findOrCreate(h, gone.id(), stays.id(), 1);
      PrivateMessage reply = messages.insertPrivate(h, chat, stays, "reply", null, messages.nextChatSeq(h, chat.id()), 1);
      long fileOnMessage = files.insert(h, new NewFile("a.png", "https://x.io/a.png", 1, pm.id(), null),
          stays.id(), 1).id();
      long fileInChat = files.insert(h, new NewFile("b.png", "https://x.io/b.png", 1, null, chat.id()),
          stays.id(), 1).id();
      return new long[] {pm.id(), kept.id(), chat.id(), reply.id(), fileOnMessage, fileInChat};
    });
    DeletedUser deletion = tx(db, h -> {
      DeletedUser read = new DeletedUser(gone.id(), messages.unreactPublicBy(h, gone.id(), 2),
          messages.tombstonePublicOf(h, gone.id(), 2),
          users.endedChats(h, gone.id()));
      assertThat(users.delete(h, gone.id())).isTrue();
      return read;
    });
    // What others were shown of the user, read in the deleting transaction.
    assertThat(deletion.publicMessages()).extracting(Tombstone::id).containsExactly(ids[0]);
    assertThat(deletion.privateChats()).containsExactlyInAnyOrder(
        new DeletedUser.EndedChat(ids[2], stays.id()), new DeletedUser.EndedChat(chatWithEarlier, earlier.id()));
    tx(db, h -> {
      assertThat(messages.findPublic(h, ids[0])).isEmpty();
      assertThat(messages.findPublic(h, ids[1])).isPresent();
      assertThat(chats.find(h, ids[2])).isEmpty();
      assertThat(messages.findPrivate(h, ids[3])).isEmpty();
      assertThat(files.find(h, ids[4])).isEmpty();
      assertThat(files.find(h, ids[5])).isEmpty();
      return null;
    });
  }

  @ParameterizedTest(autoCloseArguments = false) // the databases are closed once, in @AfterAll
  @MethodSource("databases")
  void deletingAMessageDeletesItsFiles(Database db) throws Exception {
    User u = tx(db, h -> newUser(h, "f"));
    long[] ids = tx(db, h -> {
      long message = messages.insertPublic(h, u.id(), "x", null, messages.nextPublicSeq(h), 1).id();
      long file = files.insert(h, new NewFile("a.pdf", "https://x.io/a.pdf", 5, message, null), u.id(), 1).id();
      return new long[] {message, file};
    });
    tx(db, h -> {
      assertThat(files.byPublicMessage(h, ids[0])).hasSize(1);
      assertThat(files.byUploader(h, u.id()).get(0).publicMessageId()).isEqualTo(ids[0]);
      assertThat(files.byUploader(h, u.id()).get(0).privateChatId()).isNull();
      messages.deletePublic(h, ids[0], messages.nextPublicSeq(h), 2);
      assertThat(files.find(h, ids[1])).isEmpty();
      return null;
    });
  }

  @ParameterizedTest(autoCloseArguments = false) // the databases are closed once, in @AfterAll
  @MethodSource("databases")
  void revokedTokensHideTheUserUntilPurged(Database db) throws Exception {
    User u = tx(db, h -> newUser(h, "r"));
    String jti = UUID.randomUUID().toString();
    tx(db, h -> {
      assertThat(revocations.activeUser(h, u.id(), jti, 0)).contains(u);
      revocations.revoke(h, jti, 100);
      revocations.revoke(h, jti, 100); // idempotent
      assertThat(revocations.activeUser(h, u.id(), jti, 0)).isEmpty();
      assertThat(revocations.activeUser(h, u.id(), "other", 0)).contains(u);
      assertThat(revocations.purgeExpired(h, 101)).isGreaterThanOrEqualTo(1);
      assertThat(revocations.activeUser(h, u.id(), jti, 0)).contains(u);
      return null;
    });
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("databases")
  void aPasswordChangeMovesTheTokenGenerationAndHidesTheUserFromOlderTokens(Database db) throws Exception {
    User u = tx(db, h -> newUser(h, "g"));
    User other = tx(db, h -> newUser(h, "g"));
    tx(db, h -> {
      assertThat(users.credentialsByUsername(h, u.username()).orElseThrow().tokenGeneration()).isZero();
      assertThat(users.updatePasswordHash(h, u.id(), "hash2")).isEqualTo(1);
      assertThat(users.updatePasswordHash(h, u.id(), "hash3")).isEqualTo(2);
      UserStore.Credentials credentials = users.credentialsByUsername(h, u.username()).orElseThrow();
      assertThat(credentials.tokenGeneration()).isEqualTo(2);
      assertThat(credentials.passwordHash()).isEqualTo("hash3");
      assertThat(revocations.activeUser(h, u.id(), "t", 0)).isEmpty();
      assertThat(revocations.activeUser(h, u.id(), "t", 1)).isEmpty();
      assertThat(revocations.activeUser(h, u.id(), "t", 2)).contains(u);
      assertThat(revocations.activeUser(h, other.id(), "t", 0)).contains(other);
      return null;
    });
  }

  @org.junit.jupiter.api.Test
  void sqliteRunsWithDurableSettings() throws Exception {
    sqlite.read(h -> {
      assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
      assertThat(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()).isEqualTo(2); // FULL
      assertThat(h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
      assertThat(h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()).isEqualTo(10000);
      return null;
    }).await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(autoCloseArguments = false) // the databases are closed once, in @AfterAll
  @MethodSource("databases")
  void pingAnswers(Database db) throws Exception {
    assertThat(db.ping().await(10, TimeUnit.SECONDS)).isTrue();
  }
}
