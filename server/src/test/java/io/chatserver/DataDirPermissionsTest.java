package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The data directory holds hashes, emails, private messages and the token secret: owner-only. */
class DataDirPermissionsTest {

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList();
    }
  }

  @Test
  void aFreshDataDirectoryAndEveryFileInItAreOwnerOnly() throws Exception {
    Path dir = Files.createTempDirectory("chat-perm").resolve("data"); // the server creates it
    // No JWT_SECRET: the node generates its secret into the directory too.
    try (TestServer server = TestServer.start(dir, Map.of("JWT_SECRET", ""))) {
      TestServer.Account alice = server.account("perm");
      assertThat(server.post("/api/messages", alice.token(), new JsonObject().put("content", "private enough?"))
          .status()).isEqualTo(201);

      assertThat(mode(dir)).isEqualTo("rwx------");
      List<Path> files = files(dir);
      assertThat(files.stream().map(p -> p.getFileName().toString()))
          .contains("chat.db", "chat.db-wal", "chat.db-shm", "jwt-secret");
      for (Path file : files) {
        assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void aDataDirectoryFoundOpenIsTightenedWithOneWarning() throws Exception {
    Path dir = Files.createTempDirectory("chat-perm");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path secret = Files.writeString(dir.resolve("jwt-secret"), TestServer.SECRET);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));

    Map<String, String> env = Map.of("DATA_DIR", dir.toString(), "AUTH_RATE_LIMIT_PER_MINUTE", "0");
    try (NodeProcess node = new NodeProcess("perm", env)) {
      assertThat(mode(dir)).isEqualTo("rwx------");
      for (Path file : files(dir)) {
        assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
      }
      List<String> warnings = Files.readAllLines(node.log, StandardCharsets.UTF_8).stream()
          .filter(line -> line.contains("Removed group and world access")).toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("WARN", dir.toString(), secret.toString());
    }
  }
}
