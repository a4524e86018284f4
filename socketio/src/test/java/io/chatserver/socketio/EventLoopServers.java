package io.chatserver.socketio;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;

/** One Socket.IO server behind several HTTP server instances, each on an event loop of its own. */
public final class EventLoopServers {

  private EventLoopServers() {}

  /** Deploys {@code instances} HTTP servers sharing a free port, all handing Socket.IO requests to {@code io}. */
  public static int listen(Vertx vertx, SocketIoServer io, int instances) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(req -> {
          if (io.handles(req)) io.handle(req);
          else req.response().setStatusCode(404).end();
        }).listen(port);
      }
    }, new DeploymentOptions().setInstances(instances)).await();
    return port;
  }
}
