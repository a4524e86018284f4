package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Backing up and restoring": a live node is backed up while clients keep posting
 * (the embedded database with the jar's Backup command, PostgreSQL with pg_dump), the backup is
 * restored where a new node starts, and every message acknowledged before the backup began is there.
 */
class BackupRestoreTest {

  private static final int WRITERS = 2;
  private static final int MAX_POSTS_PER_WRITER = 300; // history answers at most 1,000 messages

  @Test
  void anEmbeddedNodeBackedUpUnderWritesRestoresIntoANewDataDirectory() throws Exception {
    Path live = Files.createTempDirectory("chat-live");
    Path backup = Files.createTempDirectory("chat-backups").resolve("chat-backup.db");
    Map<String, String> env = Map.of("DATA_DIR", live.toString(), "JWT_SECRET", TestServer.SECRET,
        "AUTH_RATE_LIMIT_PER_MINUTE", "0");
    Api api;
    Set<Long> before;
    Set<Long> acknowledged;
    try (NodeProcess node = new NodeProcess("backup-live", env)) {
      api = new Api(node.url());
      before = api.postMessages("before", 50);
      acknowledged = whileWriting(api, () -> {
        String output = run(List.of(java(), "-cp", System.getProperty("java.class.path"),
            "io.chatserver.ops.Backup", live.toString(), backup.toString()));
        assertThat(output).contains("integrity ok");
      });
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");

    // Restore: the backup becomes chat.db of a data directory with no -wal or -shm files; start there.
    Path restored = Files.createTempDirectory("chat-restored");
    Files.copy(backup, restored.resolve("chat.db"));
    Map<String, String> restoredEnv = new java.util.HashMap<>(env);
    restoredEnv.put("DATA_DIR", restored.toString());
    try (NodeProcess node = new NodeProcess("backup-restored", restoredEnv)) {
      assertRestored(new Api(node.url(), api.token), before, acknowledged);
    }
  }

  @Test
  void aPostgresDatabaseDumpedUnderWritesRestoresIntoANewDatabase() throws Exception {
    Path dump = Files.createTempDirectory("chat-backups").resolve("chat.dump");
    String restoredDb = "restore_" + Long.toString(System.nanoTime(), 36);
    Api api;
    Set<Long> before;
    Set<Long> acknowledged;
    String schemaName;
    try (PgSchema schema = new PgSchema();
         TestServer server = TestServer.start(Files.createTempDirectory("chat-pg"),
             Map.of("DATABASE_URL", schema.url()))) {
      schemaName = schema.name;
      api = new Api("http://127.0.0.1:" + server.chatServer().port());
      before = api.postMessages("before", 50);
      acknowledged = whileWriting(api, () -> run(List.of("pg_dump", "-h", "127.0.0.1", "-U", "postgres",
          "-d", "test", "-n", schema.name, "-Fc", "-f", dump.toString())));
    }
    sql(PgSchema.SERVER, "CREATE DATABASE " + restoredDb);
    try {
      run(List.of("pg_restore", "-h", "127.0.0.1", "-U", "postgres", "-d", restoredDb, "--no-owner",
          dump.toString()));
      String url = "jdbc:postgresql://127.0.0.1:5432/" + restoredDb + "?user=postgres&currentSchema=" + schemaName;
      try (TestServer server = TestServer.start(Files.createTempDirectory("chat-pg"), Map.of("DATABASE_URL", url))) {
        assertRestored(new Api("http://127.0.0.1:" + server.chatServer().port(), api.token), before, acknowledged);
      }
    } finally {
      sql(PgSchema.SERVER, "DROP DATABASE " + restoredDb + " WITH (FORCE)");
    }
  }

  /** Runs the backup while writers post; answers the ids of every message they got a 201 for. */
  private static Set<Long> whileWriting(Api api, ThrowingRunnable backup) throws Exception {
    Set<Long> acknowledged = new ConcurrentSkipListSet<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.submit(() -> {
          for (int i = 0; i < MAX_POSTS_PER_WRITER && !stop.get(); i++) {
            long id = api.post("writer " + writer + " during " + i);
            if (id > 0) {
              acknowledged.add(id);
            }
          }
          return null;
        });
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 10); // writes are going on
      backup.run();
    } finally {
      stop.set(true);
      writers.shutdown();
      assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    return acknowledged;
  }

  /**
   * Everything acknowledged before the backup began is back, and the copy is one consistent point in
   * time: each message acknowledged during the backup is there exactly when it is older than the newest
   * one restored. The restored node takes writes.
   */
  private static void assertRestored(Api api, Set<Long> before, Set<Long> during) throws Exception {
    TreeSet<Long> restored = api.messageIds();
    assertThat(restored).containsAll(before);
    long newest = restored.last();
    assertThat(restored).containsAll(during.stream().filter(id -> id <= newest).toList());
    assertThat(api.post("after the restore")).isPositive();
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String what = command.get(0) + " ... " + command.get(command.size() - 1) + ": " + output;
    assertThat(finished).as(what).isTrue();
    assertThat(process.exitValue()).as(what).isZero();
    return output;
  }

  private static void sql(String url, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Just enough of the REST API, against a node's base URL. */
  private static final class Api {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    final String token;

    Api(String base) throws Exception {
      this.base = base;
      String username = TestServer.uniqueName("backup");
      send("POST", "/api/auth/register", null, new JsonObject().put("username", username)
          .put("email", username + "@example.com").put("password", "password123"));
      this.token = new JsonObject(send("POST", "/api/auth/login", null, new JsonObject()
          .put("username", username).put("password", "password123")).body()).getString("access_token");
    }

    Api(String base, String token) {
      this.base = base;
      this.token = token;
    }

    Set<Long> postMessages(String prefix, int count) throws Exception {
      Set<Long> ids = new TreeSet<>();
      for (int i = 0; i < count; i++) {
        long id = post(prefix + " " + i);
        assertThat(id).isPositive();
        ids.add(id);
      }
      return ids;
    }

    /** The new message's id, or -1 when it was not acknowledged. */
    long post(String content) throws Exception {
      HttpResponse<String> r = send("POST", "/api/messages", token, new JsonObject().put("content", content));
      return r.statusCode() == 201 ? new JsonObject(r.body()).getLong("id") : -1;
    }

    TreeSet<Long> messageIds() throws Exception {
      HttpResponse<String> r = send("GET", "/api/messages?limit=1000", token, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonArray messages = new JsonObject(r.body()).getJsonArray("messages");
      TreeSet<Long> ids = new TreeSet<>();
      for (int i = 0; i < messages.size(); i++) {
        ids.add(messages.getJsonObject(i).getLong("id"));
      }
      return ids;
    }

    private HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body.encode()))
          .header("Content-Type", "application/json");
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
