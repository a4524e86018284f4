package io.chatserver.chats;

import io.chatserver.db.FastSql;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for private chats. A pair is normalised to (low, high) so each pair has exactly one row. */
public final class PrivateChatStore {

  private static final String SELECT = "SELECT id, user_low, user_high, created_at FROM private_chats";

  public Optional<PrivateChat> find(Handle h, long chatId) {
    return h.createQuery(SELECT + " WHERE id = ?").bind(0, chatId).map(PrivateChatStore::map).findOne();
  }

  public Optional<PrivateChat> findByPair(Handle h, long a, long b) {
    // Every private send runs this: plain JDBC (C113); the pair is unique, so at most one row.
    return FastSql.first(h, SELECT + " WHERE user_low = ? AND user_high = ?", st -> {
      st.setLong(1, Math.min(a, b));
      st.setLong(2, Math.max(a, b));
    }, rs -> map(rs, null));
  }

  /**
   * The pair's chat, created if absent. Race-safe without locks: the insert does nothing when another
   * transaction created the row first (unique index on the pair), and the select then finds it.
   */
  public PrivateChat findOrCreate(Handle h, long a, long b, long now) {
    // Read first: every message after the first finds its chat without attempting a write.
    Optional<PrivateChat> found = findByPair(h, a, b);
    for (int attempt = 0; found.isEmpty() && attempt < 2; attempt++) {
      h.createUpdate("INSERT INTO private_chats (user_low, user_high, created_at) VALUES (?, ?, ?)"
              + " ON CONFLICT (user_low, user_high) DO NOTHING")
          .bind(0, Math.min(a, b)).bind(1, Math.max(a, b)).bind(2, now)
          .execute();
      // Still absent: the row the insert gave way to was deleted since, with one of the users
      // (PostgreSQL runs that deletion in parallel). Inserting again creates the chat or fails on the
      // foreign key, which the services answer as a deleted user.
      found = findByPair(h, a, b);
    }
    return found.orElseThrow();
  }

  private static PrivateChat map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new PrivateChat(rs.getLong("id"), rs.getLong("user_low"), rs.getLong("user_high"),
        rs.getLong("created_at"));
  }
}
