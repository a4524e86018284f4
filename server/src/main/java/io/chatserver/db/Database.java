package io.chatserver.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chatserver.core.ApiException;
import io.chatserver.core.InvalidConfig;
import io.chatserver.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the schema migrations and the bounded worker pool every query runs on.
 * JDBC blocks, so nothing here may run on an event loop: {@link #read} and {@link #tx} hop onto the
 * "chat-db" worker pool (sized like the connection pool, so a worker never waits for a connection).
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  public enum Vendor {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    final String migrationFolder;

    Vendor(String migrationFolder) {
      this.migrationFolder = migrationFolder;
    }
  }

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final WorkerExecutor executor;
  private final Vendor vendor;
  /** SQLite has one writer at a time: its transactions are group-committed by one thread. */
  private final WriteBatcher batcher;
  private final Metrics metrics;

  /** How long one SQLite write batch may hold the writer before new writes are refused (503). */
  public static final long DEFAULT_WRITE_STALL_MS = 10_000;

  private Database(HikariDataSource dataSource, WorkerExecutor executor, Vendor vendor, long writeStallMillis,
      Metrics metrics, SearchIndexer indexer) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    // A failed statement's message names neither its SQL nor its bound values (password hashes, message
    // content): exceptions reach logs.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    this.executor = executor;
    this.vendor = vendor;
    this.metrics = metrics;
    this.batcher = vendor == Vendor.SQLITE ? new WriteBatcher(writerJdbi(dataSource), writeStallMillis, metrics, indexer)
        : null;
  }

  /** The SQLite writer's own Jdbi: as the readers', and it keeps its prepared statements (C112). */
  private static Jdbi writerJdbi(HikariDataSource dataSource) {
    Jdbi writer = Jdbi.create(dataSource);
    writer.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
    writer.setStatementBuilderFactory(new CachedStatements());
    return writer;
  }

  public static Database open(Vertx vertx, String jdbcUrl, int poolSize) {
    return open(vertx, jdbcUrl, poolSize, DEFAULT_WRITE_STALL_MS);
  }

  public static Database open(Vertx vertx, String jdbcUrl, int poolSize, long writeStallMillis) {
    return open(vertx, jdbcUrl, poolSize, writeStallMillis, Metrics.OFF);
  }

  /**
   * Opens the pool and migrates the schema; blocking, so callers run it on a worker. {@code metrics}
   * times transactions and sizes group commits.
   */
  public static Database open(Vertx vertx, String jdbcUrl, int poolSize, long writeStallMillis, Metrics metrics) {
    return open(vertx, jdbcUrl, poolSize, writeStallMillis, metrics, new SearchIndexer());
  }

  static Database open(Vertx vertx, String jdbcUrl, int poolSize, long writeStallMillis, Metrics metrics,
      SearchIndexer indexer) {
    Vendor vendor = vendorOf(jdbcUrl);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setMaximumPoolSize(poolSize);
    hikari.setMinimumIdle(Math.min(2, poolSize));
    hikari.setPoolName("chat-db");
    // Fail fast while the database is away (503), instead of holding requests for Hikari's default 30 s.
    hikari.setConnectionTimeout(5000);
    if (vendor == Vendor.SQLITE) {
      // Durability and integrity are per-connection settings in SQLite; see docs/decisions.md.
      hikari.addDataSourceProperty("journal_mode", "WAL");
      hikari.addDataSourceProperty("synchronous", "FULL");
      hikari.addDataSourceProperty("foreign_keys", "true");
      hikari.addDataSourceProperty("busy_timeout", "10000");
      // BEGIN IMMEDIATE: a transaction takes the single write lock up front, so two read-then-write
      // transactions never deadlock on lock upgrade (which SQLite answers with SQLITE_BUSY at once).
      hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      // The server's error detail repeats the values of a refused row ("Key (email_key)=(...)").
      hikari.addDataSourceProperty("logServerErrorDetail", "false");
    }
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      Migrations.run(dataSource, "classpath:db/migration/" + vendor.migrationFolder);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    log.info("Database ready ({}, pool of {})", vendor, poolSize);
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("chat-db", poolSize);
    return new Database(dataSource, executor, vendor, writeStallMillis, metrics, indexer);
  }

  static Vendor vendorOf(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return Vendor.SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return Vendor.POSTGRESQL;
    }
    throw new InvalidConfig("DATABASE_URL must be a jdbc:postgresql: or jdbc:sqlite: URL");
  }

  public Vendor vendor() {
    return vendor;
  }

  /** Runs autocommit statements on the db worker pool. */
  public <T> Future<T> read(HandleCallback<T, Exception> work) {
    return onWorker(() -> jdbi.withHandle(work)).recover(Database::refusalAsApiException);
  }

  /**
   * Runs work in one transaction; the future completes after the commit. On SQLite, concurrent
   * transactions are group-committed by {@link WriteBatcher}; on PostgreSQL they run in parallel on the
   * db worker pool.
   *
   * <p>The contract of {@code work}: it may run more than once, and only its last run counts. When a
   * SQLite batch fails, {@link WriteBatcher} runs each of its jobs again under its own savepoint; when
   * PostgreSQL aborts a transaction as a deadlock or a serialization failure, it runs again from the
   * start. So {@code work} reads and writes through its {@code Handle} only, with no side effect outside
   * the database (no events, no pushes, no counters, no I/O): whatever must happen once happens after
   * the returned future completed (services announce {@code ChatEvents} there). It runs on a worker
   * thread, so it may block, and it must not touch Vert.x state of the caller's context.
   */
  public <T> Future<T> tx(HandleCallback<T, Exception> work) {
    if (metrics != Metrics.OFF) {
      long start = System.nanoTime();
      return runTx(work).onComplete(ar -> metrics.transaction(System.nanoTime() - start, ar.succeeded()));
    }
    return runTx(work);
  }

  private <T> Future<T> runTx(HandleCallback<T, Exception> work) {
    Future<T> done = batcher != null
        ? batcher.submit(work).recover(Database::unreachableAsUnavailable)
        : inTransaction(work, CONFLICT_ATTEMPTS);
    return done.recover(Database::refusalAsApiException);
  }

  /** Attempts of a PostgreSQL transaction that the server aborted as a deadlock or serialization failure. */
  private static final int CONFLICT_ATTEMPTS = 3;

  /**
   * PostgreSQL aborts one of two transactions that wait on each other (e.g. a message insert holding a
   * lock on its chat while the author's deletion locks the user row): the aborted one is run again,
   * which is safe because a transaction body does nothing outside the database.
   */
  private <T> Future<T> inTransaction(HandleCallback<T, Exception> work, int attemptsLeft) {
    return onWorker(() -> jdbi.inTransaction(work)).recover(error -> {
      if (attemptsLeft > 1 && abortedAsConflict(error)) {
        log.debug("Transaction aborted as a conflict, running it again: {}", error.toString());
        return inTransaction(work, attemptsLeft - 1);
      }
      return Future.failedFuture(error);
    });
  }

  /** SQLState 40P01 (deadlock detected) or 40001 (serialization failure). */
  static boolean abortedAsConflict(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The one place where a statement refused for its data becomes a typed error (a 400/404 by default,
   * see {@link ConstraintViolation}), on both databases alike, instead of a 500 with the statement logged.
   */
  private static <T> Future<T> refusalAsApiException(Throwable error) {
    if (error instanceof ApiException) {
      return Future.failedFuture(error);
    }
    ConstraintViolation violation = ConstraintViolation.find(error);
    if (violation == null) {
      return Future.failedFuture(error);
    }
    log.debug("Statement refused: {}", violation.getMessage());
    return Future.failedFuture(violation.toApiException());
  }

  /**
   * Unordered (queries run in parallel); a closed pool fails the future instead of throwing, and an
   * unreachable database fails it with a 503-kind error that clients can act on.
   */
  private <T> Future<T> onWorker(java.util.concurrent.Callable<T> work) {
    try {
      return executor.executeBlocking(work, false).recover(Database::unreachableAsUnavailable);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static <T> Future<T> unreachableAsUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        log.warn("Database unreachable: {}", t.getMessage());
        return Future.failedFuture(ApiException.unavailable("Database unavailable, try again later"));
      }
    }
    return Future.failedFuture(error);
  }

  /**
   * Completes once every message committed before the call is in the search index: search waits for it
   * before it reads. PostgreSQL's index is part of each message's transaction; SQLite's writer indexes
   * new messages in bulk, and at once when asked here with some unindexed (C119).
   */
  public Future<Void> indexForSearch() {
    return batcher == null ? Future.succeededFuture()
        : batcher.indexForSearch().recover(Database::unreachableAsUnavailable);
  }

  /** A cheap round trip for the health check. */
  public Future<Boolean> ping() {
    return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one() == 1);
  }

  /**
   * A round trip through the write path, for the health check: on SQLite an empty transaction through
   * the single writer (which takes the write lock: BEGIN IMMEDIATE), on PostgreSQL a transaction that
   * must be allowed to write (a standby, or a server put in read-only mode, fails it).
   */
  public Future<Void> writeCheck() {
    return tx(h -> {
      if (vendor == Vendor.POSTGRESQL
          && !"off".equals(h.createQuery("SHOW transaction_read_only").mapTo(String.class).one())) {
        throw new IllegalStateException("PostgreSQL accepts no writes (read-only)");
      }
      return h.createQuery("SELECT 1").mapTo(Integer.class).one();
    }).mapEmpty();
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.close();
    }
    executor.close();
    dataSource.close();
  }
}
