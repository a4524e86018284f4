package io.chatserver.realtime;

import static org.awaitility.Awaitility.await;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import io.vertx.core.json.JsonObject;
import org.json.JSONObject;

/**
 * The Java {@code io.socket:socket.io-client} with every received event recorded, so a test can wait
 * for one (Awaitility) and later check what else arrived.
 */
public final class ChatClient implements AutoCloseable {

  record Received(String event, Object payload) {}

  static final Duration WAIT = Duration.ofSeconds(20);

  private final Socket socket;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  final CompletableFuture<JsonObject> connectError = new CompletableFuture<>();
  final CompletableFuture<String> disconnected = new CompletableFuture<>();

  private ChatClient(Socket socket) {
    this.socket = socket;
  }

  /** Connects with the token in {@code auth}; {@code viaQuery} puts it in {@code ?token=} instead. */
  static ChatClient open(int port, String token, String transport, boolean viaQuery) {
    IO.Options options = IO.Options.builder()
        .setForceNew(true)
        .setReconnection(false)
        .setTransports(transport.equals("polling") ? new String[] {"polling"}
            : transport.equals("websocket") ? new String[] {"websocket"} : new String[] {"polling", "websocket"})
        .build();
    if (token != null) {
      if (viaQuery) {
        options.query = "token=" + token;
      } else {
        options.auth = Map.of("token", token);
      }
    }
    ChatClient client = new ChatClient(IO.socket(URI.create("http://127.0.0.1:" + port), options));
    client.socket.onAnyIncoming(args -> client.received.add(
        new Received((String) args[0], args.length > 1 ? vertx(args[1]) : null)));
    client.socket.on(Socket.EVENT_CONNECT_ERROR, args -> client.connectError.complete(
        args.length > 0 && args[0] instanceof JSONObject o ? vertx(o) : new JsonObject()));
    client.socket.on(Socket.EVENT_DISCONNECT, args -> client.disconnected.complete(String.valueOf(args[0])));
    client.socket.connect();
    return client;
  }

  /** Opens a socket and waits for the server's {@code connected} event. */
  /** {@code account}'s socket on {@code server} over WebSocket, connected (its {@code connected} received). */
  public static ChatClient of(io.chatserver.TestServer server, io.chatserver.TestServer.Account account) {
    return of(server, account, "websocket");
  }

  public static ChatClient of(io.chatserver.TestServer server, io.chatserver.TestServer.Account account,
      String transport) {
    return connected(server.chatServer().port(), account.token(), transport);
  }

  public static ChatClient connected(int port, String token, String transport) {
    ChatClient client = open(port, token, transport, false);
    client.next("connected");
    return client;
  }

  void emit(String event, Object... args) {
    socket.emit(event, wire(args));
  }

  /** Tests build payloads with Vert.x JSON; the client sends its own org.json types. */
  private static Object[] wire(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      try {
        out[i] = args[i] instanceof JsonObject o ? new JSONObject(o.encode()) : args[i];
      } catch (org.json.JSONException e) {
        throw new IllegalArgumentException(e);
      }
    }
    return out;
  }

  /** Emits with an acknowledgement callback; the future completes with the answer. */
  public CompletableFuture<JsonObject> ask(String event, Object... args) {
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    Object[] withAck = java.util.Arrays.copyOf(wire(args), args.length + 1);
    withAck[args.length] = (Ack) reply -> answer.complete(vertx(reply[0]));
    socket.emit(event, withAck);
    return answer;
  }

  /** Emits with an acknowledgement callback and waits for the answer. */
  public JsonObject call(String event, Object... args) {
    CompletableFuture<JsonObject> answer = ask(event, args);
    try {
      return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no acknowledgement for " + event, e);
    }
  }

  /** The first not yet taken payload of {@code event} that matches. */
  JsonObject next(String event, Predicate<JsonObject> matching) {
    Received[] found = new Received[1];
    await().atMost(WAIT).until(() -> {
      for (Received r : received) {
        if (r.event().equals(event) && r.payload() instanceof JsonObject o && matching.test(o)) {
          found[0] = r;
          return true;
        }
      }
      return false;
    });
    received.remove(found[0]);
    return (JsonObject) found[0].payload();
  }

  JsonObject next(String event) {
    return next(event, o -> true);
  }

  /** The not yet taken payloads of any of {@code events}, in the order they arrived. */
  List<JsonObject> all(String... events) {
    List<String> wanted = List.of(events);
    return received.stream().filter(r -> wanted.contains(r.event()) && r.payload() instanceof JsonObject)
        .map(r -> (JsonObject) r.payload()).toList();
  }

  /** How many not yet taken payloads of {@code event} match. */
  long count(String event, Predicate<JsonObject> matching) {
    return received.stream()
        .filter(r -> r.event().equals(event) && r.payload() instanceof JsonObject o && matching.test(o))
        .count();
  }

  /** org.json (the client's own, an old version) to Vert.x JSON, which tests can compare whole. */
  private static JsonObject vertx(Object payload) {
    return payload instanceof JSONObject o ? new JsonObject(o.toString()) : new JsonObject().put("value", payload);
  }

  boolean isConnected() {
    return socket.connected();
  }

  @Override
  public void close() {
    socket.disconnect();
    socket.close();
  }
}
