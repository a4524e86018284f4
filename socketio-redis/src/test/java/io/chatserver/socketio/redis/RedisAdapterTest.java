package io.chatserver.socketio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.SocketInfo;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.client.SocketOptionBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM, each with its own port and Vert.x, joined through Redis: broadcasts, queries
 * and disconnects cross nodes; a Redis outage leaves each node serving its own clients.
 */
class RedisAdapterTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Node node(String redisUrl, String prefix) {
    Node node = new Node(redisUrl, prefix);
    open.add(node);
    return node;
  }

  private record Client(Socket socket, List<String> said, CompletableFuture<String> disconnected) {}

  private Client client(Node node, String name) throws Exception {
    return client(node, IO.Options.builder().setAuth(Map.of("name", name)));
  }

  private Client client(Node node, SocketOptionBuilder builder) throws Exception {
    IO.Options options = builder.setForceNew(true).setReconnection(false)
        .setTransports(new String[] {"websocket"}).build();
    Socket socket = IO.socket(URI.create("http://127.0.0.1:" + node.port), options);
    List<String> said = new CopyOnWriteArrayList<>();
    CompletableFuture<String> disconnected = new CompletableFuture<>();
    CompletableFuture<Void> connected = new CompletableFuture<>();
    socket.on("said", args -> said.add((String) args[0]));
    socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
    socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(String.valueOf(args[0])));
    socket.connect();
    open.add(socket::close);
    connected.get(20, TimeUnit.SECONDS);
    return new Client(socket, said, disconnected);
  }

  private static void join(Client client, String room) throws Exception {
    CompletableFuture<Object> joined = new CompletableFuture<>();
    client.socket().emit("join", room, (Ack) args -> joined.complete(args[0]));
    joined.get(20, TimeUnit.SECONDS);
  }

  private static String prefix() {
    return "test-" + UUID.randomUUID();
  }

  @Test
  void broadcastsQueriesAndDisconnectsReachEveryNode() throws Exception {
    String prefix = prefix();
    Node a = node("redis://127.0.0.1:6379", prefix);
    Node b = node("redis://127.0.0.1:6379", prefix);
    Client onA = client(a, "alice");
    Client onB = client(b, "bob");
    Client elsewhere = client(b, "carol");
    join(onA, "room");
    join(onB, "room");

    // A broadcast from node A reaches the room's socket on node B, and only the room's.
    a.main.to("room").emit("said", "hello from A");
    await().atMost(WAIT).until(() -> onB.said().contains("hello from A") && onA.said().contains("hello from A"));
    b.main.to("room").except("nobody").emit("said", "hello from B");
    await().atMost(WAIT).until(() -> onA.said().contains("hello from B"));
    assertThat(elsewhere.said()).isEmpty();

    // fetchSockets from either node sees both nodes' sockets, with their data and rooms.
    List<SocketInfo> inRoom = a.main.in("room").fetchSockets().await(20, TimeUnit.SECONDS);
    assertThat(inRoom.stream().map(s -> s.data().getString("name")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(inRoom).allSatisfy(s -> assertThat(s.rooms()).contains("room"));
    assertThat(b.main.fetchSockets().await(20, TimeUnit.SECONDS)).hasSize(3);
    assertThat(a.main.local().fetchSockets().await(20, TimeUnit.SECONDS)).hasSize(1);

    // A room join ordered on A applies to B's sockets; a disconnect ordered on A closes a socket on B.
    a.main.in("room").socketsJoin("joined-remotely");
    await().atMost(WAIT).until(() -> b.main.local().in("joined-remotely").fetchSockets().await().size() == 1);
    SocketInfo carol = a.main.fetchSockets().await(20, TimeUnit.SECONDS).stream()
        .filter(s -> "carol".equals(s.data().getString("name"))).findFirst().orElseThrow();
    a.main.in(carol.id()).disconnectSockets(true);
    assertThat(elsewhere.disconnected().get(20, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
    assertThat(onB.socket().connected()).isTrue();
  }

  @Test
  void socketQueriesCarryNoCredentialsOverRedis() throws Exception {
    String prefix = prefix();
    RedisSpy spy = new RedisSpy("127.0.0.1", 6379, prefix + "*");
    open.add(spy);
    await().atMost(WAIT).until(() -> spy.seen().contains("psubscribe"));
    Node a = node("redis://127.0.0.1:6379", prefix);
    Node b = node("redis://127.0.0.1:6379", prefix);
    Client onB = client(b, IO.Options.builder()
        .setAuth(Map.of("name", "bob", "token", "AUTH-TOKEN-SECRET"))
        .setQuery("token=QUERY-TOKEN-SECRET")
        .setExtraHeaders(Map.of("Authorization", List.of("Bearer HEADER-TOKEN-SECRET"),
            "Cookie", List.of("session=COOKIE-SECRET"))));
    join(onB, "room");

    // Node A still learns what presence needs of B's socket: id, rooms and public data.
    List<SocketInfo> remote = a.main.in("room").fetchSockets().await(20, TimeUnit.SECONDS);
    assertThat(remote).hasSize(1);
    assertThat(remote.get(0).id()).isNotBlank();
    assertThat(remote.get(0).rooms()).contains("room", remote.get(0).id());
    assertThat(remote.get(0).data().getString("name")).isEqualTo("bob");

    // The answer crossed Redis (the spy saw it), without the handshake's credentials.
    await().atMost(WAIT).until(() -> spy.seen().contains(remote.get(0).id()));
    assertThat(spy.seen()).contains("bob")
        .doesNotContain("AUTH-TOKEN-SECRET", "QUERY-TOKEN-SECRET", "HEADER-TOKEN-SECRET", "COOKIE-SECRET")
        .doesNotContainIgnoringCase("user-agent");
  }

  @Test
  void aRedisOutageKeepsLocalDeliveryAndCrossNodeDeliveryResumesAfterwards() throws Exception {
    int port = freePort();
    Process redis = startRedis(port);
    String url = "redis://127.0.0.1:" + port;
    String prefix = prefix();
    Node a = node(url, prefix);
    Node b = node(url, prefix);
    Client onA = client(a, "alice");
    Client onA2 = client(a, "ann");
    Client onB = client(b, "bob");
    join(onA, "room");
    join(onA2, "room");
    join(onB, "room");
    a.main.to("room").emit("said", "before");
    await().atMost(WAIT).until(() -> onB.said().contains("before"));

    redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> !a.redis.connected() && !b.redis.connected());
    // Each node still serves its own clients, and queries answer with what this node knows.
    a.main.to("room").emit("said", "during");
    await().atMost(WAIT).until(() -> onA2.said().contains("during"));
    assertThat(a.main.in("room").fetchSockets().await(20, TimeUnit.SECONDS)).hasSize(2);

    redis = startRedis(port);
    await().atMost(WAIT).until(() -> a.redis.connected() && b.redis.connected());
    // Once both have resubscribed, a broadcast crosses again (retry until the first one lands).
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      a.main.to("room").emit("said", "after");
      return onB.said().contains("after");
    });
    assertThat(onB.said()).doesNotContain("during");
    redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A private redis-server for this test, so killing it disturbs nobody else. */
  private Process startRedis(int port) throws Exception {
    Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    open.add(p::destroyForcibly);
    await().atMost(WAIT).until(() -> {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    return p;
  }
}
