package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the databases refuse, through HTTP on SQLite and PostgreSQL alike: text they cannot hold is a
 * 400 before it reaches them, a refused statement is a typed answer (never a 500), and no failing
 * statement puts its bound values (password hashes, message content) in the log.
 */
class DatabaseRefusalTest {

  private static final String PASSWORD = "password123";

  /** A server on a fresh database of the given kind; the schema is dropped with it. */
  private static final class Node implements AutoCloseable {
    final TestServer server;
    final PgSchema schema;
    final boolean postgres;

    Node(String database) throws Exception {
      postgres = database.equals("postgresql");
      schema = postgres ? new PgSchema() : null;
      server = TestServer.start(Files.createTempDirectory("chat-refusal"),
          postgres ? Map.of("DATABASE_URL", schema.url()) : Map.of());
    }

    /** Changes the live schema (test fixtures the validation does not know about). */
    void execute(String sql) {
      server.chatServer().database().read(h -> h.execute(sql)).await();
    }

    @Override
    public void close() throws Exception {
      try {
        server.close();
      } finally {
        if (schema != null) {
          schema.close();
        }
      }
    }
  }

  private static JsonObject registration(String username, String email, String password) {
    return new JsonObject().put("username", username).put("email", email).put("password", password);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void textTheDatabaseCannotHoldIsRefusedWith400(String database) throws Exception {
    try (Node node = new Node(database); LogCapture log = new LogCapture()) {
      TestServer server = node.server;
      Account alice = server.account("refuse");
      String name = TestServer.uniqueName("nul");
      // Lower-casing "İ" gives two characters: the address fits 254 characters, its key does not.
      String longKey = "a@" + "İ".repeat(240) + ".com";
      for (JsonObject bad : List.of(
          registration(name, longKey, PASSWORD),
          registration(name, name + "\u0000@example.com", PASSWORD),
          registration(name + "\u0000", name + "@example.com", PASSWORD),
          registration(name, name + "@example.com", "password\u0000123"),
          registration(name, name + "@example.com", PASSWORD).put("avatar_url", "https://x.io/\u0000.png"))) {
        Res res = server.post("/api/auth/register", null, bad);
        assertThat(res.status()).as(bad.encode()).isEqualTo(400);
        assertThat(res.json().fieldNames()).containsExactly("message");
      }
      assertThat(server.post("/api/auth/login", null, new JsonObject().put("username", "x\u0000y")
          .put("password", PASSWORD)).status()).isEqualTo(400);
      assertThat(server.put("/api/users/" + alice.id(), alice.token(), new JsonObject().put("email", longKey))
          .status()).isEqualTo(400);
      assertThat(server.post("/api/messages", alice.token(), new JsonObject().put("content", "a\u0000b")).status())
          .isEqualTo(400);
      Account bob = server.account("refuse");
      assertThat(server.post("/api/messages/private/" + bob.id(), alice.token(),
          new JsonObject().put("content", "\u0000")).status()).isEqualTo(400);
      assertThat(server.get("/api/messages", alice.token()).json().getJsonArray("messages")).isEmpty();
      assertThat(log.text()).doesNotContain("ERROR").doesNotContain("$argon2");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aFailingStatementLogsNeitherItsSqlNorItsValues(String database) throws Exception {
    try (Node node = new Node(database)) {
      // A statement failure nothing maps (a trigger's own error) still becomes a logged 500.
      if (node.postgres) {
        node.execute("CREATE FUNCTION refuse_user() RETURNS trigger AS $$ BEGIN"
            + " RAISE EXCEPTION 'refused by the test trigger'; END $$ LANGUAGE plpgsql");
        node.execute("CREATE TRIGGER refuse_user BEFORE INSERT ON users FOR EACH ROW"
            + " WHEN (NEW.username LIKE 'refused%') EXECUTE FUNCTION refuse_user()");
      } else {
        node.execute("CREATE TRIGGER refuse_user BEFORE INSERT ON users WHEN NEW.username LIKE 'refused%'"
            + " BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END");
      }
      String name = TestServer.uniqueName("refused");
      try (LogCapture log = new LogCapture()) {
        Res res = node.server.post("/api/auth/register", null,
            registration(name, name + "@secret-domain.example", "secret-password-42"));
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.message()).isEqualTo("Internal server error");
        assertThat(log.text())
            .contains("Unhandled failure on POST /api/auth/register")
            .doesNotContain("$argon2")
            .doesNotContainIgnoringCase("secret-domain")
            .doesNotContain("INSERT INTO")
            .doesNotContain(name);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void refusedStatementsAreMappedByTheirCodeNotAsA500(String database) throws Exception {
    try (Node node = new Node(database); LogCapture log = new LogCapture()) {
      TestServer server = node.server;
      // A unique index the service does not check first: the database decides, the client gets a 400.
      node.execute("CREATE UNIQUE INDEX users_avatar_unique ON users (avatar_url)");
      Account a = server.account("dup");
      Account b = server.account("dup");
      JsonObject avatar = new JsonObject().put("avatar_url", "https://x.io/same.png");
      assertThat(server.put("/api/users/" + a.id(), a.token(), avatar).status()).isEqualTo(200);
      Res duplicate = server.put("/api/users/" + b.id(), b.token(), avatar);
      assertThat(duplicate.status()).isEqualTo(400);
      assertThat(duplicate.message()).isEqualTo("Username or email already exists");
      if (node.postgres) { // SQLite does not enforce column sizes
        node.execute("ALTER TABLE users ALTER COLUMN avatar_url TYPE VARCHAR(30)");
        Res tooLong = server.put("/api/users/" + b.id(), b.token(),
            new JsonObject().put("avatar_url", "https://x.io/" + "a".repeat(40) + ".png"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.message()).isEqualTo("Invalid value");
      }
      assertThat(log.text()).doesNotContain("ERROR");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void racingRenamesToOneUsernameGiveOne200AndOne400(String database) throws Exception {
    try (Node node = new Node(database)) {
      TestServer server = node.server;
      for (int round = 0; round < 10; round++) {
        Account a = server.account("race");
        Account b = server.account("race");
        JsonObject rename = new JsonObject().put("username", TestServer.uniqueName("taken"));
        List<Res> answers = server.concurrently(List.of(
            () -> server.put("/api/users/" + a.id(), a.token(), rename),
            () -> server.put("/api/users/" + b.id(), b.token(), rename)));
        assertThat(answers.stream().map(Res::status).sorted().toList()).as("round " + round).containsExactly(200, 400);
        assertThat(answers.stream().filter(r -> r.status() == 400).findFirst().orElseThrow().message())
            .contains("already exists");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void postsRacingTheirAuthorsDeletionAre201Or401(String database) throws Exception {
    try (Node node = new Node(database); LogCapture log = new LogCapture()) {
      TestServer server = node.server;
      Account bob = server.account("stays");
      for (int round = 0; round < 4; round++) {
        Account alice = server.account("leaving");
        List<Supplier<Res>> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          JsonObject content = new JsonObject().put("content", "private words " + round + "-" + i);
          requests.add(i % 3 == 2
              ? () -> server.post("/api/messages/private/" + bob.id(), alice.token(), content)
              : () -> server.post("/api/messages", alice.token(), content));
        }
        requests.add(6, () -> server.delete("/api/users/" + alice.id(), alice.token()));
        List<Res> answers = server.concurrently(requests);
        assertThat(answers.get(6).status()).isEqualTo(200);
        for (int i = 0; i < answers.size(); i++) {
          if (i != 6) {
            assertThat(answers.get(i).status()).as(answers.get(i).body()).isIn(201, 401);
          }
        }
      }
      assertThat(log.text()).doesNotContain("ERROR").doesNotContain("private words");
    }
  }
}
