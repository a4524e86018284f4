package io.chatserver.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1), run on its own worker pool sized to the cores:
 * hashing is CPU-bound and must neither block an event loop nor starve the database workers.
 */
public final class PasswordHasher implements AutoCloseable {

  static final int MEMORY_KIB = 19456;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, 32, Argon2.ID);

  private final WorkerExecutor executor;
  /** Verified against for unknown usernames, so they cost as much time as a wrong password. */
  private final String dummyHash;

  public PasswordHasher(Vertx vertx, int threads) {
    this.executor = vertx.createSharedWorkerExecutor("chat-hash", threads);
    this.dummyHash = hashNow("not-a-real-password-" + System.nanoTime());
  }

  public Future<String> hash(String password) {
    return executor.executeBlocking(() -> hashNow(password), false);
  }

  /** Constant-time comparison happens inside Password4j. A null hash means "unknown user". */
  public Future<Boolean> verify(String password, String storedHash) {
    return executor.executeBlocking(() -> {
      String hash = storedHash == null ? dummyHash : storedHash;
      // Parameters come from the stored PHC string, so raising them later keeps old hashes valid.
      boolean ok = Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
      return ok && storedHash != null;
    }, false);
  }

  private static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }

  @Override
  public void close() {
    executor.close();
  }
}
