package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.ClientScript;
import io.chatserver.PgSchema;
import io.chatserver.TestServer;
import io.chatserver.NodeProcess;
import io.chatserver.RedisProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decision 28: nodes in processes of their own on one PostgreSQL and one Redis (a redis-server of
 * the test's own, so it can be killed). Clients on different nodes chat as if on one node; a killed
 * node's users leave presence; a Redis restart mid-chat loses nothing stored and delivery resumes.
 */
class ClusterTest {

  static final int NODE_TTL_MS = 1500;

  private final List<AutoCloseable> open = new ArrayList<>();
  private PgSchema schema;
  private RedisProcess redis;

  @BeforeEach
  void cluster() throws Exception {
    schema = new PgSchema();
    open.add(schema);
    redis = new RedisProcess();
    open.add(redis);
  }

  @AfterEach
  void teardown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private NodeProcess node(String id) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", schema.url());
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_PREFIX", "chat-" + schema.name);
    env.put("JWT_SECRET", TestServer.SECRET);
    env.put("NODE_TTL_MS", String.valueOf(NODE_TTL_MS));
    env.put("AUTH_RATE_LIMIT_PER_MINUTE", "0");
    env.put("DB_POOL_SIZE", "4");
    NodeProcess node = new NodeProcess(id, env);
    open.add(node);
    return node;
  }

  @Test
  void jsClientsOnTwoNodesChatAsIfOnOne() throws Exception {
    NodeProcess a = node("a");
    NodeProcess b = node("b");
    for (String transport : new String[] {"websocket", "polling"}) {
      ClientScript.node("cluster-scenario.mjs", "CLUSTER OK", a.url(), b.url(), transport);
    }
  }

  @Test
  void theRepositorysNginxConfigServesEveryTransportInFrontOfTwoNodes() throws Exception {
    NginxProcess nginx = new NginxProcess(List.of(node("a"), node("b")));
    open.add(nginx);
    for (String transport : new String[] {"websocket", "polling", "upgrade"}) {
      ClientScript.node("chat-scenario.mjs", "SCENARIO OK", nginx.url(), transport);
    }
  }

  @Test
  void usersOfAKilledNodeLeavePresence() throws Exception {
    NodeProcess a = node("a");
    NodeProcess doomed = node("doomed");
    Http http = new Http();
    Http.Account alice = http.account(a, "alice");
    Http.Account bob = http.account(doomed, "bob");
    try (ChatClient onA = ChatClient.connected(a.port, alice.token(), "websocket");
         ChatClient onDoomed = ChatClient.connected(doomed.port, bob.token(), "websocket")) {
      onA.call("join_public");
      onDoomed.call("join_public");
      onA.next("user_joined", o -> o.getLong("user_id") == bob.id());
      assertThat(ids(onA.call("get_online_users"))).containsExactlyInAnyOrder(alice.id(), bob.id());

      doomed.kill(); // kill -9: no goodbye
      JsonObject left = onA.next("user_left", o -> o.getLong("user_id") == bob.id());
      assertThat(left.getString("username")).isEqualTo(bob.username());
      assertThat(ids(onA.call("get_online_users"))).containsExactly(alice.id());
    }
  }

  @Test
  void redisRestartedMidChatLosesNothingStoredAndDeliveryResumes() throws Exception {
    NodeProcess a = node("a");
    NodeProcess b = node("b");
    Http http = new Http();
    Http.Account alice = http.account(a, "alice");
    Http.Account bob = http.account(b, "bob");
    try (ChatClient onA = ChatClient.connected(a.port, alice.token(), "websocket");
         ChatClient secondOnA = ChatClient.connected(a.port, alice.token(), "websocket");
         ChatClient onB = ChatClient.connected(b.port, bob.token(), "websocket")) {
      onA.call("join_public");
      secondOnA.call("join_public");
      onB.call("join_public");
      onA.call("send_public_message", new JsonObject().put("content", "before"));
      onB.next("new_public_message", o -> o.getString("content").equals("before"));

      redis.kill();
      // Each node goes on serving its own clients and REST; every acknowledged message is stored.
      assertThat(onA.call("send_public_message", new JsonObject().put("content", "during")).getBoolean("ok"))
          .isTrue();
      secondOnA.next("new_public_message", o -> o.getString("content").equals("during"));
      assertThat(http.post(b, "/api/messages", bob.token(), new JsonObject().put("content", "rest during"))
          .statusCode()).isEqualTo(201);

      redis.start();
      // Delivery across nodes comes back by itself (reconnect with backoff and resubscribe).
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        onA.emit("send_public_message", new JsonObject().put("content", "after"));
        return onB.count("new_public_message", o -> o.getString("content").equals("after")) > 0;
      });
      String history = http.get(b, "/api/messages?limit=100", bob.token()).body();
      assertThat(history).contains("before", "\"during\"", "rest during", "after");
    }
  }

  @Test
  void aPasswordChangeOnOneNodeEndsTheUsersSessionsOnEveryNode() throws Exception {
    NodeProcess a = node("a");
    NodeProcess b = node("b");
    Http http = new Http();
    Http.Account alice = http.account(a, "alice");
    Http.Account bob = http.account(b, "bob");
    String fresh;
    try (ChatClient onA = ChatClient.connected(a.port, alice.token(), "websocket");
         ChatClient onB = ChatClient.connected(b.port, alice.token(), "polling");
         ChatClient bobOnB = ChatClient.connected(b.port, bob.token(), "websocket")) {
      HttpResponse<String> changed = http.put(a, "/api/users/" + alice.id(), alice.token(), new JsonObject()
          .put("password", "a-new-password").put("current_password", "password123"));
      assertThat(changed.statusCode()).isEqualTo(200);
      fresh = new JsonObject(changed.body()).getString("access_token");
      assertThat(onA.disconnected.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      assertThat(onB.disconnected.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("io server disconnect");
      assertThat(bobOnB.call("get_online_users").getBoolean("ok")).isTrue();
    }
    assertThat(http.get(b, "/api/messages", alice.token()).statusCode()).isEqualTo(401);
    try (ChatClient refused = ChatClient.open(b.port, alice.token(), "websocket", false)) {
      assertThat(refused.connectError.get(20, java.util.concurrent.TimeUnit.SECONDS).getString("message"))
          .contains("revoked");
    }
    assertThat(http.get(b, "/api/messages", fresh).statusCode()).isEqualTo(200);
    try (ChatClient again = ChatClient.connected(b.port, fresh, "websocket")) {
      assertThat(again.call("get_online_users").getBoolean("ok")).isTrue();
    }
  }

  private static List<Long> ids(JsonObject online) {
    List<Long> ids = new ArrayList<>();
    JsonArray users = online.getJsonArray("users");
    for (int i = 0; i < users.size(); i++) {
      ids.add(users.getJsonObject(i).getLong("id"));
    }
    return ids;
  }

  /** A small HTTP client for nodes started as processes. */
  static final class Http {
    record Account(long id, String username, String token) {}

    private final HttpClient client = HttpClient.newHttpClient();

    Account account(NodeProcess node, String prefix) throws Exception {
      String username = TestServer.uniqueName(prefix);
      JsonObject registered = new JsonObject(post(node, "/api/auth/register", null, new JsonObject()
          .put("username", username).put("email", username + "@example.com").put("password", "password123")).body());
      JsonObject login = new JsonObject(post(node, "/api/auth/login", null, new JsonObject()
          .put("username", username).put("password", "password123")).body());
      return new Account(registered.getJsonObject("user").getLong("id"), username, login.getString("access_token"));
    }

    HttpResponse<String> post(NodeProcess node, String path, String token, JsonObject body) throws Exception {
      return send(node, path, token, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(body == null
          ? "" : body.encode())).header("Content-Type", "application/json"));
    }

    HttpResponse<String> put(NodeProcess node, String path, String token, JsonObject body) throws Exception {
      return send(node, path, token, HttpRequest.newBuilder().PUT(HttpRequest.BodyPublishers.ofString(body.encode()))
          .header("Content-Type", "application/json"));
    }

    HttpResponse<String> get(NodeProcess node, String path, String token) throws Exception {
      return send(node, path, token, HttpRequest.newBuilder().GET());
    }

    private HttpResponse<String> send(NodeProcess node, String path, String token, HttpRequest.Builder request)
        throws Exception {
      request.uri(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
