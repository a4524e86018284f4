package io.chatserver.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * One socket of the reconnect storm: a minimal Socket.IO client (WebSocket only, default namespace) that
 * does what {@code socket.io-client} does for connection state recovery (decision 34). It keeps the
 * {@code pid} of the CONNECT answer and the offset (last string argument) of every event, sends both
 * with its token when it reconnects, and is {@code recovered} when the answer carries the same pid.
 * It also checks the storm's messages (marker {@code ~s~IDX~0~}): each index once, in order.
 * Everything runs on the event loop.
 */
public final class StormConn {
  public final int index;
  private final String token;
  private RawWs ws;
  private Promise<StormConn> ready;
  private int nextAck = 1;
  private int pendingAckId = -1;
  private Promise<String> pendingAck;
  private final Marker marker = new Marker();

  /** The session as the server named it, and the last offset received. */
  public String sid;
  public String pid;
  public String offset;
  /** The sid before the last reconnect (to check that a recovered socket kept it). */
  public String previousSid;
  public boolean recovered;
  public boolean fellBack;
  public boolean closed;
  /** When the last connect attempt started, and when this socket had every index below {@link #target}. */
  public long connectNanos;
  public long answerNanos;
  /** When the first storm message after the last connect attempt arrived. */
  public long firstMessageNanos;
  /** Arrival time of each storm message, by index (0 when it has not arrived). */
  public long[] arrivals = new long[32];
  /** When a socket that fell back to a new session had joined the public room again. */
  public long rejoinedNanos;
  public long caughtUpNanos;
  /** {@link #caughtUpNanos} of the storm itself (the missed messages), kept when a later target is set. */
  public long recoveredAtNanos;
  public int target;

  // The storm's messages, by index.
  private final BitSet got = new BitSet();
  private int next;
  public long duplicates;
  public long outOfOrder;
  public long otherFrames;

  StormConn(int index, String token) {
    this.index = index;
    this.token = token;
  }

  /**
   * Opens a new connection; sends {@code {pid, offset}} as well when {@code recover} and it has them.
   * Completes when the socket is usable: at the CONNECT answer when it recovered, else at {@code connected}.
   */
  public Future<StormConn> open(RawWs.Connector client, String host, int port, boolean recover) {
    ready = Promise.promise();
    closed = false;
    recovered = false;
    fellBack = false;
    caughtUpNanos = 0;
    answerNanos = 0;
    firstMessageNanos = 0;
    rejoinedNanos = 0;
    connectNanos = System.nanoTime();
    previousSid = sid;
    String sentPid = recover ? pid : null;
    String auth = authJson(token, sentPid, recover ? offset : null);
    Promise<StormConn> mine = ready;
    RawWs.connect(client, host, port, SioConn.PATH, (b, off, len) -> onData(b, off, len, auth, recover, sentPid), this::onClose)
        .onSuccess(w -> ws = w).onFailure(mine::tryFail);
    return mine.future();
  }

  static String authJson(String token, String pid, String offset) {
    JsonObject a = new JsonObject().put("token", token);
    if (pid != null && offset != null) {
      a.put("pid", pid).put("offset", offset);
    }
    return a.encode();
  }

  private void onClose() {
    closed = true;
    IllegalStateException e = new IllegalStateException("connection closed");
    ready.tryFail(e);
    if (pendingAck != null) {
      pendingAck.tryFail(e);
      pendingAck = null;
    }
  }

  private void onData(byte[] b, int off, int len, String auth, boolean reconnecting, String sentPid) {
    if (len == 0) {
      return;
    }
    byte t = b[off];
    if (t == '2' && len == 1) {
      ws.sendText("3");
    } else if (t == '0') {
      ws.sendText("40" + auth);
    } else if (t == '4' && len >= 2) {
      byte s = b[off + 1];
      if (s == '0') {
        answerNanos = System.nanoTime();
        JsonObject answer = connectAnswer(new String(b, off, len, StandardCharsets.UTF_8));
        sid = answer.getString("sid");
        pid = answer.getString("pid");
        // As socket.io-client: recovered when the answer names the session it asked for.
        recovered = sentPid != null && sentPid.equals(pid);
        fellBack = reconnecting && !recovered; // also when it had no pid or offset to send
        if (recovered) {
          ready.tryComplete(this);
        }
      } else if (s == '2') {
        onEvent(b, off, len);
      } else if (s == '3') {
        if (pendingAck != null && SioConn.ackId(b, off, len) == pendingAckId) {
          Promise<String> p = pendingAck;
          pendingAck = null;
          p.tryComplete(new String(b, off, len, StandardCharsets.UTF_8));
        }
      } else if (s == '4') {
        ready.tryFail(new IllegalStateException("connect_error: " + new String(b, off, len, StandardCharsets.UTF_8)));
        ws.close();
      }
    }
  }

  private void onEvent(byte[] b, int off, int len) {
    String o = lastStringArg(b, off, len);
    if (o != null) {
      offset = o;
    }
    if (Marker.startsWith(b, off, len, "42[\"new_public_message\"") && marker.find(b, off, len, (byte) 's', false) == 's') {
      message((int) marker.a);
    } else if (Marker.startsWith(b, off, len, "42[\"connected\"")) {
      ready.tryComplete(this);
    } else {
      otherFrames++;
    }
  }

  /** Records the storm message {@code idx}: the next one, a duplicate, or one that overtook a missing one. */
  void message(int idx) {
    long now = System.nanoTime();
    if (firstMessageNanos == 0) {
      firstMessageNanos = now;
    }
    if (idx >= arrivals.length) {
      arrivals = java.util.Arrays.copyOf(arrivals, Math.max(idx + 1, arrivals.length * 2));
    }
    if (arrivals[idx] == 0) {
      arrivals[idx] = now;
    }
    if (got.get(idx)) {
      duplicates++;
      return;
    }
    got.set(idx);
    if (idx != next) {
      outOfOrder++;
    }
    while (got.get(next)) {
      next++;
    }
    if (caughtUpNanos == 0 && target > 0 && next >= target) {
      caughtUpNanos = System.nanoTime();
    }
  }

  /** How many of the first {@code n} messages never arrived. */
  public int missing(int n) {
    return n - got.get(0, n).cardinality();
  }

  /** The number of messages received in order from the first (every index below it arrived). */
  public int contiguous() {
    return next;
  }

  /** Sets the index this socket must reach; records the time at once when it already has. */
  public void expect(int n) {
    target = n;
    caughtUpNanos = next >= n ? System.nanoTime() : 0;
  }

  /** The JSON object of a namespace CONNECT answer ({@code 40{"sid":..,"pid":..}}); empty when it has none. */
  static JsonObject connectAnswer(String packet) {
    int brace = packet.indexOf('{');
    return brace < 0 ? new JsonObject() : new JsonObject(packet.substring(brace));
  }

  /**
   * The last argument of an event frame ({@code 42[...]}) when it is a string after at least one other
   * element (the event name), else null: where the server puts a persisted packet's offset. The string is
   * found by scanning back from the end, so that a large payload before it is not parsed.
   */
  static String lastStringArg(byte[] b, int off, int len) {
    int end = off + len;
    if (len < 6 || b[end - 1] != ']' || b[end - 2] != '"') {
      return null;
    }
    for (int i = end - 3; i > off; i--) {
      if (b[i] == '"') {
        int slashes = 0;
        for (int j = i - 1; j > off && b[j] == '\\'; j--) {
          slashes++;
        }
        if (slashes % 2 == 1) {
          return null; // an offset has no escapes: this string is something else
        }
        return b[i - 1] == ',' ? new String(b, i + 1, end - 2 - (i + 1), StandardCharsets.UTF_8) : null;
      }
    }
    return null;
  }

  /** Sends an event with an ack id and completes with the ack frame (one outstanding ack at a time). */
  public Future<String> emitWithAck(String jsonArray) {
    Promise<String> p = Promise.promise();
    if (pendingAck != null || ws == null) {
      p.fail(ws == null ? "not open" : "an ack is already pending");
      return p.future();
    }
    pendingAck = p;
    pendingAckId = nextAck++;
    ws.sendText("42" + pendingAckId + jsonArray);
    return p.future();
  }

  /** Loses the connection: TCP closed, no Socket.IO disconnect, no WebSocket close frame. */
  public void drop() {
    closed = true;
    if (ws != null) {
      ws.drop();
    }
  }

  /** Ends the session on purpose (Socket.IO DISCONNECT), so that the server forgets it. */
  public Future<Void> disconnect() {
    if (ws == null || closed) {
      return Future.succeededFuture();
    }
    ws.sendText("41");
    closed = true;
    return ws.close();
  }
}
