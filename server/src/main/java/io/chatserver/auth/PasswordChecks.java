package io.chatserver.auth;

import io.chatserver.core.ApiException;
import io.chatserver.http.RateLimiter;
import io.vertx.core.Future;

/**
 * Password verification with guessing limits, for login and for the current_password of a password
 * change alike (one budget per account, whichever door is used). Two buckets must both have a token:
 * one per (account, client address), so that one client's guesses do not lock the account out for its
 * owner elsewhere, and one per account, so that many addresses together cannot guess without limit.
 * The token is taken before hashing (parallel guesses count too) and given back when the password was
 * right or was never checked, so only failures use the budget: a busy user or a whole office behind
 * one address is not refused for logging in often.
 */
public final class PasswordChecks {

  static final String TOO_MANY = "Too many password attempts, retry later";
  private static final int MAX_NAME_KEY = 64;

  private final PasswordHasher hasher;
  private final RateLimiter perAccountAndAddress;
  private final RateLimiter perAccount;

  public PasswordChecks(PasswordHasher hasher, RateLimiter perAccountAndAddress, RateLimiter perAccount) {
    this.hasher = hasher;
    this.perAccountAndAddress = perAccountAndAddress;
    this.perAccount = perAccount;
  }

  /** The account key of an existing user. */
  public static String account(long userId) {
    return "user:" + userId;
  }

  /** The account key of a name nobody has: guessed as much as a real one, and bounded in length. */
  public static String unknownAccount(String nameKey) {
    return "name:" + (nameKey.length() > MAX_NAME_KEY ? nameKey.substring(0, MAX_NAME_KEY) : nameKey);
  }

  /**
   * True when {@code password} matches {@code storedHash} (null: an unknown account, never matches);
   * fails with TOO_MANY_REQUESTS (and Retry-After) when either budget is spent, before any hashing.
   */
  public Future<Boolean> verify(String account, String clientAddress, String password, String storedHash) {
    String pair = account + "@" + clientAddress;
    long wait = perAccountAndAddress.acquire(pair);
    if (wait == 0) {
      wait = perAccount.acquire(account);
      if (wait > 0) {
        perAccountAndAddress.refund(pair);
      }
    }
    if (wait > 0) {
      return Future.failedFuture(ApiException.tooManyRequests(TOO_MANY, wait));
    }
    return hasher.verify(password, storedHash).andThen(checked -> {
      if (checked.failed() || checked.result()) {
        perAccountAndAddress.refund(pair);
        perAccount.refund(account);
      }
    });
  }
}
