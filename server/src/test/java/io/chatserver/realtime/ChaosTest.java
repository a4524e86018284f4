package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.ClientScript;
import io.chatserver.NodeProcess;
import io.chatserver.PgSchema;
import io.chatserver.RedisProcess;
import io.chatserver.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's chaos test (decisions 31-35): three users of the official socket.io-client on two nodes
 * (chaos.mjs) send public and private messages with client ids, retrying until acknowledged, while node a
 * is killed with kill -9 and restarted on its port, and Redis is restarted. Each client follows the
 * contract (pushes applied by seq, catch-up after a connection that did not recover). At the end a checker
 * compares every client's log with the database, read over JDBC: every acknowledged message stored once,
 * nothing else stored, and each client applied exactly its conversations' messages, each once, in seq
 * order; within one socket session (recoveries included) pushes came in seq order without a gap.
 */
class ChaosTest {

  /** Messages stored between two blows, so that each one lands in the middle of the traffic. */
  private static final int MESSAGES_BETWEEN_BLOWS = 40;

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

  private NodeProcess node(String id, int port) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", schema.url());
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_PREFIX", "chat-" + schema.name);
    env.put("JWT_SECRET", TestServer.SECRET);
    env.put("NODE_TTL_MS", "1500");
    env.put("RECOVERY_WINDOW_MS", "60000");
    env.put("AUTH_RATE_LIMIT_PER_MINUTE", "0");
    env.put("SOCKET_EVENTS_PER_SECOND", "0");
    env.put("DB_POOL_SIZE", "4");
    NodeProcess node = new NodeProcess(id, env, port);
    open.add(node);
    return node;
  }

  @Test
  void nothingLostNothingTwiceThroughKill9AndARedisRestart() throws Exception {
    NodeProcess a = node("a", RedisProcess.freePort());
    NodeProcess b = node("b", RedisProcess.freePort());
    Path dir = Files.createTempDirectory("chaos");
    Path stop = dir.resolve("stop");
    Path out = dir.resolve("logs.json");
    CompletableFuture<Void> clients = CompletableFuture.runAsync(() -> {
      try {
        ClientScript.node("chaos.mjs", "CHAOS OK", a.url(), b.url(), stop.toString(), out.toString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    long stored = awaitMoreMessages(0, clients);
    a.kill();
    stored = awaitMoreMessages(stored, clients);
    node("a", a.port); // the same id and port, as a process manager would
    stored = awaitMoreMessages(stored, clients);
    redis.kill();
    stored = awaitMoreMessages(stored, clients);
    redis.start();
    awaitMoreMessages(stored + MESSAGES_BETWEEN_BLOWS, clients); // each client drops its connection again
    Files.createFile(stop);
    clients.get(100, TimeUnit.SECONDS);

    check(new JsonArray(Files.readString(out)));
  }

  /** Waits, through the database, until the clients stored some more messages; the stored count. */
  private long awaitMoreMessages(long before, CompletableFuture<Void> clients) {
    long[] now = {before};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (clients.isDone()) {
        clients.join(); // the script failed: say why
      }
      now[0] = count("SELECT (SELECT COUNT(*) FROM public_messages) + (SELECT COUNT(*) FROM private_messages)");
      return now[0] >= before + MESSAGES_BETWEEN_BLOWS;
    });
    return now[0];
  }

  /** One stored message: its conversation ("public" or "chat:{id}"), sender and client id. */
  private record Stored(long id, String conv, long seq, long sender, String clientId) {}

  private void check(JsonArray logs) throws SQLException {
    Map<String, List<Stored>> byConversation = new LinkedHashMap<>();
    Map<String, Long> latest = new HashMap<>();
    try (Connection db = DriverManager.getConnection(schema.url()); Statement s = db.createStatement()) {
      read(s, "SELECT id, 'public', seq, user_id, client_id FROM public_messages ORDER BY seq", byConversation);
      read(s, "SELECT id, 'chat:' || chat_id, seq, sender_id, client_id FROM private_messages ORDER BY chat_id, seq",
          byConversation);
      try (ResultSet r = s.executeQuery("SELECT 'public', latest_seq FROM public_room UNION ALL "
          + "SELECT 'chat:' || id, latest_seq FROM private_chats")) {
        while (r.next()) {
          latest.put(r.getString(1), r.getLong(2));
        }
      }
    }

    // The database: each conversation's seqs are 1..latest_seq, every message with a client id.
    Map<String, Stored> byClientId = new HashMap<>();
    for (Map.Entry<String, List<Stored>> conversation : byConversation.entrySet()) {
      List<Stored> messages = conversation.getValue();
      assertThat(messages.stream().map(Stored::seq).toList()).as("seqs of %s", conversation.getKey())
          .isEqualTo(java.util.stream.LongStream.rangeClosed(1, messages.size()).boxed().toList());
      assertThat(latest.get(conversation.getKey())).isEqualTo(messages.size());
      for (Stored m : messages) {
        assertThat(m.clientId()).as("client id of message %d", m.id()).isNotNull();
        assertThat(byClientId.put(m.sender() + "/" + m.clientId(), m)).as("stored once: %s", m).isNull();
      }
    }

    // Acknowledged = stored: every acknowledgement (of each try) names the one stored message, every stored
    // message was acknowledged to its sender, and at most one answer per message is not marked as a repeat
    // (none when the answer to the try that stored it was lost).
    Map<String, Integer> firstAnswers = new HashMap<>();
    int repeats = 0;
    for (int u = 0; u < logs.size(); u++) {
      JsonObject user = logs.getJsonObject(u);
      for (Object o : user.getJsonArray("acks")) {
        JsonObject ack = (JsonObject) o;
        String key = user.getLong("user_id") + "/" + ack.getString("client_id");
        Stored m = byClientId.get(key);
        assertThat(m).as("acknowledged %s is stored", ack).isNotNull();
        assertThat(List.of(m.id(), m.seq(), m.conv())).as("ack %s", ack)
            .isEqualTo(List.of(ack.getLong("id"), ack.getLong("seq"), ack.getString("conv")));
        boolean repeat = ack.getBoolean("duplicate");
        firstAnswers.merge(key, repeat ? 0 : 1, Integer::sum);
        repeats += repeat ? 1 : 0;
      }
    }
    assertThat(firstAnswers.keySet()).as("stored messages that were acknowledged").isEqualTo(byClientId.keySet());
    assertThat(firstAnswers).as("answers not marked as a repeat, per message").allSatisfy((k, n) ->
        assertThat(n).isLessThanOrEqualTo(1));
    assertThat(repeats).as("repeats answered with the original (every tenth message is sent twice)").isPositive();

    // Every client's log; each kind of finding is reported for every client, not only the first one.
    SoftAssertions softly = new SoftAssertions();
    for (int u = 0; u < logs.size(); u++) {
      JsonObject user = logs.getJsonObject(u);
      String who = user.getString("username");
      System.out.println("chaos: " + user.getString("summary"));
      JsonObject conversations = user.getJsonObject("conversations");
      assertThat(conversations.size()).isEqualTo(logs.size()); // the public room, a chat with each other user
      Map<String, List<JsonObject>> applied = new HashMap<>();
      Map<String, Long> lastPushOfSession = new HashMap<>();
      List<String> outOfOrder = new ArrayList<>();
      for (Object o : user.getJsonArray("log")) {
        JsonObject entry = (JsonObject) o;
        String conv = entry.getString("conv");
        assertThat(conversations.containsKey(conv)).as("%s: %s is one of its conversations", who, entry).isTrue();
        switch (entry.getString("kind")) {
          case "applied" -> applied.computeIfAbsent(conv, k -> new ArrayList<>()).add(entry);
          case "stale" -> softly.assertThat(entry.getLong("id")).as("%s: stale %s names its seq's message", who, entry)
              .isEqualTo(byConversation.get(conv).get((int) (entry.getLong("seq") - 1)).id());
          case "push" -> {
            // Decisions 34 and 35: within one socket session, recovered on any node or not, the pushes of a
            // conversation come once, in seq order, without a gap.
            String session = "session " + entry.getInteger("session") + " " + conv;
            Long previous = lastPushOfSession.put(session, entry.getLong("seq"));
            if (previous != null && entry.getLong("seq") != previous + 1) {
              outOfOrder.add(session + ": seq " + entry.getLong("seq") + " after " + previous);
            }
          }
          case "gap" -> { } // a push after a hole, followed by a catch-up: also a finding of the check above
          default -> throw new AssertionError(entry.encode());
        }
      }
      softly.assertThat(outOfOrder.size()).as("%s: pushes out of order or after a hole, e.g. %s", who,
          outOfOrder.subList(0, Math.min(10, outOfOrder.size()))).isZero();
      // Each client applied exactly its conversations' messages, each once, in seq order.
      for (String conv : conversations.fieldNames()) {
        List<Stored> expected = byConversation.getOrDefault(conv, List.of());
        List<JsonObject> got = applied.getOrDefault(conv, List.of());
        softly.assertThat(got.stream().map(e -> e.getLong("id")).toList())
            .as("%s: the messages it applied in %s, in order", who, conv)
            .isEqualTo(expected.stream().map(Stored::id).toList());
        softly.assertThat(got.stream().map(e -> e.getLong("seq")).toList()).as("%s: seqs it applied in %s", who, conv)
            .isEqualTo(expected.stream().map(Stored::seq).toList());
      }
    }
    // The blows did what they are for: sessions recovered (on the other node, after kill -9), and sessions
    // that could not be (Redis restarted empty) caught up.
    int recoveries = 0;
    int unrecovered = 0;
    for (int u = 0; u < logs.size(); u++) {
      for (Object o : logs.getJsonObject(u).getJsonArray("sessions")) {
        recoveries += ((JsonObject) o).getJsonArray("recoveries").size();
      }
      unrecovered += logs.getJsonObject(u).getJsonArray("sessions").size() - 1;
    }
    softly.assertThat(recoveries).as("recovered connections").isPositive();
    softly.assertThat(unrecovered).as("connections that were not recovered").isPositive();
    softly.assertAll();
  }

  private static void read(Statement s, String sql, Map<String, List<Stored>> into) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        Stored m = new Stored(r.getLong(1), r.getString(2), r.getLong(3), r.getLong(4), r.getString(5));
        into.computeIfAbsent(m.conv(), k -> new ArrayList<>()).add(m);
      }
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection db = DriverManager.getConnection(schema.url()); Statement s = db.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
