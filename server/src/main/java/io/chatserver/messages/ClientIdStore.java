package io.chatserver.messages;

import io.chatserver.db.FastSql;
import org.jdbi.v3.core.Handle;

/**
 * The (sender, client_id) keys of decision 31, one table for public and private sends. A send claims its
 * key before it takes a seq: the primary key lets exactly one of concurrent claims through (on
 * PostgreSQL the others wait for its commit, then find its row), so a retry never stores twice and
 * never gives back a seq.
 */
final class ClientIdStore {

  /** The message a key names: exactly one of the two ids. */
  record Claimed(Long publicMessageId, Long privateMessageId) {}

  /** True when this send is the first with the key; false when another send has it. */
  boolean claim(Handle h, long userId, String clientId, long now) {
    // Every send with a key runs this and a bind: plain JDBC (C113).
    return FastSql.update(h, "INSERT INTO client_ids (user_id, client_id, created_at) VALUES (?, ?, ?)"
        + " ON CONFLICT (user_id, client_id) DO NOTHING", st -> {
          st.setLong(1, userId);
          st.setString(2, clientId);
          st.setLong(3, now);
        }) == 1;
  }

  Claimed find(Handle h, long userId, String clientId) {
    return h.createQuery("SELECT public_message_id, private_message_id FROM client_ids"
            + " WHERE user_id = ? AND client_id = ?")
        .bind(0, userId).bind(1, clientId)
        .map((rs, ctx) -> new Claimed(nullableLong(rs, "public_message_id"), nullableLong(rs, "private_message_id")))
        .one();
  }

  void bindPublic(Handle h, long userId, String clientId, long messageId) {
    bind(h, "UPDATE client_ids SET public_message_id = ? WHERE user_id = ? AND client_id = ?", userId, clientId,
        messageId);
  }

  void bindPrivate(Handle h, long userId, String clientId, long messageId) {
    bind(h, "UPDATE client_ids SET private_message_id = ? WHERE user_id = ? AND client_id = ?", userId, clientId,
        messageId);
  }

  private static void bind(Handle h, String sql, long userId, String clientId, long messageId) {
    FastSql.update(h, sql, st -> {
      st.setLong(1, messageId);
      st.setLong(2, userId);
      st.setString(3, clientId);
    });
  }

  private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
