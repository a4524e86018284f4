package io.chatserver.socketio.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of one Engine.IO session. Everything below runs on {@link #ctx} (one event loop), so no
 * locking; the public {@link EngineSocket} methods hop there first. One Vert.x timer at a time
 * carries the heartbeat (ping due, or pong due).
 */
final class EngineSession implements EngineSocket {
  private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

  final EngineIoServerImpl server;
  private final String id;
  private final Context ctx;
  private final Thread loop;
  private final HandshakeRequest request;
  final String origin;
  /** The client address this session counts against {@code maxSessionsPerAddress}, or null if uncapped. */
  final String cappedAddress;

  private Transport transport;
  private WebSocketTransport probe;
  private long probeTimer = -1;
  private long noopTimer = -1;
  /** Guarded by this: set once a WebSocket claims the upgrade, never reset (sid not reusable). */
  private boolean upgradeClaimed;
  private volatile boolean open = true;
  /** Closed by the client over polling: stays findable briefly for its last GET. */
  private boolean lingering;
  private long heartbeatTimer = -1;
  private boolean awaitingPong;
  private Handler<Object> messageHandler;
  private Handler<String> closeHandler;

  EngineSession(EngineIoServerImpl server, String id, Context ctx, HandshakeRequest request, String origin,
      String cappedAddress) {
    this.server = server;
    this.id = id;
    this.ctx = ctx;
    this.loop = Thread.currentThread();
    this.request = request;
    this.origin = origin;
    this.cappedAddress = cappedAddress;
  }

  void exec(Runnable r) {
    if (Thread.currentThread() == loop) {
      r.run();
    } else {
      ctx.runOnContext(v -> r.run());
    }
  }

  void start(Transport t) {
    transport = t;
    String upgrades = t instanceof PollingTransport && server.options.isAllowUpgrades() ? "[\"websocket\"]" : "[]";
    t.send("0{\"sid\":\"" + id + "\",\"upgrades\":" + upgrades + ",\"pingInterval\":"
        + server.options.getPingInterval() + ",\"pingTimeout\":" + server.options.getPingTimeout()
        + ",\"maxPayload\":" + server.options.getMaxPayload() + "}");
    schedulePing();
  }

  // ---- heartbeat ----

  private void schedulePing() {
    cancelHeartbeat();
    awaitingPong = false;
    heartbeatTimer = server.vertx.setTimer(server.options.getPingInterval(), t -> {
      awaitingPong = true;
      heartbeatTimer = server.vertx.setTimer(server.options.getPingTimeout(), t2 -> {
        heartbeatTimer = -1;
        onClose("ping timeout", false);
      });
      sendFrame("2");
    });
  }

  private void cancelHeartbeat() {
    if (heartbeatTimer != -1) {
      server.vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  // ---- incoming ----

  Transport transport() {
    return transport;
  }

  /** Text packet from the current transport (polling payload entry or WebSocket text frame). */
  boolean onTextPacket(String p) {
    if (p.isEmpty()) return false;
    switch (p.charAt(0)) {
      case '1' -> {
        transport.discard();
        lingering = transport instanceof PollingTransport;
        onClose("transport close", false);
      }
      case '2' -> {
        // v4: only the server pings. The reference server closes on a client ping ("invalid heartbeat
        // direction"); echoing it would let any client queue pongs of up to maxPayload each.
        // (The upgrade's "2probe" goes to the probe WebSocket, never here.)
        return false;
      }
      case '3' -> {
        // only a pong answering our ping re-arms the heartbeat (unsolicited pongs cost nothing)
        if (open && awaitingPong) schedulePing();
      }
      case '4' -> deliver(p.substring(1));
      case '6' -> { }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A polling payload entry starting with 'b': base64 binary message. */
  boolean onBase64Packet(String p) {
    byte[] bytes;
    try {
      // MIME decoder: tolerates the line breaks some clients (socket.io-client-java) put in base64
      bytes = Base64.getMimeDecoder().decode(p.substring(1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    deliver(Buffer.buffer(bytes));
    return true;
  }

  void onWebSocketData(WebSocketTransport from, Object data) {
    if (!open) return;
    if (from == probe) {
      onProbeData(data);
      return;
    }
    if (from != transport) return;
    if (data instanceof Buffer b) {
      deliver(b);
    } else if (!onTextPacket((String) data)) {
      onError("invalid packet");
    }
  }

  private void deliver(Object message) {
    Handler<Object> h = messageHandler;
    if (h == null || !open) return;
    try {
      h.handle(message);
    } catch (RuntimeException e) {
      log.error("Engine.IO message handler failed for session {}", id, e);
    }
  }

  // ---- upgrade ----

  synchronized boolean claimUpgrade() {
    if (upgradeClaimed || !open || !(transport instanceof PollingTransport)) return false;
    upgradeClaimed = true;
    return true;
  }

  void onProbeTransport(WebSocketTransport ws) {
    if (!open || !(transport instanceof PollingTransport)) {
      ws.close(false);
      return;
    }
    probe = ws;
    probeTimer = server.vertx.setTimer(server.options.getUpgradeTimeout(), t -> {
      probeTimer = -1;
      if (probe == ws) {
        probe = null;
        stopNoopTimer();
        ws.close(false);
      }
    });
  }

  private void onProbeData(Object data) {
    PollingTransport polling = (PollingTransport) transport;
    if ("2probe".equals(data)) {
      // "3probe" was already written by the transport itself.
      if (noopTimer == -1) noopTimer = server.vertx.setPeriodic(100, t -> polling.noopIfPending());
    } else if ("5".equals(data)) {
      WebSocketTransport ws = probe;
      probe = null;
      if (probeTimer != -1) {
        server.vertx.cancelTimer(probeTimer);
        probeTimer = -1;
      }
      stopNoopTimer();
      ArrayDeque<Object> waiting = polling.drainQueue();
      polling.rejectPending();
      transport = ws;
      if (waiting != null) {
        for (Object f : waiting) sendFrame(f);
      }
    } else {
      WebSocketTransport ws = probe;
      probe = null;
      stopNoopTimer();
      ws.close(false);
    }
  }

  void onTransportClosed(WebSocketTransport ws, String reason) {
    if (ws == probe) {
      probe = null;
      stopNoopTimer();
    } else if (ws == transport) {
      onClose(reason, false);
    }
  }

  private void stopNoopTimer() {
    if (noopTimer != -1) {
      server.vertx.cancelTimer(noopTimer);
      noopTimer = -1;
    }
  }

  void onTransportError(String why) {
    log.debug("Engine.IO session {} transport error: {}", id, why);
    onClose("transport error", false);
  }

  /** Protocol violation by the client. */
  void onError(String why) {
    log.debug("Engine.IO session {} closed: {}", id, why);
    onClose("parse error", true);
  }

  // ---- outgoing ----

  private void sendFrame(Object frame) {
    if (!open) return;
    if (!transport.send(frame)) {
      log.debug("Engine.IO session {} send queue overflow, closing", id);
      onClose("send queue overflow", false);
    }
  }

  /** After a server-side close: completes when the frames left for a polling client's last GET are gone. */
  Future<Void> finalFramesGone() {
    return transport instanceof PollingTransport p ? p.finalFramesGone() : Future.succeededFuture();
  }

  void onClose(String reason, boolean sendClosePacket) {
    if (!open) return;
    open = false;
    cancelHeartbeat();
    stopNoopTimer();
    if (probeTimer != -1) {
      server.vertx.cancelTimer(probeTimer);
      probeTimer = -1;
    }
    if (sendClosePacket && transport instanceof PollingTransport p && p.closingWithFrames()) {
      server.removeLater(this, EngineIoServerImpl.FINAL_POLL_GRACE_MS); // its last frames wait for a GET
    } else if (lingering) {
      server.removeLater(this);
    } else {
      server.remove(this);
    }
    if (probe != null) {
      probe.close(false);
      probe = null;
    }
    transport.close(sendClosePacket);
    Handler<String> h = closeHandler;
    closeHandler = null;
    messageHandler = null;
    if (h != null) {
      try {
        h.handle(reason);
      } catch (RuntimeException e) {
        log.error("Engine.IO close handler failed for session {}", id, e);
      }
    }
  }

  // ---- EngineSocket ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public HandshakeRequest request() {
    return request;
  }

  @Override
  public String transportName() {
    return transport.name();
  }

  @Override
  public Context context() {
    return ctx;
  }

  @Override
  public void execute(Runnable task) {
    exec(task);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public EngineSocket onMessage(Handler<Object> handler) {
    this.messageHandler = handler;
    return this;
  }

  @Override
  public EngineSocket onClose(Handler<String> handler) {
    this.closeHandler = handler;
    return this;
  }

  @Override
  public void send(String message) {
    Objects.requireNonNull(message);
    exec(() -> sendFrame("4" + message));
  }

  @Override
  public void send(Buffer message) {
    Objects.requireNonNull(message);
    exec(() -> sendFrame(message));
  }

  @Override
  public void sendEncoded(String engineTextPacket) {
    exec(() -> sendFrame(engineTextPacket));
  }

  @Override
  public void sendEncoded(String engineTextPacket, Buffer[] binaries) {
    exec(() -> {
      sendFrame(engineTextPacket);
      if (binaries != null) {
        for (Buffer b : binaries) sendFrame(b);
      }
    });
  }

  @Override
  public void sendEncodedUnlessBehind(String engineTextPacket, Buffer[] binaries) {
    exec(() -> {
      if (!open || transport.behind()) {
        return;
      }
      sendFrame(engineTextPacket);
      if (binaries != null) {
        for (Buffer b : binaries) sendFrame(b);
      }
    });
  }

  @Override
  public void close() {
    exec(() -> onClose("forced close", true));
  }
}
