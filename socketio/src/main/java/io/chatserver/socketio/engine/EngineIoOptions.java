package io.chatserver.socketio.engine;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings of an Engine.IO v4 server. Mutable fluent bean; copy before sharing.
 *
 * <p>{@code corsOrigins}: empty (default) means no CORS headers are sent (same-origin only);
 * {@code ["*"]} allows every origin (the Origin header is reflected, credentials allowed);
 * otherwise only the listed origins are reflected.
 */
public final class EngineIoOptions {
  private String path = "/engine.io/";
  private long pingInterval = 25_000;
  private long pingTimeout = 20_000;
  private long upgradeTimeout = 10_000;
  private int maxPayload = 1_000_000;
  private List<String> corsOrigins = List.of();
  private int maxSendQueue = 1024;
  private int maxSendQueueBytes = 4_000_000;
  private int maxSessionsPerAddress = 100;
  private Set<String> sessionCapExemptAddresses = Set.of();
  private Function<HttpServerRequest, String> clientAddress = EngineIoOptions::peerAddress;
  private boolean allowUpgrades = true;
  private long coalesceWindow = 20;
  private Handler<HttpServerRequest> upgradeListener = req -> { };

  public EngineIoOptions() {}

  public EngineIoOptions(EngineIoOptions o) {
    path = o.path; pingInterval = o.pingInterval; pingTimeout = o.pingTimeout;
    upgradeTimeout = o.upgradeTimeout; maxPayload = o.maxPayload; corsOrigins = o.corsOrigins;
    maxSendQueue = o.maxSendQueue; maxSendQueueBytes = o.maxSendQueueBytes;
    maxSessionsPerAddress = o.maxSessionsPerAddress; sessionCapExemptAddresses = o.sessionCapExemptAddresses;
    clientAddress = o.clientAddress;
    allowUpgrades = o.allowUpgrades; coalesceWindow = o.coalesceWindow; upgradeListener = o.upgradeListener;
  }

  /**
   * A WebSocket flushed less than this many ms ago has its next frames held and written together at
   * the end of the window: a socket in a busy room gets at most one write per window instead of one
   * per message. A socket receiving less often is flushed at once. 0 flushes every frame at once.
   */
  public long getCoalesceWindow() { return coalesceWindow; }

  public EngineIoOptions setCoalesceWindow(long ms) {
    if (ms < 0) throw new IllegalArgumentException("coalesceWindow must be >= 0");
    this.coalesceWindow = ms;
    return this;
  }

  public String getPath() { return path; }
  /** Request path served, e.g. {@code /engine.io/}; a trailing slash is added if missing. */
  public EngineIoOptions setPath(String path) {
    Objects.requireNonNull(path);
    this.path = path.endsWith("/") ? path : path + "/";
    return this;
  }
  public long getPingInterval() { return pingInterval; }
  public EngineIoOptions setPingInterval(long ms) { this.pingInterval = positive(ms); return this; }
  public long getPingTimeout() { return pingTimeout; }
  public EngineIoOptions setPingTimeout(long ms) { this.pingTimeout = positive(ms); return this; }
  public long getUpgradeTimeout() { return upgradeTimeout; }
  public EngineIoOptions setUpgradeTimeout(long ms) { this.upgradeTimeout = positive(ms); return this; }
  public int getMaxPayload() { return maxPayload; }
  /** Max bytes of one HTTP POST body / one WebSocket message accepted from a client. */
  public EngineIoOptions setMaxPayload(int bytes) { this.maxPayload = (int) positive(bytes); return this; }
  public List<String> getCorsOrigins() { return corsOrigins; }
  public EngineIoOptions setCorsOrigins(List<String> origins) { this.corsOrigins = List.copyOf(origins); return this; }
  public int getMaxSendQueue() { return maxSendQueue; }
  /**
   * Max packets buffered for one connection that the peer has not consumed yet (polling buffer,
   * or frames held back while the WebSocket write queue is full). Exceeding it closes the connection.
   */
  public EngineIoOptions setMaxSendQueue(int packets) { this.maxSendQueue = (int) positive(packets); return this; }
  public int getMaxSendQueueBytes() { return maxSendQueueBytes; }
  /**
   * Max bytes buffered for one connection that the peer has not consumed yet, counted like
   * {@code maxSendQueue} (text frames by their characters, binary ones by their bytes). Exceeding it
   * closes the connection. Should be at least {@code maxPayload}, so that one large frame fits.
   */
  public EngineIoOptions setMaxSendQueueBytes(int bytes) { this.maxSendQueueBytes = (int) positive(bytes); return this; }
  public int getMaxSessionsPerAddress() { return maxSessionsPerAddress; }
  /**
   * Max open sessions per client address; a handshake over it is refused with 403 and
   * {@code {"code":4,"message":...}}, as the reference server refuses a handshake. 0: no cap.
   */
  public EngineIoOptions setMaxSessionsPerAddress(int sessions) {
    if (sessions < 0) throw new IllegalArgumentException("maxSessionsPerAddress must be >= 0");
    this.maxSessionsPerAddress = sessions;
    return this;
  }
  public Function<HttpServerRequest, String> getClientAddress() { return clientAddress; }
  /**
   * Who a handshake comes from, for {@code maxSessionsPerAddress}: the TCP peer by default. Behind a
   * reverse proxy the application can name the client the proxy forwards for (null: not capped).
   */
  public EngineIoOptions setClientAddress(Function<HttpServerRequest, String> clientAddress) {
    this.clientAddress = java.util.Objects.requireNonNull(clientAddress);
    return this;
  }

  private static String peerAddress(HttpServerRequest req) {
    return req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
  }

  public Set<String> getSessionCapExemptAddresses() { return sessionCapExemptAddresses; }
  /**
   * Client addresses (as {@code SocketAddress.hostAddress()} gives them, e.g. a reverse proxy's)
   * that the per-address session cap does not apply to.
   */
  public EngineIoOptions setSessionCapExemptAddresses(Collection<String> addresses) {
    this.sessionCapExemptAddresses = Set.copyOf(addresses);
    return this;
  }
  public Handler<HttpServerRequest> getUpgradeListener() { return upgradeListener; }
  /**
   * Told, on the request's event loop, of every request that became a WebSocket: its HTTP connection
   * will carry no other request, so whatever the application keeps per HTTP connection (deadlines, the
   * request itself) can go; the TCP connection stays open.
   */
  public EngineIoOptions setUpgradeListener(Handler<HttpServerRequest> listener) {
    this.upgradeListener = Objects.requireNonNull(listener);
    return this;
  }
  public boolean isAllowUpgrades() { return allowUpgrades; }
  public EngineIoOptions setAllowUpgrades(boolean allow) { this.allowUpgrades = allow; return this; }

  private static long positive(long v) {
    if (v <= 0) throw new IllegalArgumentException("must be > 0: " + v);
    return v;
  }
}
