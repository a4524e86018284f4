package io.chatserver.socketio.engine;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Request routing, validation, CORS and the session table. */
final class EngineIoServerImpl implements EngineIoServer {
  private static final Logger log = LoggerFactory.getLogger(EngineIoServerImpl.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * A stale poll / second WebSocket for an upgraded (or closed) session is refused a little late:
   * a compliant client never sends one, and a client that races its own upgrade then sees the
   * answers of its WebSocket (e.g. "3probe", written on another connection) before the refusal.
   */
  private static final long REJECT_DELAY_MS = 30;
  /** A Sec-WebSocket-Key: 16 bytes in base64 (RFC 6455 4.1), as the reference server's ws checks it. */
  private static final Pattern WEBSOCKET_KEY = Pattern.compile("[+/0-9A-Za-z]{22}==");
  private static final String INTERNAL_ERROR = "{\"message\":\"Internal server error\"}";

  final Vertx vertx;
  final EngineIoOptions options;
  private final String pathNoSlash;
  private final boolean allowAllOrigins;
  private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
  /** Open (or opening) sessions per capped client address; an address leaves the map at zero. */
  private final ConcurrentHashMap<String, Integer> sessionsPerAddress = new ConcurrentHashMap<>();
  private volatile Handler<EngineSocket> connectionHandler = s -> { };

  EngineIoServerImpl(Vertx vertx, EngineIoOptions options) {
    this.vertx = vertx;
    this.options = new EngineIoOptions(options);
    String p = this.options.getPath();
    this.pathNoSlash = p.substring(0, p.length() - 1);
    this.allowAllOrigins = this.options.getCorsOrigins().contains("*");
  }

  /**
   * The path and everything below it, as the reference server claims its whole prefix: other routes
   * would normalise "/socket.io/%2e%2e/api/users" to "/api/users", so a request a proxy forwards as
   * Socket.IO traffic could reach them. Below the path itself every request is a bad request.
   */
  @Override
  public boolean handles(HttpServerRequest req) {
    String path = req.path();
    return path != null && (path.startsWith(options.getPath()) || path.equals(pathNoSlash));
  }

  private boolean isExactPath(HttpServerRequest req) {
    String path = req.path();
    return path.equals(options.getPath()) || path.equals(pathNoSlash);
  }

  @Override
  public EngineIoServer onConnection(Handler<EngineSocket> handler) {
    this.connectionHandler = handler;
    return this;
  }

  @Override
  public int sessionCount() {
    return sessions.size();
  }

  void remove(EngineSession s) {
    if (sessions.remove(s.id(), s)) release(s.cappedAddress);
  }

  /** How long a server-closed polling session waits for the GET that takes its last frames. */
  static final long FINAL_POLL_GRACE_MS = 2000;

  /** Keeps a closed session findable a little longer (see {@link PollingTransport#discard()}). */
  void removeLater(EngineSession s) {
    removeLater(s, 200);
  }

  void removeLater(EngineSession s, long delayMs) {
    vertx.setTimer(delayMs, t -> remove(s));
  }

  // ---- sessions per client address ----

  /** The address a new session from {@code remote} counts against, or null when it is not capped. */
  private String cappedAddress(HttpServerRequest req) {
    if (options.getMaxSessionsPerAddress() == 0) return null;
    String address = options.getClientAddress().apply(req);
    return address == null || options.getSessionCapExemptAddresses().contains(address) ? null : address;
  }

  /** Takes a place for one more session of {@code address}; false when it is at the cap. */
  private boolean reserve(String address) {
    int max = options.getMaxSessionsPerAddress();
    boolean[] reserved = {false};
    sessionsPerAddress.compute(address, (a, open) -> {
      int count = open == null ? 0 : open;
      if (count >= max) return open;
      reserved[0] = true;
      return count + 1;
    });
    return reserved[0];
  }

  private void release(String address) {
    if (address != null) sessionsPerAddress.computeIfPresent(address, (a, open) -> open <= 1 ? null : open - 1);
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    for (EngineSession s : sessions.values()) {
      Promise<Void> p = Promise.promise();
      s.exec(() -> {
        s.onClose("forced server close", true);
        // A polling client between two GETs still fetches what was answered before the close (at most
        // FINAL_POLL_GRACE_MS): the server must not stop listening before.
        s.finalFramesGone().onComplete(p);
      });
      all.add(p.future());
    }
    return Future.all(all).mapEmpty();
  }

  // ---- routing ----

  @Override
  public void handle(HttpServerRequest req) {
    guarded(req, () -> route(req));
  }

  /**
   * Runs one step of serving {@code req}. An unexpected exception is a bug, but must not leave the
   * request unanswered with its connection open: it is answered 500 and the connection closed.
   */
  private void guarded(HttpServerRequest req, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.error("Engine.IO request failed", e);
      internalError(req);
    }
  }

  private static void internalError(HttpServerRequest req) {
    try {
      HttpServerResponse res = req.response();
      if (!res.headWritten()) {
        // the header alone does not make Vert.x close a keep-alive connection
        res.setStatusCode(500).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
            .end(INTERNAL_ERROR).onComplete(v -> req.connection().close());
        return;
      }
    } catch (RuntimeException e) {
      log.debug("Engine.IO error answer failed", e);
    }
    req.connection().close();
  }

  private void route(HttpServerRequest req) {
    String origin = req.getHeader("Origin");
    if (!isExactPath(req)) {
      fail(req, origin, EngineError.BAD_REQUEST);
      return;
    }
    if (req.method() == HttpMethod.OPTIONS) {
      HttpServerResponse res = req.response();
      cors(origin, res);
      res.putHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
      String reqHeaders = req.getHeader("Access-Control-Request-Headers");
      if (reqHeaders != null) res.putHeader("Access-Control-Allow-Headers", reqHeaders);
      res.setStatusCode(204).end();
      return;
    }
    if (!queryDecodes(req)) {
      log.debug("Engine.IO request refused: invalid %-escape in its query");
      fail(req, origin, EngineError.BAD_REQUEST);
      return;
    }
    String transport = req.getParam("transport");
    boolean isWs = "websocket".equals(transport);
    if (!"polling".equals(transport) && !isWs) {
      fail(req, origin, EngineError.UNKNOWN_TRANSPORT);
      return;
    }
    if (!"4".equals(req.getParam("EIO"))) {
      fail(req, origin, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
      return;
    }
    String sid = req.getParam("sid");
    if (isWs) {
      if (!isWebSocketHandshake(req)) {
        fail(req, origin, EngineError.BAD_REQUEST);
        return;
      }
      if (sid == null) {
        openWebSocket(req, origin);
      } else {
        upgradeWebSocket(req, origin, sid);
      }
      return;
    }
    if (sid == null) {
      if (req.method() != HttpMethod.GET) {
        fail(req, origin, EngineError.BAD_HANDSHAKE_METHOD);
        return;
      }
      openPolling(req, origin);
      return;
    }
    EngineSession s = sessions.get(sid);
    if (s == null) {
      fail(req, origin, EngineError.UNKNOWN_SID);
      return;
    }
    if (req.method() == HttpMethod.GET) {
      HttpServerResponse res = req.response();
      s.exec(() -> guarded(req, () -> onPoll(s, req, res, origin)));
    } else if (req.method() == HttpMethod.POST) {
      onPost(s, req, origin);
    } else {
      fail(req, origin, EngineError.BAD_REQUEST);
    }
  }

  private void onPoll(EngineSession s, HttpServerRequest req, HttpServerResponse res, String origin) {
    if (!s.isOpen() && s.transport() instanceof PollingTransport p && p.takeLastPoll(res)) {
      return;
    }
    if (!s.isOpen() || !(s.transport() instanceof PollingTransport polling)) {
      vertx.setTimer(REJECT_DELAY_MS, t -> fail(req, origin, EngineError.BAD_REQUEST));
      return;
    }
    if (!polling.onPoll(res)) {
      fail(req, origin, EngineError.BAD_REQUEST);
      s.onError("overlap from client");
    }
  }

  private void onPost(EngineSession s, HttpServerRequest req, String origin) {
    int max = options.getMaxPayload();
    String cl = req.getHeader("Content-Length");
    if (cl != null) {
      long len;
      try {
        len = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        len = Long.MAX_VALUE;
      }
      if (len > max) {
        tooLarge(s, req, origin);
        return;
      }
    }
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    req.handler(chunk -> {
      if (over[0]) return;
      body.appendBuffer(chunk);
      if (body.length() > max) {
        over[0] = true;
        tooLarge(s, req, origin);
      }
    });
    req.endHandler(v -> {
      if (!over[0]) s.exec(() -> guarded(req, () -> onData(s, req, origin, body.toString())));
    });
  }

  private void tooLarge(EngineSession s, HttpServerRequest req, String origin) {
    HttpServerResponse res = req.response();
    cors(origin, res);
    res.setStatusCode(413).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
        .end(EngineError.BAD_REQUEST.json("Payload too large"));
    s.exec(() -> s.onError("payload too large"));
  }

  private void onData(EngineSession s, HttpServerRequest req, String origin, String payload) {
    if (!s.isOpen() || !(s.transport() instanceof PollingTransport)) {
      fail(req, origin, EngineError.BAD_REQUEST);
      return;
    }
    int start = 0;
    boolean ok = true;
    while (start <= payload.length() && s.isOpen()) {
      int end = payload.indexOf(PollingTransport.SEPARATOR, start);
      if (end < 0) end = payload.length();
      String packet = payload.substring(start, end);
      boolean valid = !packet.isEmpty() && packet.charAt(0) == 'b'
          ? s.onBase64Packet(packet)
          : s.onTextPacket(packet);
      if (!valid) {
        ok = false;
        break;
      }
      start = end + 1;
    }
    HttpServerResponse res = req.response();
    cors(origin, res);
    if (ok) {
      res.putHeader("Content-Type", "text/html").end("ok");
    } else {
      res.setStatusCode(400).putHeader("Content-Type", "application/json").end(EngineError.BAD_REQUEST.json());
      s.onError("invalid packet");
    }
  }

  private void openPolling(HttpServerRequest req, String origin) {
    EngineSession s = newSession(req, origin);
    if (s == null) return;
    PollingTransport t = new PollingTransport(s);
    sessions.put(s.id(), s);
    s.start(t);
    t.onPoll(req.response());
    fireConnection(s);
  }

  private void openWebSocket(HttpServerRequest req, String origin) {
    EngineSession s = newSession(req, origin);
    if (s == null) return;
    req.toWebSocket().onComplete(ar -> {
      if (ar.failed()) {
        log.debug("WebSocket handshake failed", ar.cause());
        release(s.cappedAddress);
        fail(req, origin, EngineError.BAD_REQUEST);
        return;
      }
      upgraded(req, ar.result());
      WebSocketTransport t = new WebSocketTransport(s, ar.result(), false);
      t.install();
      sessions.put(s.id(), s);
      s.start(t);
      fireConnection(s);
    });
  }

  private void upgradeWebSocket(HttpServerRequest req, String origin, String sid) {
    EngineSession s = sessions.get(sid);
    if (s == null) {
      fail(req, origin, EngineError.UNKNOWN_SID);
      return;
    }
    if (!options.isAllowUpgrades() || !s.claimUpgrade()) {
      // Like the reference server: accept the WebSocket, then close it (after REJECT_DELAY_MS, see there).
      req.toWebSocket().onSuccess(ws -> {
        upgraded(req, ws);
        vertx.setTimer(REJECT_DELAY_MS, t -> ws.close());
      });
      return;
    }
    req.toWebSocket().onComplete(ar -> {
      if (ar.failed()) {
        log.debug("WebSocket upgrade failed", ar.cause());
        fail(req, origin, EngineError.BAD_REQUEST);
        return;
      }
      upgraded(req, ar.result());
      WebSocketTransport t = new WebSocketTransport(s, ar.result(), true);
      t.install();
      s.exec(() -> s.onProbeTransport(t));
    });
  }

  /**
   * First thing once {@code req} is a WebSocket, on its event loop and before the socket reaches another
   * thread: Vert.x's leftovers of the upgrade go (C114), then the application's listener is told.
   */
  private void upgraded(HttpServerRequest req, ServerWebSocket ws) {
    VertxInternals.slimDown(ws);
    try {
      options.getUpgradeListener().handle(req);
    } catch (RuntimeException e) {
      log.error("Engine.IO upgrade listener failed", e);
    }
  }

  /**
   * A new session (not yet registered), or null when its client address already has
   * {@code maxSessionsPerAddress} sessions: the handshake is then refused with 403, the way the
   * reference server refuses a handshake, which clients report as a connect error.
   */
  private EngineSession newSession(HttpServerRequest req, String origin) {
    SocketAddress remote = req.remoteAddress();
    String capped = cappedAddress(req);
    if (capped != null && !reserve(capped)) {
      log.debug("Engine.IO handshake refused: {} has {} sessions", capped, options.getMaxSessionsPerAddress());
      HttpServerResponse res = req.response();
      cors(origin, res);
      res.setStatusCode(403).putHeader("Content-Type", "application/json")
          .end(EngineError.FORBIDDEN.json("Too many sessions from this address"));
      return null;
    }
    byte[] raw = new byte[15];
    RANDOM.nextBytes(raw);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    HandshakeRequest hr = new HandshakeRequest(req.uri(), req.headers(),
        remote == null ? null : remote.hostAddress(), req.isSSL(), System.currentTimeMillis());
    Context ctx = vertx.getOrCreateContext();
    return new EngineSession(this, id, ctx, hr, origin, capped);
  }

  private void fireConnection(EngineSession s) {
    try {
      connectionHandler.handle(s);
    } catch (RuntimeException e) {
      log.error("Engine.IO connection handler failed", e);
      s.onClose("forced close", false);
    }
  }

  // ---- HTTP helpers ----

  void cors(String origin, HttpServerResponse res) {
    if (origin == null) return;
    if (allowAllOrigins || options.getCorsOrigins().contains(origin)) {
      res.putHeader("Access-Control-Allow-Origin", origin);
      res.putHeader("Access-Control-Allow-Credentials", "true");
      res.putHeader("Vary", "Origin");
    }
  }

  /**
   * False when the query has an invalid %-escape ("%zz", a final "%"): Vert.x's decoder throws on the
   * first parameter read. Refused before anything reads one (the handshake keeps the query too).
   */
  private static boolean queryDecodes(HttpServerRequest req) {
    try {
      req.params();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * What Vert.x and Netty check of a WebSocket handshake (RFC 6455 4.2.1), checked first so that a
   * broken one gets our JSON error rather than their text/plain 400: a GET with "Upgrade: websocket",
   * a "Connection" with the "upgrade" token, one well-formed key, one version Netty serves as RFC 6455
   * (13, or 8 as the reference server also takes), and a URI that java.net.URI parses (Vert.x builds
   * the WebSocket location from it).
   */
  private static boolean isWebSocketHandshake(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET || !"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) return false;
    String connection = req.getHeader("Connection");
    if (connection == null || !hasToken(connection, "upgrade")) return false;
    List<String> keys = req.headers().getAll("Sec-WebSocket-Key");
    if (keys.size() != 1 || !WEBSOCKET_KEY.matcher(keys.get(0).trim()).matches()) return false;
    List<String> versions = req.headers().getAll("Sec-WebSocket-Version");
    if (versions.size() != 1 || !(versions.get(0).trim().equals("13") || versions.get(0).trim().equals("8"))) {
      return false;
    }
    try {
      new URI(req.uri());
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean hasToken(String headerValue, String token) {
    for (String t : headerValue.split(",")) {
      if (t.trim().equalsIgnoreCase(token)) return true;
    }
    return false;
  }

  private void fail(HttpServerRequest req, String origin, EngineError err) {
    HttpServerResponse res = req.response();
    if (res.ended() || res.headWritten()) return;
    cors(origin, res);
    res.setStatusCode(400).putHeader("Content-Type", "application/json").end(err.json());
  }
}
