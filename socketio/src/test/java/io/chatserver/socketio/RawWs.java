package io.chatserver.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Raw WebSocket client (JDK) collecting frames: String for text, byte[] for binary. */
final class RawWs implements WebSocket.Listener {
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();
  WebSocket ws;

  static RawWs connect(String url) {
    RawWs l = new RawWs();
    l.ws = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(url), l).orTimeout(10, TimeUnit.SECONDS).join();
    return l;
  }

  void send(String s) {
    ws.sendText(s, true).join();
  }

  void sendBinary(byte[] b) {
    ws.sendBinary(ByteBuffer.wrap(b), true).join();
  }

  /** Next frame within 10 s (fails otherwise). */
  Object next() throws InterruptedException {
    Object m = messages.poll(10, TimeUnit.SECONDS);
    if (m == null) throw new AssertionError("no message within 10 s");
    return m;
  }

  /** Next frame that is not an Engine.IO ping (answering pings so the session stays up). */
  Object nextSkippingPings() throws InterruptedException {
    while (true) {
      Object m = next();
      if ("2".equals(m)) {
        send("3");
        continue;
      }
      return m;
    }
  }

  boolean awaitClosed() {
    try {
      closed.get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      messages.add(text.toString());
      text.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] b = new byte[data.remaining()];
    data.get(b);
    bin.writeBytes(b);
    if (last) {
      messages.add(bin.toByteArray());
      bin = new java.io.ByteArrayOutputStream();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }
}
