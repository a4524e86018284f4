package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer.Account;
import io.socket.client.IO;
import io.socket.client.Socket;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Decision 46: with METRICS_PORT, GET /metrics on that port answers in the Prometheus text format with
 * the series of real REST and socket traffic; without it, nothing more listens.
 */
class MetricsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void realTrafficShowsInTheSeries() throws Exception {
    try (TestServer server = TestServer.start(Files.createTempDirectory("chat-metrics"), Map.of("METRICS_PORT", "0"))) {
      int port = server.chatServer().metricsPort();
      assertThat(port).isPositive();
      Account alice = server.account("metrics");
      assertThat(server.get("/api/users/" + alice.id(), null).status()).isEqualTo(200);
      assertThat(server.get("/api/users/987654", null).status()).isEqualTo(404);
      assertThat(server.get("/api/messages", null).status()).isEqualTo(401); // refused before its handler
      assertThat(server.get("/api/nowhere/123", null).status()).isEqualTo(404);
      assertThat(server.post("/api/messages", alice.token(), new JsonObject().put("content", "over REST")).status())
          .isEqualTo(201);

      List<String> received = new CopyOnWriteArrayList<>();
      IO.Options options = IO.Options.builder().setForceNew(true).setReconnection(false)
          .setTransports(new String[] {"websocket"}).setAuth(Map.of("token", alice.token())).build();
      Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.chatServer().port()), options);
      socket.onAnyIncoming(args -> received.add((String) args[0]));
      socket.connect();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("connected"));
        assertThat(scrape(port)).containsEntry("chat_sockets_connected", 1.0);
        socket.emit("join_public");
        socket.emit("send_public_message", new org.json.JSONObject(Map.of("content", "over the socket")));
        socket.emit("no_such_event");
        await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("new_public_message")
            && received.contains("error"));
      } finally {
        socket.disconnect();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> scrape(port).get("chat_sockets_connected") == 0.0);

      Map<String, Double> series = scrape(port);
      assertThat(series).containsEntry("chat_socket_events_received_total{event=\"send_public_message\"}", 1.0)
          .containsEntry("chat_socket_events_received_total{event=\"join_public\"}", 1.0)
          .containsEntry("chat_socket_events_received_total{event=\"unknown\"}", 1.0)
          .containsEntry("chat_socket_events_pushed_total{event=\"new_public_message\"}", 2.0) // REST + socket
          .containsEntry("chat_socket_events_pushed_total{event=\"connected\"}", 1.0)
          .containsEntry("chat_socket_recoveries_total", 0.0)
          .containsEntry("chat_catchups_total", 0.0)
          .containsEntry("http_server_requests_seconds_count{method=\"GET\",route=\"/api/users/:user_id\",status=\"200\"}", 1.0)
          .containsEntry("http_server_requests_seconds_count{method=\"GET\",route=\"/api/users/:user_id\",status=\"404\"}", 1.0)
          .containsEntry("http_server_requests_seconds_count{method=\"GET\",route=\"/api/messages\",status=\"401\"}", 1.0)
          .containsEntry("http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}", 1.0)
          .containsEntry("http_server_requests_seconds_count{method=\"POST\",route=\"/api/messages\",status=\"201\"}", 1.0)
          .containsEntry("http_server_requests_seconds_bucket{method=\"POST\",route=\"/api/messages\",status=\"201\",le=\"+Inf\"}", 1.0);
      assertThat(series.keySet()).noneMatch(name -> name.contains("987654") || name.contains("/api/nowhere"));
      // register + the two messages, at least, each its own transaction, in group commits of the SQLite writer
      assertThat(series.get("chat_db_transaction_seconds_count{outcome=\"committed\"}")).isGreaterThanOrEqualTo(3.0);
      assertThat(series.get("chat_db_write_batch_size_count")).isGreaterThanOrEqualTo(1.0);
      assertThat(series.get("chat_db_write_batch_size_sum"))
          .isGreaterThanOrEqualTo(series.get("chat_db_write_batch_size_count"));
      assertThat(series.get("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")).isPositive();
      assertThat(series.keySet()).anyMatch(name -> name.startsWith("jvm_gc_"));
      assertThat(series).doesNotContainKey("chat_redis_link_up"); // not in cluster mode (see the next test)

      // Every series the Grafana dashboard queries exists (GC pauses once a collection has run).
      System.gc();
      Set<String> queried = dashboardSeries();
      queried.remove("chat_redis_link_up");
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(names(scrape(port))).containsAll(queried));
    }
  }

  @Test
  void inClusterModeTheRedisLinkIsAGauge() throws Exception {
    try (PgSchema schema = new PgSchema();
         RedisProcess redis = new RedisProcess();
         TestServer server = TestServer.start(Files.createTempDirectory("chat-metrics"), Map.of(
             "DATABASE_URL", schema.url(), "REDIS_URL", redis.url(), "REDIS_PREFIX", "chat-" + schema.name,
             "METRICS_PORT", "0"))) {
      int port = server.chatServer().metricsPort();
      assertThat(scrape(port)).containsEntry("chat_redis_link_up", 1.0);
      redis.kill();
      await().atMost(Duration.ofSeconds(20)).until(() -> scrape(port).get("chat_redis_link_up") == 0.0);
      server.account("pgmetrics"); // PostgreSQL: transactions are timed, there is no group commit
      Map<String, Double> series = scrape(port);
      assertThat(series.get("chat_db_transaction_seconds_count{outcome=\"committed\"}")).isGreaterThanOrEqualTo(1.0);
      assertThat(series).containsEntry("chat_db_write_batch_size_count", 0.0);

    }
  }

  private static Set<String> names(Map<String, Double> series) {
    Set<String> names = new HashSet<>();
    for (String sample : series.keySet()) {
      names.add(sample.replaceAll("\\{.*", ""));
    }
    return names;
  }

  /** The metric names in the expressions of deploy/grafana/chat-server-dashboard.json. */
  private static Set<String> dashboardSeries() throws IOException {
    String dashboard = Files.readString(Path.of("..", "deploy", "grafana", "chat-server-dashboard.json"));
    Set<String> names = new HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z_]+)\\{").matcher(
        dashboard.replaceAll("\\\\\"", "\""));
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).contains("chat_sockets_connected", "http_server_requests_seconds_bucket", "jvm_memory_used_bytes");
    return names;
  }

  @Test
  void withoutMetricsPortNothingMoreListens() throws Exception {
    Set<Long> before = listeningSockets();
    try (TestServer server = TestServer.start()) {
      assertThat(server.chatServer().metricsPort()).isZero();
      Set<Long> opened = listeningSockets();
      opened.removeAll(before);
      assertThat(opened).as("listening sockets this server opened").hasSize(1); // the API port alone
    }
  }

  /** Every sample of the scrape: series name with labels (as written) to value; comments skipped. */
  static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    Map<String, Double> series = new HashMap<>();
    for (String line : res.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return series;
  }

  /** Inodes of the TCP sockets in LISTEN state that this process holds open. */
  private static Set<Long> listeningSockets() throws IOException {
    Set<Long> listening = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table)); // a header line, then one line per socket
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A")) { // TCP_LISTEN
          listening.add(Long.parseLong(f[9]));
        }
      }
    }
    Set<Long> mine = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            long inode = Long.parseLong(target.substring(8, target.length() - 1));
            if (listening.contains(inode)) {
              mine.add(inode);
            }
          }
        } catch (IOException gone) {
          // closed while listed
        }
      }
    }
    return mine;
  }
}
