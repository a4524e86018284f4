package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Downgrading": a build started on a schema that a newer build migrated further
 * (one migration this build does not have) refuses to start with one clear line, touching nothing.
 */
class SchemaVersionTest {

  @Test
  void anOlderBuildRefusesASchemaANewerBuildMigrated() throws Exception {
    Path dir = Files.createTempDirectory("chat-schema");
    Map<String, String> env = Map.of("DATA_DIR", dir.toString(), "JWT_SECRET", TestServer.SECRET,
        "AUTH_RATE_LIMIT_PER_MINUTE", "0");
    try (TestServer server = TestServer.start(dir, env)) {
      TestServer.Account alice = server.account("schema");
      assertThat(server.post("/api/messages", alice.token(), new JsonObject().put("content", "kept")).status())
          .isEqualTo(201);
    }
    // What a newer build's migration would leave behind: a schema change and its history row.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
         Statement s = c.createStatement()) {
      s.execute("ALTER TABLE users ADD COLUMN nickname TEXT");
      s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
          + " installed_by, execution_time, success) SELECT MAX(installed_rank) + 1, '99', 'add nickname', 'SQL',"
          + " 'V99__add_nickname.sql', 0, 'a newer build', 1, 1 FROM flyway_schema_history");
    }

    String nodeId = "downgrade-" + Long.toString(System.nanoTime(), 36);
    assertThatThrownBy(() -> new NodeProcess(nodeId, env).close()).hasMessageContaining("exited");
    List<String> log;
    try (Stream<Path> logs = Files.list(Path.of("target", "cluster-logs"))) {
      Path file = logs.filter(p -> p.getFileName().toString().startsWith(nodeId + "-")).findFirst().orElseThrow();
      log = Files.readAllLines(file, StandardCharsets.UTF_8);
    }
    assertThat(log).anySatisfy(line -> assertThat(line).startsWith(
        "Configuration error: the database schema is at version 99, newer than this build knows"));
    assertThat(log).noneSatisfy(line -> assertThat(line).contains("listening"));
  }
}
