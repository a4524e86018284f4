package io.chatserver.socketio.engine;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Engine.IO v4 server (HTTP long-polling + WebSocket) plugged into a Vert.x {@code HttpServer}:
 * {@code httpServer.requestHandler(req -> engine.handles(req) ? engine.handle(req) : other.handle(req))}.
 */
public interface EngineIoServer {

  static EngineIoServer create(Vertx vertx, EngineIoOptions options) {
    return new EngineIoServerImpl(vertx, options);
  }

  /**
   * True when the request path is this server's path or below it (requests below it are refused with
   * 400, never left to the other routes).
   */
  boolean handles(HttpServerRequest req);

  /** Serves a polling request or a WebSocket upgrade request. */
  void handle(HttpServerRequest req);

  /** Called (on the connection's event loop) for every new session. */
  EngineIoServer onConnection(Handler<EngineSocket> handler);

  /** Number of open sessions. */
  int sessionCount();

  /** Closes every session. */
  Future<Void> close();
}
