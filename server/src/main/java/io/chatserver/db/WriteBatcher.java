package io.chatserver.db;

import io.chatserver.ApiException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 */
final class WriteBatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);
  static final int MAX_BATCH = 256;
  static final int MAX_QUEUED = 8192;

  private record Job<T>(HandleCallback<T, Exception> work, Promise<T> promise, Context context) {
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
  private final BlockingQueue<Job<?>> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
  private final Thread writer;
  private volatile boolean closed;

  WriteBatcher(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.writer = new Thread(this::run, "chat-db-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  <T> Future<T> submit(HandleCallback<T, Exception> work) {
    Promise<T> promise = Promise.promise();
    if (closed) {
      return Future.failedFuture(new IllegalStateException("database closed"));
    }
    if (!queue.offer(new Job<>(work, promise, Vertx.currentContext()))) {
      return Future.failedFuture(ApiException.unavailable("Server busy, try again later"));
    }
    return promise.future();
  }

  private void run() {
    List<Job<?>> batch = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        execute(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("Write batch failed", e); // execute() already failed every job of it
      } finally {
        batch.clear();
      }
    }
  }

  private void execute(List<Job<?>> batch) {
    Object[] results = new Object[batch.size()];
    Throwable[] failures = new Throwable[batch.size()];
    try (Handle h = jdbi.open()) {
      // Optimistically without savepoints (two statements less per job); if a job fails, the whole
      // transaction is rolled back and the batch runs again with one savepoint per job.
      if (!runAll(h, batch, results, null) && !runAll(h, batch, results, failures)) {
        throw new IllegalStateException("write batch failed with savepoints");
      }
    } catch (RuntimeException e) {
      for (Job<?> job : batch) {
        job.finish(null, e);
      }
      throw e;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).finish(results[i], failures[i]);
    }
  }

  /**
   * One transaction over the batch. Without {@code failures} (no savepoints), a failing job rolls
   * everything back and returns false; with them, each job's failure is rolled back and kept alone.
   */
  private static boolean runAll(Handle h, List<Job<?>> batch, Object[] results, Throwable[] failures) {
    h.begin();
    try {
      for (int i = 0; i < batch.size(); i++) {
        if (failures == null) {
          try {
            results[i] = batch.get(i).work().withHandle(h);
          } catch (Exception e) {
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
        } catch (Exception e) {
          h.rollbackToSavepoint(savepoint);
          failures[i] = e;
        }
      }
      h.commit();
      return true;
    } catch (RuntimeException e) {
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
