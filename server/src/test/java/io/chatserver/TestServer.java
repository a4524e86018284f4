package io.chatserver;

import io.chatserver.events.ChatEvents;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real server started through {@link ChatServer#start} on a random port, plus a small HTTP client. */
public final class TestServer implements AutoCloseable {

  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";
  private static final AtomicInteger NAMES = new AtomicInteger();

  public final Path dataDir;
  private final Vertx vertx;
  private final ChatServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public record Res(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String message() {
      return json().getString("message");
    }
  }

  public record Account(long id, String username, String token) {}

  private TestServer(Path dataDir, Vertx vertx, ChatServer server) {
    this.dataDir = dataDir;
    this.vertx = vertx;
    this.server = server;
  }

  public static TestServer start() throws Exception {
    return start(Files.createTempDirectory("chat-test"), Map.of());
  }

  public static TestServer start(Path dataDir, Map<String, String> overrides) throws Exception {
    return start(dataDir, overrides, null);
  }

  /** A server that also tells {@code listener} of every committed change (after the socket pushes). */
  public static TestServer start(ChatEvents listener) throws Exception {
    return start(Files.createTempDirectory("chat-test"), Map.of(), listener);
  }

  private static TestServer start(Path dataDir, Map<String, String> overrides, ChatEvents listener)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("DATA_DIR", dataDir.toString());
    env.put("JWT_SECRET", SECRET);
    env.put("AUTH_RATE_LIMIT_PER_MINUTE", "0");
    env.put("HASH_THREADS", "2");
    env.putAll(overrides);
    Vertx vertx = Vertx.vertx();
    try {
      ChatServer server = ChatServer.start(vertx, Config.fromEnv(env), listener).await(60, TimeUnit.SECONDS);
      return new TestServer(dataDir, vertx, server);
    } catch (Exception e) {
      vertx.close().await(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  public ChatServer chatServer() {
    return server;
  }

  public Res get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Res post(String path, String token, Object body) {
    return send("POST", path, token, body);
  }

  public Res put(String path, String token, Object body) {
    return send("PUT", path, token, body);
  }

  public Res delete(String path, String token) {
    return send("DELETE", path, token, null);
  }

  /** Many requests at once, for race tests; answers in request order. */
  public java.util.List<Res> concurrently(java.util.List<java.util.function.Supplier<Res>> requests) {
    // One thread per request (the common pool has a single thread on a 2-core machine).
    var pool = java.util.concurrent.Executors.newFixedThreadPool(requests.size());
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      var futures = requests.stream().map(r -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return r.get();
      }, pool)).toList();
      start.countDown();
      return futures.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  /** body: null (none), a String (sent raw) or a JsonObject/JsonArray. */
  public Res send(String method, String path, String token, Object body) {
    return send(method, path, token, body, Map.of());
  }

  /** As above, with extra request headers (e.g. X-Forwarded-For). */
  public Res send(String method, String path, String token, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", token.startsWith("Bearer ") || token.startsWith("Basic ") ? token
          : "Bearer " + token);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(response.statusCode(), response.body(), response);
    } catch (IOException | InterruptedException e) {
      throw new RuntimeException(e);
    }
  }

  public static String uniqueName(String prefix) {
    return prefix + NAMES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100000, 36);
  }

  /** Registers and logs in a fresh user. */
  public Account account(String prefix) {
    String username = uniqueName(prefix);
    Res registered = post("/api/auth/register", null, new JsonObject()
        .put("username", username).put("email", username + "@example.com").put("password", "password123"));
    if (registered.status() != 201) {
      throw new IllegalStateException("register failed: " + registered.body());
    }
    return new Account(registered.json().getJsonObject("user").getLong("id"), username, login(username, "password123"));
  }

  public String login(String username, String password) {
    Res login = post("/api/auth/login", null, new JsonObject().put("username", username).put("password", password));
    if (login.status() != 200) {
      throw new IllegalStateException("login failed: " + login.body());
    }
    return login.json().getString("access_token");
  }

  @Override
  public void close() throws Exception {
    try {
      server.close().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
