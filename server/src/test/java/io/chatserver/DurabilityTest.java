package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A message acknowledged with 201 survives kill -9 of the node, also when it was group-committed with
 * others (embedded SQLite, the default set-up): the node is killed while writers are still posting.
 */
class DurabilityTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyAcknowledgedMessageSurvivesKill9() throws Exception {
    Map<String, String> env = Map.of("DATA_DIR", Files.createTempDirectory("chat-durable").toString(),
        "JWT_SECRET", TestServer.SECRET, "AUTH_RATE_LIMIT_PER_MINUTE", "0");
    NodeProcess node = new NodeProcess("durable", env);
    String token;
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      token = login(node);
      for (int w = 0; w < 8; w++) {
        int writer = w;
        writers.submit(() -> {
          for (int i = 0; ; i++) {
            HttpResponse<String> r = post(node, "/api/messages", token,
                new JsonObject().put("content", "writer " + writer + " message " + i));
            if (r.statusCode() == 201) {
              acknowledged.add(new JsonObject(r.body()).getLong("id"));
            }
          }
        });
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 300);
      node.kill(); // SIGKILL in the middle of the writes
    } finally {
      writers.shutdownNow();
      writers.awaitTermination(30, TimeUnit.SECONDS);
      node.close();
    }
    Set<Long> before = Set.copyOf(acknowledged);

    try (NodeProcess again = new NodeProcess("durable", env)) {
      String reader = login(again);
      JsonArray stored = new JsonObject(get(again, "/api/messages?limit=1000", reader).body())
          .getJsonArray("messages");
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < stored.size(); i++) {
        ids.add(stored.getJsonObject(i).getLong("id"));
      }
      assertThat(before).hasSizeGreaterThanOrEqualTo(300);
      assertThat(ids).containsAll(before);
    }
  }

  private String login(NodeProcess node) throws Exception {
    String username = "durable" + System.nanoTime() % 1_000_000;
    post(node, "/api/auth/register", null, new JsonObject().put("username", username)
        .put("email", username + "@example.com").put("password", "password123"));
    return new JsonObject(post(node, "/api/auth/login", null, new JsonObject().put("username", username)
        .put("password", "password123")).body()).getString("access_token");
  }

  private HttpResponse<String> post(NodeProcess node, String path, String token, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create(node.url() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).header("Content-Type", "application/json"), token);
  }

  private HttpResponse<String> get(NodeProcess node, String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(node.url() + path)).GET(), token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String token) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // the node was killed: the writer stops here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
