package io.chatserver.db;

import io.chatserver.core.ApiException;
import io.chatserver.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a single-writer database (SQLite). Write transactions submitted concurrently are
 * run by one thread, many to one database transaction, each in a savepoint of its own (a failing one
 * rolls back alone), then committed and synced once. Every caller hears of its write only after that
 * commit, so a 2xx stays durable; what changes is that one fsync serves a whole batch instead of one
 * request. Alone, a write is a batch of one and waits for nothing. The queue is bounded: when the
 * disk cannot keep up, writes are refused (503) instead of piling up in memory.
 *
 * <p>The writer survives anything a job throws ({@code Error}s included: that job fails alone). Should
 * it still be gone, or stuck on one batch for longer than the stall limit (a hung disk, a lock held by
 * another process), new writes fail fast with 503 instead of waiting, and {@link #healthy()} says so.
 *
 * <p>New messages are indexed for search at the end of some batches, not all ({@link SearchIndexer}).
 */
final class WriteBatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);
  static final int MAX_BATCH = 256;
  static final int MAX_QUEUED = 8192;

  /** {@code index}: the batch indexes new messages for search before its commit (a search waits for it). */
  private record Job<T>(HandleCallback<T, Exception> work, Promise<T> promise, Context context, boolean index) {
    void finish(Object result, Throwable failure) {
      Runnable complete = () -> {
        if (failure == null) {
          @SuppressWarnings("unchecked") T value = (T) result;
          promise.complete(value);
        } else {
          promise.fail(failure);
        }
      };
      if (context == null) {
        complete.run();
      } else {
        context.runOnContext(v -> complete.run());
      }
    }
  }

  private final Jdbi jdbi;
  private final Metrics metrics;
  private final SearchIndexer indexer;
  private final long stallNanos;
  private final BlockingQueue<Job<?>> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
  private final Thread writer;
  private volatile boolean closed;
  /** System.nanoTime() when the running batch started; 0 while the writer waits for work. */
  private volatile long batchStartedAt;
  private final AtomicBoolean stallLogged = new AtomicBoolean();

  WriteBatcher(Jdbi jdbi, long stallMillis) {
    this(jdbi, stallMillis, Metrics.OFF, new SearchIndexer());
  }

  WriteBatcher(Jdbi jdbi, long stallMillis, Metrics metrics, SearchIndexer indexer) {
    this.jdbi = jdbi;
    this.metrics = metrics;
    this.indexer = indexer;
    this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    this.writer = new Thread(this::run, "chat-db-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  <T> Future<T> submit(HandleCallback<T, Exception> work) {
    return enqueue(work, false);
  }

  /**
   * Completes once every message committed before the call is indexed for search: at once when nothing
   * may be unindexed, else after the next batch's commit (which then indexes).
   */
  Future<Void> indexForSearch() {
    return indexer.maybeUnindexed() ? enqueue(h -> null, true) : Future.succeededFuture();
  }

  private <T> Future<T> enqueue(HandleCallback<T, Exception> work, boolean index) {
    Promise<T> promise = Promise.promise();
    if (closed) {
      return Future.failedFuture(new IllegalStateException("database closed"));
    }
    if (!healthy()) {
      if (stallLogged.compareAndSet(false, true)) {
        log.error("Database writer {}: refusing writes until it recovers",
            writer.isAlive() ? "stuck on one batch for over " + stallNanos / 1_000_000 + " ms" : "thread is gone");
      }
      return Future.failedFuture(ApiException.unavailable("Database unavailable, try again later"));
    }
    if (!queue.offer(new Job<>(work, promise, Vertx.currentContext(), index))) {
      return Future.failedFuture(ApiException.unavailable("Server busy, try again later"));
    }
    return promise.future();
  }

  /** False when the writer thread is gone or one batch has held it longer than the stall limit. */
  boolean healthy() {
    long started = batchStartedAt;
    return writer.isAlive() && (started == 0 || System.nanoTime() - started < stallNanos);
  }

  private void run() {
    try {
      loop();
    } finally {
      // Only on close (or an interrupt): nothing would ever run what is still queued.
      for (Job<?> job; (job = queue.poll()) != null; ) {
        job.finish(null, ApiException.unavailable("Database unavailable, try again later"));
      }
    }
  }

  private void loop() {
    List<Job<?>> batch = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          metrics.writeBatch(batch.size());
        } else if (!indexer.due(System.nanoTime())) {
          continue;
        } // else idle with messages to index: a batch of no jobs that only indexes
        batchStartedAt = System.nanoTime();
        execute(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable e) { // Errors too: this thread is every write's only way to the database
        log.error("Write batch failed", e); // execute() already failed every job of it
      } finally {
        batchStartedAt = 0;
        batch.clear();
        if (stallLogged.compareAndSet(true, false)) {
          log.warn("Database writer recovered: accepting writes again");
        }
      }
    }
  }

  private void execute(List<Job<?>> batch) {
    Object[] results = new Object[batch.size()];
    Throwable[] failures = new Throwable[batch.size()];
    boolean index = indexer.due(batchStartedAt) || batch.stream().anyMatch(Job::index);
    try (Handle h = jdbi.open()) {
      // Optimistically without savepoints (two statements less per job); if a job fails, the whole
      // transaction is rolled back and the batch runs again with one savepoint per job.
      if (!runAll(h, batch, results, null, index) && !runAll(h, batch, results, failures, index)) {
        throw new IllegalStateException("write batch failed with savepoints");
      }
    } catch (Throwable e) {
      for (Job<?> job : batch) {
        job.finish(null, e);
      }
      throw e;
    }
    indexer.committed(batch.size(), index, batchStartedAt);
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).finish(results[i], failures[i]);
    }
  }

  /**
   * One transaction over the batch. Without {@code failures} (no savepoints), a failing job rolls
   * everything back and returns false; with them, each job's failure is rolled back and kept alone.
   */
  private boolean runAll(Handle h, List<Job<?>> batch, Object[] results, Throwable[] failures, boolean index) {
    h.begin();
    try {
      for (int i = 0; i < batch.size(); i++) {
        if (failures == null) {
          try {
            results[i] = batch.get(i).work().withHandle(h);
          } catch (Exception | Error e) {
            rollbackQuietly(h);
            return false;
          }
          continue;
        }
        String savepoint = "w" + i;
        h.savepoint(savepoint);
        try {
          results[i] = batch.get(i).work().withHandle(h);
          h.releaseSavepoint(savepoint);
        } catch (Exception | Error e) { // an Error of one job (a bug, a stack overflow) fails that job only
          h.rollbackToSavepoint(savepoint);
          failures[i] = e;
        }
      }
      if (index) {
        indexer.index(h);
      }
      h.commit();
      return true;
    } catch (RuntimeException | Error e) {
      rollbackQuietly(h);
      throw e;
    }
  }

  private static void rollbackQuietly(Handle h) {
    try {
      h.rollback();
    } catch (RuntimeException e) {
      log.debug("Rollback after a failed batch failed too", e);
    }
  }

  /** Runs what is queued, then stops the writer thread. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
