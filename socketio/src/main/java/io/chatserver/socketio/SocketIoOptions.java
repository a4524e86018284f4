package io.chatserver.socketio;

import io.chatserver.socketio.adapter.Adapter;
import io.chatserver.socketio.adapter.InMemoryAdapter;
import io.chatserver.socketio.adapter.NamespaceRef;
import io.chatserver.socketio.engine.EngineIoOptions;
import io.chatserver.socketio.recovery.RecoveryOptions;
import io.vertx.core.http.HttpServerOptions;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings of a {@link SocketIoServer}; fluent mutable bean with socket.io's defaults.
 * {@code corsOrigins}: empty (default) = no CORS headers (same-origin only); {@code "*"} = any origin
 * (reflected, with credentials); otherwise the listed origins only.
 */
public final class SocketIoOptions {
  private final EngineIoOptions engine = new EngineIoOptions().setPath("/socket.io/");
  private long connectTimeout = 45_000;
  private int maxConnectPacket = 8192;
  private Function<NamespaceRef, Adapter> adapterFactory = InMemoryAdapter::new;
  private RecoveryOptions recovery;

  public String getPath() { return engine.getPath(); }
  public SocketIoOptions setPath(String path) { engine.setPath(path); return this; }
  public long getPingInterval() { return engine.getPingInterval(); }
  public SocketIoOptions setPingInterval(long ms) { engine.setPingInterval(ms); return this; }
  public long getPingTimeout() { return engine.getPingTimeout(); }
  public SocketIoOptions setPingTimeout(long ms) { engine.setPingTimeout(ms); return this; }
  public int getMaxPayload() { return engine.getMaxPayload(); }
  public SocketIoOptions setMaxPayload(int bytes) { engine.setMaxPayload(bytes); return this; }
  public long getUpgradeTimeout() { return engine.getUpgradeTimeout(); }
  public SocketIoOptions setUpgradeTimeout(long ms) { engine.setUpgradeTimeout(ms); return this; }
  public List<String> getCorsOrigins() { return engine.getCorsOrigins(); }
  public SocketIoOptions setCorsOrigins(List<String> origins) { engine.setCorsOrigins(origins); return this; }
  public long getCoalesceWindow() { return engine.getCoalesceWindow(); }
  /** See {@link EngineIoOptions#setCoalesceWindow}. */
  public SocketIoOptions setCoalesceWindow(long ms) { engine.setCoalesceWindow(ms); return this; }
  public int getMaxSendQueue() { return engine.getMaxSendQueue(); }
  /** Max Engine.IO frames buffered per connection before it is closed (see {@link EngineIoOptions}). */
  public SocketIoOptions setMaxSendQueue(int packets) { engine.setMaxSendQueue(packets); return this; }
  public int getMaxSendQueueBytes() { return engine.getMaxSendQueueBytes(); }
  /** Max bytes buffered per connection before it is closed (see {@link EngineIoOptions}). */
  public SocketIoOptions setMaxSendQueueBytes(int bytes) { engine.setMaxSendQueueBytes(bytes); return this; }
  public int getMaxSessionsPerAddress() { return engine.getMaxSessionsPerAddress(); }
  /** Max open connections per client address, 0 for no cap (see {@link EngineIoOptions}). */
  public SocketIoOptions setMaxSessionsPerAddress(int sessions) { engine.setMaxSessionsPerAddress(sessions); return this; }
  /** Who a handshake comes from, for {@code maxSessionsPerAddress} (see {@link EngineIoOptions}). */
  public SocketIoOptions setClientAddress(java.util.function.Function<io.vertx.core.http.HttpServerRequest, String> f) {
    engine.setClientAddress(f);
    return this;
  }
  public Set<String> getSessionCapExemptAddresses() { return engine.getSessionCapExemptAddresses(); }
  /** Addresses (e.g. reverse proxies) exempt from {@code maxSessionsPerAddress}. */
  public SocketIoOptions setSessionCapExemptAddresses(Collection<String> addresses) {
    engine.setSessionCapExemptAddresses(addresses);
    return this;
  }
  /** See {@link EngineIoOptions#setUpgradeListener}. */
  public SocketIoOptions setUpgradeListener(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> listener) {
    engine.setUpgradeListener(listener);
    return this;
  }
  public boolean isAllowUpgrades() { return engine.isAllowUpgrades(); }
  public SocketIoOptions setAllowUpgrades(boolean allow) { engine.setAllowUpgrades(allow); return this; }
  public long getConnectTimeout() { return connectTimeout; }
  /** Time a new connection has to join a namespace before it is closed. */
  public SocketIoOptions setConnectTimeout(long ms) {
    if (ms <= 0) throw new IllegalArgumentException("must be > 0");
    this.connectTimeout = ms;
    return this;
  }
  public int getMaxConnectPacket() { return maxConnectPacket; }
  /**
   * Largest CONNECT packet (namespace and {@code auth} payload, in characters) accepted; a larger one
   * is answered with a CONNECT_ERROR and the connection is closed. The auth payload is what an
   * anonymous client controls before any middleware ran, so it is kept small.
   */
  public SocketIoOptions setMaxConnectPacket(int chars) {
    if (chars <= 0) throw new IllegalArgumentException("must be > 0");
    this.maxConnectPacket = chars;
    return this;
  }
  public Function<NamespaceRef, Adapter> getAdapterFactory() { return adapterFactory; }
  /** Creates the adapter of each namespace; default {@link InMemoryAdapter}. */
  public SocketIoOptions setAdapterFactory(Function<NamespaceRef, Adapter> factory) {
    this.adapterFactory = Objects.requireNonNull(factory);
    return this;
  }

  public RecoveryOptions getConnectionStateRecovery() { return recovery; }
  /** Turns on connection state recovery (null: off, the default). */
  public SocketIoOptions setConnectionStateRecovery(RecoveryOptions recovery) {
    this.recovery = recovery;
    return this;
  }

  /**
   * Raises the WebSocket frame/message limits of the HTTP server to {@code maxPayload}: Vert.x's
   * defaults (64 KiB frames) would otherwise drop clients sending larger unfragmented messages.
   * Per-message deflate costs ~2.4 KB of heap per idle connection; disable it with
   * {@code setPerMessageWebSocketCompressionSupported(false)} if memory matters more than bandwidth.
   */
  public HttpServerOptions tune(HttpServerOptions http) {
    int max = engine.getMaxPayload();
    if (http.getMaxWebSocketFrameSize() < max) http.setMaxWebSocketFrameSize(max);
    if (http.getMaxWebSocketMessageSize() < max) http.setMaxWebSocketMessageSize(max);
    return http;
  }

  /** A copy of the Engine.IO part. */
  public EngineIoOptions toEngineOptions() {
    return new EngineIoOptions(engine);
  }
}
