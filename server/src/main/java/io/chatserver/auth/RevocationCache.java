package io.chatserver.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * What an authenticated request needs to know beyond the token itself, held in memory so that checking
 * a token costs no database round trip (C110): the revoked token ids (logouts; loaded from the database,
 * which stays the source of truth, at start-up and after every cluster link outage) and, per user seen
 * lately, their token generation, name and avatar. Changes made on this node are applied here at once
 * and, in a cluster, spread to the other nodes over Redis ({@link #remote}).
 *
 * <p>While the cache is not {@link #trusted()} (before its first load, and in a cluster while the link
 * to Redis is down or being re-established, when another node's change could have been missed) callers
 * ask the database as before. A per-user entry filled from a read that an invalidation overtook is
 * dropped (the epoch check in {@link #fill}), so no stale generation can stick.
 */
public final class RevocationCache {

  /** A user's state as of the last read: what a token of {@code generation} authenticates as. */
  public record ActiveUser(long id, String username, String avatarUrl, long generation) {}

  static final int MAX_USERS = 100_000;
  private static final String REVOKED = "r ";
  private static final String USER_CHANGED = "u ";

  private final Map<String, Long> revoked = new ConcurrentHashMap<>(); // jti -> expiresAt (ms)
  private final Map<Long, ActiveUser> users = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong(); // moves on every invalidation
  private final AtomicLong distrusts = new AtomicLong(); // moves each time the cache stops answering
  private volatile boolean trusted;
  private volatile Function<String, Future<Void>> spread = message -> Future.succeededFuture();

  /**
   * In a cluster: how this node's changes reach the others (a Redis publish, done when Redis has handed
   * the message to every subscriber; failures are the publisher's to log).
   */
  public void spreadWith(Function<String, Future<Void>> publisher) {
    this.spread = publisher;
  }

  public boolean trusted() {
    return trusted;
  }

  /**
   * Stops answering from memory (a cluster link went down): every check goes to the database until
   * {@link #loaded} is called again with a fresh load.
   */
  public void distrust() {
    trusted = false;
    distrusts.incrementAndGet();
    epoch.incrementAndGet();
    users.clear();
  }

  /** The epoch to pass to {@link #fill}, read before the database read it follows. */
  public long epoch() {
    return epoch.get();
  }

  /** What to pass to {@link #loaded}, read before the database read it follows. */
  public long loadTicket() {
    return distrusts.get();
  }

  /**
   * The revoked token ids as the database had them (read after this node subscribed to the other
   * nodes' changes, so nothing falls between): from now on answers come from memory, unless the link
   * went down again meanwhile.
   */
  public void loaded(long ticket, Map<String, Long> revokedNow) {
    revoked.putAll(revokedNow);
    if (distrusts.get() == ticket) {
      trusted = true;
    }
  }

  public boolean isRevoked(String jti) {
    return revoked.containsKey(jti);
  }

  /** The user's cached state, or null when it must be read. */
  public ActiveUser user(long userId) {
    return users.get(userId);
  }

  /** Keeps a state read from the database, unless an invalidation happened since {@code epochBefore}. */
  public void fill(long epochBefore, ActiveUser user) {
    if (users.size() >= MAX_USERS) {
      users.clear(); // bounded: the next requests read again
    }
    users.put(user.id(), user);
    if (epoch.get() != epochBefore) {
      users.remove(user.id(), user); // an invalidation may have come between the read and the put
    }
  }

  /**
   * A logout committed on this node. The future completes (never fails) once the other nodes were told:
   * wait for it before pushing anything about the change, so that no node hears of it before its cache does.
   */
  public Future<Void> revokedHere(String jti, long expiresAt) {
    revoked.put(jti, expiresAt);
    return spread.apply(REVOKED + expiresAt + " " + jti).otherwiseEmpty();
  }

  /**
   * A user's password, name or avatar changed, or the user was deleted, on this node (after the commit);
   * the future as {@link #revokedHere}'s.
   */
  public Future<Void> userChangedHere(long userId) {
    forget(userId);
    return spread.apply(USER_CHANGED + userId).otherwiseEmpty();
  }

  /**
   * In a cluster, now and then: forgets every user's state and adds the database's revocations, so that
   * a change whose message was lost (its node could not publish while this one stayed linked) is seen
   * within one period. Call {@link #loaded} with the revocations read after this.
   */
  public void refreshing() {
    epoch.incrementAndGet();
    users.clear();
  }

  /**
   * Another node's message, as {@link #revokedHere} and {@link #userChangedHere} spread it. False for a
   * message that could not be read: then the cache distrusts itself and the caller must load it again.
   */
  public boolean remote(String message) {
    try {
      if (message.startsWith(REVOKED)) {
        int space = message.indexOf(' ', REVOKED.length());
        revoked.put(message.substring(space + 1), Long.parseLong(message.substring(REVOKED.length(), space)));
        return true;
      }
      if (message.startsWith(USER_CHANGED)) {
        forget(Long.parseLong(message.substring(USER_CHANGED.length())));
        return true;
      }
    } catch (RuntimeException e) {
      // unreadable: fall through
    }
    distrust();
    return false;
  }

  /** Drops revocations of tokens that have expired anyway (their expiry is checked before this cache). */
  public int dropExpired(long now) {
    int before = revoked.size();
    revoked.values().removeIf(expiresAt -> expiresAt < now);
    return before - revoked.size();
  }

  int revokedCount() {
    return revoked.size();
  }

  private void forget(long userId) {
    epoch.incrementAndGet();
    users.remove(userId);
  }
}
