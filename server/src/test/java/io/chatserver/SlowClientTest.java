package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer.Account;
import io.chatserver.core.InvalidConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris defences, with raw sockets against a server whose head and body deadlines are 1 s: a head
 * trickled byte by byte, a silent connection, a body short of its Content-Length, and more connections
 * from one address than allowed. Well-behaved clients are not affected.
 */
class SlowClientTest {

  private static final long DEADLINE_MS = 1_000;
  private static final String HEALTH = "GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n";

  static TestServer server;
  static Account alice;
  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(Files.createTempDirectory("chat-slow"), Map.of(
        "HTTP_HEADER_TIMEOUT_MS", String.valueOf(DEADLINE_MS),
        "HTTP_BODY_TIMEOUT_MS", String.valueOf(DEADLINE_MS)));
    alice = server.account("slow");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aHeadTrickledByteByByteIsCutAtTheHeaderDeadline() throws Exception {
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send("GET /api/health HTTP/1.1\r\nHost: test\r\n");
      long start = System.nanoTime();
      trickle(client, "X-Slow: 1\r\n");
      assertThat(client.closedWithin(Duration.ofSeconds(6))).isTrue();
      assertThat(elapsedMs(start)).isBetween(DEADLINE_MS - 200, 4 * DEADLINE_MS);
    } finally {
      trickler.shutdownNow();
    }
  }

  @Test
  void aSilentConnectionIsClosed() throws Exception {
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      long start = System.nanoTime();
      assertThat(client.closedWithin(Duration.ofSeconds(6))).isTrue();
      assertThat(elapsedMs(start)).isBetween(DEADLINE_MS - 200, 4 * DEADLINE_MS);
    }
  }

  @Test
  void aKeptAliveConnectionHasTheSameDeadlineForItsNextHead() throws Exception {
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send(HEALTH);
      assertThat(client.read().status()).isEqualTo(200);
      client.send(HEALTH); // a second request in time is answered on the same connection
      assertThat(client.read().status()).isEqualTo(200);
      client.send("GET /api/health HTTP/1.1\r\n");
      long start = System.nanoTime();
      trickle(client, "X-Slow: 1\r\n");
      assertThat(client.closedWithin(Duration.ofSeconds(6))).isTrue();
      assertThat(elapsedMs(start)).isLessThan(4 * DEADLINE_MS);
    } finally {
      trickler.shutdownNow();
    }
  }

  @Test
  void aBodyShortOfItsContentLengthGets408AndTheConnectionCloses() throws Exception {
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      client.send("POST /api/messages HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + alice.token()
          + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"c");
      long start = System.nanoTime();
      RawHttp.Answer answer = client.read();
      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.headers()).containsEntry("content-type", "application/json");
      assertThat(answer.json().getString("message")).isNotBlank();
      assertThat(elapsedMs(start)).isBetween(DEADLINE_MS - 200, 4 * DEADLINE_MS);
      assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void wellBehavedRequestsAreNotAffected() throws Exception {
    assertThat(server.post("/api/messages", alice.token(), new JsonObject().put("content", "in time")).status())
        .isEqualTo(201);
    try (RawHttp client = new RawHttp(server.chatServer().port())) {
      String body = "{\"content\":\"raw and whole\"}";
      client.send("POST /api/messages HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " + alice.token()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(client.read().status()).isEqualTo(201);
    }
  }

  @Test
  void connectionsBeyondThePerAddressCapAreClosedAtOnce() throws Exception {
    try (TestServer capped = TestServer.start(Files.createTempDirectory("chat-cap"),
        Map.of("MAX_CONNECTIONS_PER_ADDRESS", "3"))) {
      int port = capped.chatServer().port();
      List<RawHttp> admitted = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          RawHttp client = new RawHttp(port);
          admitted.add(client);
          client.send(HEALTH);
          assertThat(client.read().status()).isEqualTo(200);
        }
        try (RawHttp fourth = new RawHttp(port)) {
          assertThat(fourth.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
        admitted.remove(0).close(); // a place frees up: a new connection is admitted again
        await().atMost(Duration.ofSeconds(5)).until(() -> healthOnNewConnection(port) == 200);
      } finally {
        for (RawHttp client : admitted) {
          client.close();
        }
      }
    }
  }

  @Test
  void closedWebSocketsGiveTheirPlaceBack() throws Exception {
    try (TestServer capped = TestServer.start(Files.createTempDirectory("chat-cap"),
        Map.of("MAX_CONNECTIONS_PER_ADDRESS", "2"))) {
      int port = capped.chatServer().port();
      TestServer.Account account = capped.account("ws_churn");
      for (int i = 0; i < 6; i++) { // three times the cap, one after the other
        // The closed socket's place comes back once the server has seen its TCP connection go.
        await().atMost(Duration.ofSeconds(5)).until(() -> healthOnNewConnection(port) == 200);
        try (io.chatserver.realtime.ChatClient socket =
            io.chatserver.realtime.ChatClient.connected(port, account.token(), "websocket")) {
          assertThat(socket.call("get_online_users").getBoolean("ok")).as("socket %d", i + 1).isTrue();
        }
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> healthOnNewConnection(port) == 200);
    }
  }

  /**
   * C114: once a connection is a WebSocket the guard lets its HTTP state go, but not its place: open
   * sockets still fill the cap, a connection beyond it is closed at once, and a closed socket's place
   * comes back.
   */
  @Test
  void openWebSocketsKeepTheirPlace() throws Exception {
    try (TestServer capped = TestServer.start(Files.createTempDirectory("chat-cap"),
        Map.of("MAX_CONNECTIONS_PER_ADDRESS", "3"))) {
      int port = capped.chatServer().port();
      TestServer.Account account = capped.account("ws_place"); // its HTTP client keeps one connection open
      try (io.chatserver.realtime.ChatClient first =
              io.chatserver.realtime.ChatClient.connected(port, account.token(), "websocket");
          io.chatserver.realtime.ChatClient second =
              io.chatserver.realtime.ChatClient.connected(port, account.token(), "websocket")) {
        assertThat(first.call("get_online_users").getBoolean("ok")).isTrue();
        assertThat(second.call("get_online_users").getBoolean("ok")).isTrue();
        try (RawHttp third = new RawHttp(port)) {
          assertThat(third.closedWithin(Duration.ofSeconds(2))).isTrue();
        }
        assertThat(first.call("get_online_users").getBoolean("ok")).as("still served").isTrue();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> healthOnNewConnection(port) == 200);
    }
  }

  @Test
  void trustedProxiesAreExemptFromTheCap() throws Exception {
    try (TestServer capped = TestServer.start(Files.createTempDirectory("chat-cap"),
        Map.of("MAX_CONNECTIONS_PER_ADDRESS", "2", "TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1/32"))) {
      List<RawHttp> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          RawHttp client = new RawHttp(capped.chatServer().port());
          clients.add(client);
          client.send(HEALTH);
          assertThat(client.read().status()).as("connection %d", i + 1).isEqualTo(200);
        }
      } finally {
        for (RawHttp client : clients) {
          client.close();
        }
      }
    }
  }

  @Test
  void settingsHaveTheirDocumentedDefaultsAndRefuseWhatIsNotAnAddress() {
    Config defaults = Config.fromEnv(Map.of());
    assertThat(defaults.httpHeaderTimeoutMs()).isEqualTo(10_000);
    assertThat(defaults.httpBodyTimeoutMs()).isEqualTo(30_000);
    assertThat(defaults.httpIdleTimeoutMs()).isEqualTo(60_000);
    assertThat(defaults.maxConnectionsPerAddress()).isEqualTo(256);
    assertThat(defaults.shutdownTimeoutMs()).isEqualTo(10_000);
    assertThat(defaults.trustedProxies()).isEmpty();
    assertThat(Config.fromEnv(Map.of("TRUSTED_PROXIES", "10.0.0.0/8, ::1")).trustedProxies())
        .containsExactly("10.0.0.0/8", "::1");
    for (String bad : new String[] {"nginx.local", "10.0.0.0/33", "10.0.0.1/+8", "10.0.0.0/"}) {
      assertThatThrownBy(() -> Config.fromEnv(Map.of("TRUSTED_PROXIES", bad))).as(bad)
          .isInstanceOf(InvalidConfig.class).hasMessageContaining("TRUSTED_PROXIES");
    }
  }

  private static int healthOnNewConnection(int port) {
    try (RawHttp client = new RawHttp(port)) {
      client.send(HEALTH);
      return client.read().status();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Sends {@code bytes} every 100 ms until the connection fails. */
  private void trickle(RawHttp client, String bytes) {
    trickler.scheduleAtFixedRate(() -> {
      try {
        client.send(bytes);
      } catch (IOException e) {
        throw new IllegalStateException(e); // closed: stops the schedule
      }
    }, 100, 100, TimeUnit.MILLISECONDS);
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
