package io.chatserver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away schema in the local PostgreSQL ({@code test} database, trust auth), so that test runs
 * sharing the database never see each other's rows.
 */
public final class PgSchema implements AutoCloseable {

  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  public final String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  public PgSchema() throws SQLException {
    execute("CREATE SCHEMA " + name);
  }

  /** The JDBC URL of this schema, through {@code host:port} (e.g. a proxy in front of PostgreSQL). */
  public String url(String hostPort) {
    return "jdbc:postgresql://" + hostPort + "/test?user=postgres&currentSchema=" + name;
  }

  public String url() {
    return url("127.0.0.1:5432");
  }

  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA " + name + " CASCADE");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(SERVER); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
