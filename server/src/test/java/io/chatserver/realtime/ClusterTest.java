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
    return node(id, Map.of());
  }

  private NodeProcess node(String id, Map<String, String> settings) throws Exception {
    Map<String, String> env = new HashMap<>(settings);
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

  /**
   * Decision 34 in a cluster: a client dropped from node a recovers on node b (same id, rooms, the
   * messages sent meanwhile, once, in order); then a client of node a recovers on b after a is killed
   * with kill -9 (its session was in Redis before it lost its connection).
   */
  @Test
  void recoveryOnAnotherNodeAndAfterKill9() throws Exception {
    NodeProcess a = node("a");
    NodeProcess b = node("b");
    ClientScript.node("recovery-cluster.mjs", "RECOVERY CLUSTER OK", a.url(), b.url(), String.valueOf(a.pid()),
        "websocket");
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

  /**
   * Decision 35: while Redis is away each node serves its own clients; when it is back, every socket gets
   * what the other node committed meanwhile (public, and a private chat opened during the outage), in seq
   * order, once.
   */
  @Test
  void redisRestartedMidChatLosesNothingAndDeliversWhatWasMissedInOrderOnce() throws Exception {
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
      assertThat(http.post(b, "/api/messages/private/" + alice.id(), bob.token(),
          new JsonObject().put("content", "private during")).statusCode()).isEqualTo(201);

      redis.start();
      // What the other node committed meanwhile arrives by itself, once...
      onB.next("new_public_message", o -> o.getString("content").equals("during"));
      onA.next("new_public_message", o -> o.getString("content").equals("rest during"));
      onA.next("new_private_message", o -> o.getString("content").equals("private during"));
      // ...and delivery across nodes resumes (reconnect with backoff and resubscribe).
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
        onA.emit("send_public_message", new JsonObject().put("content", "after"));
        return onB.count("new_public_message", o -> o.getString("content").equals("after")) > 0;
      });
      String history = http.get(b, "/api/messages?limit=100", bob.token()).body();
      assertThat(history).contains("before", "\"during\"", "rest during", "after");
      // Once: what each socket was not yet checked for above is there exactly once.
      assertThat(onA.count("new_public_message", o -> o.getString("content").equals("during"))).isEqualTo(1);
      assertThat(onA.count("new_public_message", o -> o.getString("content").equals("rest during"))).isZero();
      assertThat(secondOnA.count("new_public_message", o -> o.getString("content").equals("rest during")))
          .isEqualTo(1);
      assertThat(onB.count("new_public_message", o -> o.getString("content").equals("rest during"))).isEqualTo(1);
      assertThat(onB.count("new_public_message", o -> o.getString("content").equals("during"))).isZero();
      // Every socket saw the room's changes in seq order, each once (those taken above are left out).
      for (ChatClient c : List.of(onA, secondOnA, onB)) {
        List<Long> seqs = c.all("new_public_message").stream().map(o -> o.getLong("seq")).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
      }
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
    // C110: B holds the fresh token's state in memory now; a logout on A reaches it before A answers.
    assertThat(http.post(a, "/api/auth/logout", fresh, new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(http.get(b, "/api/messages", fresh).statusCode()).isEqualTo(401);
    assertThat(http.get(a, "/api/messages", fresh).statusCode()).isEqualTo(401);
  }

  @Test
  void socketCapPresencePagesAndUserDeletionSpanNodes() throws Exception {
    NodeProcess a = node("a", Map.of("MAX_SOCKETS_PER_USER", "2"));
    NodeProcess b = node("b", Map.of("MAX_SOCKETS_PER_USER", "2"));
    Http http = new Http();
    Http.Account alice = http.account(a, "alice");
    Http.Account bob = http.account(b, "bob");
    Http.Account carol = http.account(a, "carol");
    try (ChatClient aliceOnA = ChatClient.connected(a.port, alice.token(), "websocket");
         ChatClient aliceOnB = ChatClient.connected(b.port, alice.token(), "websocket");
         ChatClient oneTooMany = ChatClient.open(a.port, alice.token(), "websocket", false);
         ChatClient bobOnB = ChatClient.connected(b.port, bob.token(), "websocket");
         ChatClient carolOnA = ChatClient.connected(a.port, carol.token(), "websocket")) {
      // Alice's sockets are counted across nodes: her third is refused by A though A holds one.
      assertThat(oneTooMany.connectError.get(20, java.util.concurrent.TimeUnit.SECONDS).getString("message"))
          .startsWith("Too many connections for this user (at most 2)");

      // Online users in pages by id, the same from either node.
      for (ChatClient c : List.of(aliceOnA, bobOnB, carolOnA)) {
        assertThat(c.call("join_public").getBoolean("ok")).isTrue();
      }
      List<Long> everyone = java.util.stream.Stream.of(alice.id(), bob.id(), carol.id()).sorted().toList();
      for (ChatClient asker : List.of(aliceOnA, bobOnB)) {
        JsonObject first = asker.call("get_online_users", new JsonObject().put("limit", 2));
        assertThat(ids(first)).isEqualTo(everyone.subList(0, 2));
        assertThat(first.getInteger("total")).isEqualTo(3);
        assertThat(first.getBoolean("has_more")).isTrue();
        JsonObject rest = asker.call("get_online_users", new JsonObject().put("limit", 2).put("after", everyone.get(1)));
        assertThat(ids(rest)).isEqualTo(everyone.subList(2, 3));
        assertThat(rest.getBoolean("has_more")).isFalse();
      }

      // Bob, on B, deletes himself: A's sockets see his public messages and his chat with alice go.
      List<Long> bobs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        bobs.add(new JsonObject(http.post(b, "/api/messages", bob.token(), new JsonObject().put("content", "bye " + i))
            .body()).getLong("id"));
      }
      long chatId = new JsonObject(http.post(b, "/api/messages/private/" + alice.id(), bob.token(),
          new JsonObject().put("content", "psst")).body()).getLong("chat_id");
      assertThat(http.send(b, "/api/users/" + bob.id(), bob.token(), HttpRequest.newBuilder().DELETE()).statusCode())
          .isEqualTo(200);
      for (long id : bobs) {
        carolOnA.next("message_deleted", o -> o.getLong("id") == id && o.getValue("chat_id") == null);
      }
      for (ChatClient c : List.of(aliceOnA, aliceOnB)) {
        assertThat(c.next("chat_deleted").getLong("chat_id")).isEqualTo(chatId);
      }
      assertThat(carolOnA.count("chat_deleted", o -> true)).isZero();
      carolOnA.next("user_left", o -> o.getLong("user_id") == bob.id());
      assertThat(ids(carolOnA.call("get_online_users"))).containsExactlyInAnyOrder(alice.id(), carol.id());
    }
  }

  @Test
  void typingNoticesCrossNodesButReachNoneOfTheSendersSockets() throws Exception {
    NodeProcess a = node("a");
    NodeProcess b = node("b");
    Http http = new Http();
    Http.Account alice = http.account(a, "alice");
    Http.Account bob = http.account(b, "bob");
    try (ChatClient aliceOnA = ChatClient.connected(a.port, alice.token(), "websocket");
         ChatClient aliceOnB = ChatClient.connected(b.port, alice.token(), "websocket");
         ChatClient bobOnB = ChatClient.connected(b.port, bob.token(), "websocket")) {
      for (ChatClient c : List.of(aliceOnA, aliceOnB, bobOnB)) {
        c.call("join_public");
      }
      assertThat(aliceOnA.call("typing", new JsonObject().put("typing", true)).getBoolean("forwarded")).isTrue();
      bobOnB.next("typing", o -> o.getLong("user_id") == alice.id() && o.getValue("chat_id") == null);
      long chatId = aliceOnA.call("typing", new JsonObject().put("other_user_id", bob.id())).getLong("chat_id");
      bobOnB.next("typing", o -> o.getLong("user_id") == alice.id() && o.getLong("chat_id") == chatId);
      // B relayed both notices to its sockets at once (bob got them) before this marker existed: alice's
      // socket on B would have had them first.
      bobOnB.call("send_public_message", new JsonObject().put("content", "cluster typing marker"));
      aliceOnB.next("new_public_message", o -> o.getString("content").equals("cluster typing marker"));
      assertThat(aliceOnB.count("typing", o -> true)).isZero();
      assertThat(aliceOnA.count("typing", o -> true)).isZero();
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

    HttpResponse<String> send(NodeProcess node, String path, String token, HttpRequest.Builder request)
        throws Exception {
      request.uri(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
