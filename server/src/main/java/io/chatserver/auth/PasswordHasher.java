package io.chatserver.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.chatserver.core.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1), run on its own worker pool sized to the cores:
 * hashing is CPU-bound and must neither block an event loop nor starve the database workers. The queue in
 * front of the pool is bounded (HASH_QUEUE_LIMIT): when it is full a new hash fails at once with 503 and
 * Retry-After, so a flood of password attempts costs the others a quick refusal instead of an ever longer
 * wait.
 */
public final class PasswordHasher implements AutoCloseable {

  static final int MEMORY_KIB = 19456;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, 32, Argon2.ID);

  static final long RETRY_AFTER_SECONDS = 1;

  private final WorkerExecutor executor;
  /** Hashes running or waiting; at most the threads plus the queue limit. */
  private final AtomicInteger pending = new AtomicInteger();
  private final int maxPending;
  /** Verified against for unknown usernames, so they cost as much time as a wrong password. */
  private final String dummyHash;

  public PasswordHasher(Vertx vertx, int threads, int queueLimit) {
    this.executor = vertx.createSharedWorkerExecutor("chat-hash", threads);
    this.maxPending = threads + queueLimit;
    this.dummyHash = hashNow("not-a-real-password-" + System.nanoTime());
  }

  public Future<String> hash(String password) {
    return submit(() -> hashNow(password));
  }

  /** Constant-time comparison happens inside Password4j. A null hash means "unknown user". */
  public Future<Boolean> verify(String password, String storedHash) {
    return submit(() -> {
      String hash = storedHash == null ? dummyHash : storedHash;
      // Parameters come from the stored PHC string, so raising them later keeps old hashes valid.
      boolean ok = Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
      return ok && storedHash != null;
    });
  }

  private <T> Future<T> submit(Callable<T> job) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return Future.failedFuture(ApiException.busy("Server busy, try again later", RETRY_AFTER_SECONDS));
    }
    return executor.executeBlocking(job, false).andThen(done -> pending.decrementAndGet());
  }

  private static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  @Override
  public void close() {
    executor.close();
  }
}
