package io.chatserver.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;

/**
 * A minimal Socket.IO v5 / Engine.IO v4 client over one {@link RawWs} (WebSocket transport only, default
 * namespace only). It answers pings, authenticates with {@code auth: {token}}, and hands every event / ack
 * frame to a listener as raw bytes so that the caller can look for its marker without parsing JSON.
 * In plain mode (the bare floor server) there is no handshake: every frame goes to the listener.
 */
public final class SioConn {
  /** Receives frames of an established connection; called on the event loop; the array is reused. */
  public interface Listener {
    void onFrame(SioConn conn, byte[] buf, int off, int len);
  }

  public static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  public final int index;
  public final boolean plain;
  private final String token;
  private RawWs ws;
  private Listener listener;
  private Promise<SioConn> ready;
  private boolean connected;
  private int nextAck = 1;
  private int pendingAckId = -1;
  private Promise<String> pendingAck;
  public boolean closed;
  public Object attachment;

  private SioConn(int index, boolean plain, String token) {
    this.index = index;
    this.plain = plain;
    this.token = token;
  }

  /** Opens the WebSocket, then (unless plain) waits for the server's {@code connected} event. */
  public static Future<SioConn> connect(RawWs.Connector client, String host, int port, String token, boolean plain, int index,
      Listener listener) {
    SioConn c = new SioConn(index, plain, token);
    c.listener = listener;
    c.ready = Promise.promise();
    return RawWs.connect(client, host, port, plain ? "/" : PATH, c::onData, c::onClose).compose(ws -> {
      c.ws = ws;
      if (plain) {
        c.connected = true;
        c.ready.tryComplete(c);
      }
      return c.ready.future();
    });
  }

  private void onClose() {
    closed = true;
    IllegalStateException e = new IllegalStateException("connection closed");
    ready.tryFail(e);
    if (pendingAck != null) {
      pendingAck.tryFail(e);
    }
  }

  private void onData(byte[] b, int off, int len) {
    if (plain) {
      listener.onFrame(this, b, off, len);
      return;
    }
    if (len == 0) {
      return;
    }
    byte t = b[off];
    if (t == '2' && len == 1) {
      ws.sendText("3");
      return;
    }
    if (t == '4' && len >= 2) {
      byte s = b[off + 1];
      if (s == '2') {
        if (!connected) {
          if (Marker.startsWith(b, off, len, "42[\"connected\"")) {
            connected = true;
            ready.tryComplete(this);
          }
          return;
        }
        listener.onFrame(this, b, off, len);
      } else if (s == '3') {
        if (pendingAck != null && ackId(b, off, len) == pendingAckId) {
          Promise<String> p = pendingAck;
          pendingAck = null;
          p.tryComplete(new String(b, off, len, StandardCharsets.UTF_8));
        } else if (connected) {
          listener.onFrame(this, b, off, len);
        }
      } else if (s == '4') {
        ready.tryFail(new IllegalStateException("connect_error: " + new String(b, off, len, StandardCharsets.UTF_8)));
        ws.close();
      }
      // "40{sid}" (namespace connect ok): wait for the connected event that follows.
      return;
    }
    if (t == '0') {
      // Engine.IO open: connect to the default namespace with the token.
      ws.sendText("40{\"token\":\"" + token + "\"}");
    }
    // '1' close, '6' noop and anything else are ignored.
  }

  static int ackId(byte[] b, int off, int len) {
    int v = 0;
    for (int i = off + 2; i < off + len; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Sends an event packet (already encoded JSON array text, e.g. {@code ["join_public"]}). */
  public void emit(String jsonArray) {
    ws.sendText("42" + jsonArray);
  }

  /** Sends an already framed text message as is. */
  public void sendRaw(String text) {
    ws.sendText(text);
  }

  /** Sends an event with an ack id and completes with the ack frame text (one outstanding ack at a time). */
  public Future<String> emitWithAck(String jsonArray) {
    Promise<String> p = Promise.promise();
    if (pendingAck != null) {
      p.fail("an ack is already pending");
      return p.future();
    }
    pendingAck = p;
    pendingAckId = nextAck++;
    ws.sendText("42" + pendingAckId + jsonArray);
    return p.future();
  }

  /** Stops reading: a slow reader whose backlog piles up on the server. */
  public void pauseReading() {
    ws.pauseReading();
  }

  public Future<Void> close() {
    if (ws == null || closed) {
      return Future.succeededFuture();
    }
    closed = true;
    return ws.close();
  }

  public boolean isConnected() {
    return connected && !closed;
  }
}
