package io.chatserver.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.junit.jupiter.api.Test;

/** C112: a statement is prepared once per connection and reused; a closed connection is let go. */
class CachedStatementsTest {

  @Test
  void reusesPerConnectionAndForgetsClosedConnections() throws Exception {
    Path dir = Files.createTempDirectory("cached-statements");
    String url = "jdbc:sqlite:" + dir.resolve("t.db");
    CachedStatements cache = new CachedStatements();
    String sql = "SELECT ? + 1";
    Connection first = DriverManager.getConnection(url);
    StatementBuilder builder = cache.createStatementBuilder(first);
    PreparedStatement a = builder.create(first, sql, null);
    a.setInt(1, 1);
    try (ResultSet rs = a.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
    builder.close(first, sql, a);
    PreparedStatement again = builder.create(first, sql, null);
    assertThat(again).isSameAs(a);
    again.setInt(1, 41);
    try (ResultSet rs = again.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    builder.close(first, sql, again);

    first.close(); // as the pool retires a connection
    try (Connection second = DriverManager.getConnection(url)) {
      PreparedStatement fresh = cache.createStatementBuilder(second).create(second, sql, null);
      assertThat(fresh).isNotSameAs(a);
      assertThat(cache.connectionsHeld()).isEqualTo(1);
    }
  }
}
