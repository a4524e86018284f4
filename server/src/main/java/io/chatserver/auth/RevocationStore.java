package io.chatserver.auth;

import io.chatserver.users.User;
import io.chatserver.users.UserStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Revoked token ids live in the database, so a logout survives restarts and is seen by every node
 * sharing it. Rows are kept only until the token would have expired anyway. A password change revokes
 * all of a user's tokens at once through the users' token generation instead (see {@link UserStore}).
 */
public final class RevocationStore {

  public void revoke(Handle h, String jti, long expiresAt) {
    h.createUpdate("INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING")
        .bind(0, jti).bind(1, expiresAt).execute();
  }

  /**
   * The token's user, if that user still exists, has not changed their password since the token was
   * issued (same token generation) and the token id is not revoked: one round trip per authenticated
   * request. A deleted user's tokens therefore fail here too.
   */
  public Optional<User> activeUser(Handle h, long userId, String jti, long generation) {
    return h.createQuery("SELECT id, username, email, avatar_url, created_at FROM users WHERE id = ?"
            + " AND token_generation = ? AND NOT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?)")
        .bind(0, userId).bind(1, generation).bind(2, jti)
        .map(UserStore::map)
        .findOne();
  }

  /** The revocations of tokens not yet expired, jti to expiry: what {@link RevocationCache} starts from. */
  public Map<String, Long> unexpired(Handle h, long now) {
    Map<String, Long> found = new HashMap<>();
    h.createQuery("SELECT jti, expires_at FROM revoked_tokens WHERE expires_at >= ?").bind(0, now)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> found.put(e.getKey(), e.getValue()));
    return found;
  }

  /** The user's name, avatar and token generation, if the user exists: for {@link RevocationCache}. */
  public Optional<RevocationCache.ActiveUser> activeState(Handle h, long userId) {
    return h.createQuery("SELECT id, username, avatar_url, token_generation FROM users WHERE id = ?")
        .bind(0, userId)
        .map((rs, ctx) -> new RevocationCache.ActiveUser(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
        .findOne();
  }

  public int purgeExpired(Handle h, long now) {
    return h.createUpdate("DELETE FROM revoked_tokens WHERE expires_at < ?").bind(0, now).execute();
  }
}
