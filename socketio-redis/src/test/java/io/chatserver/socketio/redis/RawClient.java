package io.chatserver.socketio.redis;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Socket.IO client over a raw WebSocket (JDK), for what the Java client cannot do: present a chosen
 * {@code {pid, offset}} in its CONNECT, as socket.io-client does when it recovers (it keeps its last
 * offset even across a session that was not recovered). Events "said" are collected in arrival order.
 */
final class RawClient implements WebSocket.Listener, AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** Arguments of every "said" event, in arrival order (the offset, when there is one, last). */
  final List<JsonArray> said = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> control = new LinkedBlockingQueue<>();
  private final StringBuilder text = new StringBuilder();
  private WebSocket ws;
  String sid;
  String pid;

  /** Connects to the main namespace with {@code auth} (e.g. {@code {pid, offset}}); answers the CONNECT reply. */
  static RawClient connect(int port, JsonObject auth) throws Exception {
    RawClient c = new RawClient();
    c.ws = HTTP.newWebSocketBuilder().buildAsync(
        URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), c)
        .get(10, TimeUnit.SECONDS);
    c.next("0");
    c.ws.sendText("40" + auth.encode(), true).join();
    JsonObject answer = new JsonObject(c.next("40").substring(2));
    c.sid = answer.getString("sid");
    c.pid = answer.getString("pid");
    return c;
  }

  void join(String room) throws Exception {
    ws.sendText("421" + new JsonArray().add("join").add(room).encode(), true).join();
    next("431");
  }

  /** The last offset received (as socket.io-client keeps it). */
  String lastOffset() {
    for (int i = said.size() - 1; i >= 0; i--) {
      JsonArray args = said.get(i);
      if (args.size() > 2) return args.getString(args.size() - 1);
    }
    return null;
  }

  /** The "said" texts, in order. */
  List<String> texts() {
    return said.stream().map(a -> a.getString(1)).toList();
  }

  /** Drops the connection without a goodbye, as a phone in a tunnel: the session stays recoverable. */
  void drop() {
    ws.abort();
  }

  private String next(String prefix) throws InterruptedException {
    while (true) {
      String m = control.poll(10, TimeUnit.SECONDS);
      if (m == null) throw new AssertionError("no packet starting with " + prefix + " within 10 s");
      if (m.startsWith(prefix)) return m;
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      String m = text.toString();
      text.setLength(0);
      if (m.equals("2")) {
        webSocket.sendText("3", true);
      } else if (m.startsWith("42")) {
        JsonArray event = new JsonArray(m.substring(2));
        if ("said".equals(event.getString(0))) said.add(event);
      } else {
        control.add(m);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public void close() {
    ws.abort();
  }
}
