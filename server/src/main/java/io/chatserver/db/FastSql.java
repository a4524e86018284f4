package io.chatserver.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementBuilder;

/**
 * Plain JDBC on a handle's connection, for the few statements every message runs (C113): Jdbi's
 * per-statement work (a statement context, argument factories looked up by type, mapper lookup, cleanup
 * lists) cost about as much as the short statement itself. On the SQLite writer the statement comes from
 * its cache ({@link CachedStatements}); elsewhere it is prepared and closed as Jdbi would. Same
 * transaction as the handle's. A failure surfaces as the driver's {@link SQLException} (the cause of a
 * {@link FailedStatement}), which {@link Database} translates as it does Jdbi's.
 */
public final class FastSql {

  /** Sets the statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads the current row. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** A statement the driver refused; carries no SQL and no values. */
  public static final class FailedStatement extends RuntimeException {
    FailedStatement(SQLException cause) {
      super("statement failed", cause);
    }
  }

  @FunctionalInterface
  private interface Work<R> {
    R run(PreparedStatement statement) throws SQLException;
  }

  private FastSql() {}

  /** Exactly one row. */
  public static <T> T one(Handle h, String sql, Binder binder, Row<T> row) {
    return run(h, sql, binder, st -> {
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("Expected one row, got none");
        }
        T value = row.map(rs);
        if (rs.next()) {
          throw new IllegalStateException("Expected one row, got more");
        }
        return value;
      }
    });
  }

  /** The first row, if any. */
  public static <T> Optional<T> first(Handle h, String sql, Binder binder, Row<T> row) {
    return run(h, sql, binder, st -> {
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
      }
    });
  }

  public static <T> List<T> list(Handle h, String sql, Binder binder, Row<T> row) {
    return run(h, sql, binder, st -> {
      List<T> rows = new ArrayList<>(4);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.add(row.map(rs));
        }
      }
      return rows;
    });
  }

  /** The number of rows changed. */
  public static int update(Handle h, String sql, Binder binder) {
    return run(h, sql, binder, PreparedStatement::executeUpdate);
  }

  private static <R> R run(Handle h, String sql, Binder binder, Work<R> work) {
    Connection conn = h.getConnection();
    StatementBuilder builder = h.getStatementBuilder();
    boolean cached = builder instanceof CachedStatements.Builder;
    PreparedStatement st = null;
    try {
      st = cached ? builder.create(conn, sql, null) : conn.prepareStatement(sql);
      binder.bind(st);
      return work.run(st);
    } catch (SQLException e) {
      throw new FailedStatement(e);
    } finally {
      if (st != null) {
        try {
          if (cached) {
            builder.close(conn, sql, st);
          } else {
            st.close();
          }
        } catch (SQLException e) {
          // closing failed after the work was done: nothing to undo
        }
      }
    }
  }
}
