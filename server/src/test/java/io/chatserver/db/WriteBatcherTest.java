package io.chatserver.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatserver.users.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The single SQLite writer on a real database file: a job that throws an {@code Error} (not an
 * exception) fails alone, and the writer goes on with the next writes.
 */
class WriteBatcherTest {

  private final UserStore users = new UserStore();
  private Vertx vertx;
  private Database db;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    db = Database.open(vertx, "jdbc:sqlite:" + Files.createTempDirectory("writer").resolve("chat.db"), 2);
  }

  @AfterEach
  void close() throws Exception {
    db.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Future<Long> insertUser(String name) {
    return db.tx(h -> users.insert(h, name, name + "@example.com", "hash", null, 1).id());
  }

  private long userCount() throws Exception {
    return db.read(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one())
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  void aJobThrowingAnErrorFailsAloneAndLaterWritesStillCommit() throws Exception {
    Future<Long> broken = db.tx(h -> {
      users.insert(h, "doomed", "doomed@example.com", "hash", null, 1);
      throw new StackOverflowError("deep recursion in a job");
    });
    assertThatThrownBy(() -> broken.await(10, TimeUnit.SECONDS)).isInstanceOf(StackOverflowError.class);

    assertThat(insertUser("after").await(10, TimeUnit.SECONDS)).isPositive();
    assertThat(userCount()).isEqualTo(1); // the failing job's insert was rolled back alone
  }

  @Test
  void anErrorInsideABatchLeavesTheOtherJobsOfTheBatchCommitted() throws Exception {
    List<Future<Long>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(insertUser("batch" + i));
      if (i == 10) {
        writes.add(db.tx(h -> {
          throw new AssertionError("a job's own bug");
        }));
      }
    }
    Future.join(writes).transform(all -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
    assertThat(writes.stream().filter(Future::failed).map(f -> f.cause().getClass().getName()).toList())
        .containsExactly(AssertionError.class.getName());
    assertThat(userCount()).isEqualTo(20);
    assertThat(insertUser("later").await(10, TimeUnit.SECONDS)).isPositive();
  }
}
