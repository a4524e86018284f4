package io.chatserver.socketio;

import io.chatserver.socketio.engine.EngineIoServer;
import io.chatserver.socketio.recovery.InMemorySessionStore;
import io.chatserver.socketio.recovery.RecoveryOptions;
import io.chatserver.socketio.recovery.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Socket.IO v5 server on top of {@link EngineIoServer}. Plug it into a Vert.x HttpServer:
 * {@code requestHandler(req -> { if (sio.handles(req)) sio.handle(req); else router.handle(req); })}.
 * Only namespaces created with {@link #of(String)} accept connections.
 */
public final class SocketIoServer {
  /** Packets kept at most by the default in-memory session store, whatever the window. */
  static final int MAX_KEPT_PACKETS = 100_000;

  final Vertx vertx;
  final SocketIoOptions options;
  /** Connection state recovery's store; null when recovery is off. */
  final SessionStore sessions;
  private final EngineIoServer engine;
  private final ConcurrentHashMap<String, Namespace> namespaces = new ConcurrentHashMap<>();

  private SocketIoServer(Vertx vertx, SocketIoOptions options) {
    this.vertx = vertx;
    this.options = options;
    RecoveryOptions recovery = options.getConnectionStateRecovery();
    this.sessions = recovery == null ? null : recovery.store() != null ? recovery.store()
        : InMemorySessionStore.started(vertx, recovery.window().toMillis(), MAX_KEPT_PACKETS);
    this.engine = EngineIoServer.create(vertx, options.toEngineOptions());
    engine.onConnection(conn -> new Client(this, conn));
    of("/");
  }

  public static SocketIoServer create(Vertx vertx, SocketIoOptions options) {
    return new SocketIoServer(vertx, options);
  }

  public boolean handles(HttpServerRequest req) {
    return engine.handles(req);
  }

  public void handle(HttpServerRequest req) {
    engine.handle(req);
  }

  /** Gets or creates a namespace ("/" is the default one; a missing leading slash is added). */
  public Namespace of(String name) {
    String n = name.startsWith("/") ? name : "/" + name;
    return namespaces.computeIfAbsent(n, k -> {
      Namespace ns = new Namespace(this, k);
      ns.adapter().init();
      return ns;
    });
  }

  Namespace namespace(String name) {
    return namespaces.get(name);
  }

  /** The underlying Engine.IO server. */
  public EngineIoServer engine() {
    return engine;
  }

  /** Closes every connection (sockets see "server shutting down"), then the adapters. */
  public Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    for (Namespace ns : namespaces.values()) {
      for (Socket s : ns.localSockets()) s.client.exec(() -> s.client.closeWith("server shutting down"));
    }
    return engine.close().compose(v -> {
      for (Namespace ns : namespaces.values()) all.add(ns.adapter().close());
      if (sessions != null) all.add(sessions.close());
      return Future.all(all).mapEmpty();
    });
  }
}
