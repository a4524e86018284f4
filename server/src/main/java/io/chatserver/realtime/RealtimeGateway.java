package io.chatserver.realtime;

import io.chatserver.ChatServer.Services;
import io.chatserver.Config;
import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.SocketIoOptions;
import io.chatserver.socketio.SocketIoServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * The real-time half of the service: Socket.IO at {@code /socket.io/} on the REST server's port, with
 * token authentication, the chat events, and the pushes of every committed change.
 */
public final class RealtimeGateway {

  /** Client events of one socket that may wait on the database at once. */
  private static final int MAX_EVENTS_IN_FLIGHT = 16;

  private final SocketIoServer io;

  private RealtimeGateway(SocketIoServer io) {
    this.io = io;
  }

  public static RealtimeGateway create(Vertx vertx, Config config, Services services) {
    SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions()
        .setCorsOrigins(config.corsOrigins()));
    Namespace chat = io.of("/");
    Presence presence = new Presence(chat);
    chat.use(new SocketAuthenticator(services.auth()));
    chat.onConnection(socket -> new ChatSocket(socket, services, presence,
        new EventLimiter(config.socketEventsPerSecond(), config.socketEventBurst(), MAX_EVENTS_IN_FLIGHT)).start());
    services.events().delegateTo(new SocketPushes(chat));
    return new RealtimeGateway(io);
  }

  public boolean handles(HttpServerRequest request) {
    return io.handles(request);
  }

  public void handle(HttpServerRequest request) {
    io.handle(request);
  }

  /** Disconnects every socket, so clients see a clean close rather than a dropped connection. */
  public Future<Void> close() {
    return io.close();
  }
}
