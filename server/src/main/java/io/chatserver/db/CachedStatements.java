package io.chatserver.db;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements kept per SQLite connection and reused (C112): the single writer runs the same
 * few statements for every message, and preparing one (SQLite compiling the SQL, the driver and Jdbi
 * setting up around it) cost as much as running it. Statements are prepared on the driver's own
 * connection, under the pool's proxy, so the pool does not close them when the connection goes back;
 * they live as long as that connection (closing a SQLite connection finalizes its statements; the
 * cache forgets a closed connection when the next new one appears) or until evicted from a connection's
 * {@link #PER_CONNECTION} most recent. For one thread only (the writer).
 */
final class CachedStatements implements StatementBuilderFactory {

  private static final Logger log = LoggerFactory.getLogger(CachedStatements.class);
  static final int PER_CONNECTION = 256;

  /**
   * By the driver's connection (identity). Statements hold their connection, so a weak map would never
   * let go: instead a connection the pool closed is dropped with its statements when a new one appears.
   */
  private final Map<Connection, Map<String, PreparedStatement>> byConnection =
      Collections.synchronizedMap(new IdentityHashMap<>());

  @Override
  public StatementBuilder createStatementBuilder(Connection pooled) {
    return new Builder();
  }

  int connectionsHeld() {
    return byConnection.size();
  }

  private Map<String, PreparedStatement> statementsOf(Connection raw) {
    Map<String, PreparedStatement> known = byConnection.get(raw);
    if (known != null) {
      return known;
    }
    synchronized (byConnection) {
      byConnection.keySet().removeIf(CachedStatements::isClosed); // the pool retired it: its statements are gone
    }
    return byConnection.computeIfAbsent(raw, c -> new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
        if (size() <= PER_CONNECTION) {
          return false;
        }
        closeQuietly(eldest.getValue());
        return true;
      }
    });
  }

  private static boolean isClosed(Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private static void closeQuietly(Statement s) {
    try {
      s.close();
    } catch (SQLException e) {
      log.debug("Closing a cached statement failed", e);
    }
  }

  final class Builder implements StatementBuilder {

    private final DefaultStatementBuilder plain = new DefaultStatementBuilder();

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
      return plain.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
      Connection raw = conn.unwrap(Connection.class);
      Map<String, PreparedStatement> statements = statementsOf(raw);
      PreparedStatement cached = statements.get(sql);
      if (cached != null && !cached.isClosed()) {
        return cached;
      }
      PreparedStatement fresh = raw.prepareStatement(sql);
      statements.put(sql, fresh);
      return fresh;
    }

    @Override
    public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
      return plain.createCall(conn, sql, ctx);
    }

    /** Not closed: made ready for the next use. A statement that cannot be reset is dropped instead. */
    @Override
    public void close(Connection conn, String sql, Statement stmt) throws SQLException {
      if (!(stmt instanceof PreparedStatement prepared)) {
        plain.close(conn, sql, stmt);
        return;
      }
      try {
        prepared.clearParameters();
        prepared.clearBatch();
      } catch (SQLException e) {
        statementsOf(conn.unwrap(Connection.class)).remove(sql, prepared);
        closeQuietly(prepared);
      }
    }
  }
}
