package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socket.client.IO;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java socket.io-client 2.x against our server over each transport setup. */
class JavaClientTest {
  static ScenarioServer server;

  @BeforeAll
  static void start() {
    server = new ScenarioServer(new SocketIoOptions());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static io.socket.client.Socket client(String nsp, String mode, Map<String, String> auth) {
    String[] transports = switch (mode) {
      case "websocket" -> new String[] {WebSocket.NAME};
      case "polling" -> new String[] {Polling.NAME};
      default -> new String[] {Polling.NAME, WebSocket.NAME};
    };
    IO.Options opts = IO.Options.builder().setTransports(transports).setUpgrade(mode.equals("upgrade"))
        .setReconnection(false).setForceNew(true).setAuth(auth).build();
    return IO.socket(URI.create(server.url() + nsp), opts);
  }

  static <T> T take(BlockingQueue<T> q) throws InterruptedException {
    T v = q.poll(10, TimeUnit.SECONDS);
    assertThat(v).as("event within 10 s").isNotNull();
    return v;
  }

  static BlockingQueue<Object[]> listen(io.socket.client.Socket s, String event) {
    BlockingQueue<Object[]> q = new LinkedBlockingQueue<>();
    s.on(event, q::add);
    return q;
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling", "upgrade"})
  void fullScenario(String mode) throws Exception {
    io.socket.client.Socket a = client("/", mode, Map.of("token", "alice"));
    BlockingQueue<Object[]> connected = listen(a, io.socket.client.Socket.EVENT_CONNECT);
    BlockingQueue<Object[]> auth = listen(a, "auth");
    BlockingQueue<Object[]> echo = listen(a, "echo-back");
    BlockingQueue<Object[]> asked = listen(a, "asked");
    BlockingQueue<Object[]> binary = listen(a, "binary-back");
    BlockingQueue<Object[]> roomMsg = listen(a, "room-msg");
    BlockingQueue<Object[]> said = listen(a, "said");
    BlockingQueue<Object[]> disconnected = listen(a, io.socket.client.Socket.EVENT_DISCONNECT);
    a.on("ask", args -> ((io.socket.client.Ack) args[1]).call(((Number) args[0]).intValue() * 2));
    a.connect();
    take(connected);
    assertThat(((JSONObject) take(auth)[0]).getString("token")).isEqualTo("alice");

    a.emit("echo", 1, "two", new JSONObject().put("three", true));
    Object[] back = take(echo);
    assertThat(back[0]).isEqualTo(1);
    assertThat(back[1]).isEqualTo("two");
    assertThat(((JSONObject) back[2]).getBoolean("three")).isTrue();

    CompletableFuture<Object[]> ack = new CompletableFuture<>();
    a.emit("with-ack", new Object[] {"x", 7}, ack::complete);
    assertThat(ack.get(10, TimeUnit.SECONDS)).containsExactly("x", 7);

    a.emit("ask-me", 21);
    assertThat(take(asked)[0]).isEqualTo(42);

    a.emit("binary", (Object) new byte[] {1, 2, 3});
    assertThat((byte[]) take(binary)[0]).containsExactly(1, 2, 3);

    a.emit("join", "room1");
    assertThat(take(roomMsg)[0]).isEqualTo("hello room1");

    // socket.to(room) reaches the other member, not the sender
    io.socket.client.Socket b = client("/", mode, Map.of("token", "bob"));
    BlockingQueue<Object[]> bConnected = listen(b, io.socket.client.Socket.EVENT_CONNECT);
    BlockingQueue<Object[]> bRoom = listen(b, "room-msg");
    BlockingQueue<Object[]> bSaid = listen(b, "said");
    b.connect();
    take(bConnected);
    b.emit("join", "room1");
    take(bRoom);
    a.emit("say", "room1", "hi bob");
    assertThat(take(bSaid)[0]).isEqualTo("hi bob");
    b.emit("say", "room1", "hi alice");
    assertThat(take(said)[0]).isEqualTo("hi alice");
    assertThat(said).isEmpty();

    // fetchSockets sees both with their data and rooms
    List<SocketInfo> infos = server.io.of("/").in("room1").fetchSockets().await();
    assertThat(infos).extracting(i -> i.data().getString("user")).contains("alice", "bob");
    assertThat(infos).allSatisfy(i -> assertThat(i.rooms()).contains("room1", i.id()));

    if (mode.equals("upgrade")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> server.sockets.values().stream()
          .filter(s -> "alice".equals(s.data().getString("user"))).allMatch(s -> s.transport().equals("websocket")));
      a.emit("echo", "after upgrade");
      assertThat(take(echo)[0]).isEqualTo("after upgrade");
    }

    // server-side disconnect
    BlockingQueue<Object[]> bDisc = listen(b, io.socket.client.Socket.EVENT_DISCONNECT); // before the kick
    b.emit("kick-me");
    assertThat(take(bDisc)[0]).isEqualTo("io server disconnect");

    a.disconnect();
    take(disconnected);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.disconnectReasons.contains("client namespace disconnect")
        && server.disconnectReasons.contains("server namespace disconnect"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void refusedSocketGetsConnectErrorAndNothingElse(String mode) throws Exception {
    io.socket.client.Socket p = client("/private", mode, Map.of());
    BlockingQueue<Object[]> err = listen(p, io.socket.client.Socket.EVENT_CONNECT_ERROR);
    BlockingQueue<Object[]> anything = listen(p, "secret");
    p.connect();
    Object e = take(err)[0];
    assertThat(((JSONObject) e).getString("message")).isEqualTo("Authentication required");
    assertThat(server.privateConnections.get()).isZero();
    assertThat(server.io.of("/private").fetchSockets().await()).isEmpty();
    assertThat(server.io.of("/private").adapter().rooms()).isEmpty();
    server.io.of("/private").emit("secret", "leak");
    server.io.of("/private").to("secret-room").emit("secret", "leak");
    assertThat(anything.poll(300, TimeUnit.MILLISECONDS)).isNull();
    p.close();
  }
}
