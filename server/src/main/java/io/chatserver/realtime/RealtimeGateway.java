package io.chatserver.realtime;

import io.chatserver.ChatServer.Services;
import io.chatserver.Config;
import io.chatserver.http.ClientAddress;
import io.chatserver.http.Drain;
import io.chatserver.http.ErrorHandler;
import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.SocketIoOptions;
import io.chatserver.socketio.SocketIoServer;
import io.chatserver.socketio.redis.RedisAdapterFactory;
import io.chatserver.socketio.redis.RedisAdapterOptions;
import io.chatserver.socketio.redis.RedisPubSub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time half of the service: Socket.IO at {@code /socket.io/} on the REST server's port, with
 * token authentication, the chat events, and the pushes of every committed change. With REDIS_URL the
 * adapter and presence span every node on that Redis; the event handlers do not know the difference.
 */
public final class RealtimeGateway {

  private static final Logger log = LoggerFactory.getLogger(RealtimeGateway.class);

  /** Client events of one socket that may wait on the database at once. */
  private static final int MAX_EVENTS_IN_FLIGHT = 16;

  private final SocketIoOptions options;
  private final SocketIoServer io;
  private final NodeRoster roster;
  private final RedisPubSub redis;
  private final Drain drain;

  private RealtimeGateway(SocketIoOptions options, SocketIoServer io, NodeRoster roster, RedisPubSub redis,
      Drain drain) {
    this.options = options;
    this.io = io;
    this.roster = roster;
    this.redis = redis;
    this.drain = drain;
  }

  /**
   * {@code drain}: counts the client events in flight; once the node shuts down, new events and new
   * sessions are refused, while the sessions in place still send and fetch (a poll brings the answers).
   */
  public static Future<RealtimeGateway> start(Vertx vertx, Config config, Services services, Drain drain) {
    SocketIoOptions options = new SocketIoOptions().setCorsOrigins(config.corsOrigins())
        .setMaxSessionsPerAddress(config.maxSessionsPerAddress())
        // Behind a trusted proxy the cap counts per client it forwards for, as the auth limits do.
        .setClientAddress(new ClientAddress(config.trustedProxies())::resolve);
    RedisPubSub redis = null;
    if (config.clustered()) {
      RedisAdapterOptions adapterOptions = RedisAdapterOptions.of(config.redisUrl(), config.redisPrefix() + ":sio");
      redis = new RedisPubSub(vertx, adapterOptions);
      options.setAdapterFactory(new RedisAdapterFactory(redis, adapterOptions));
    }
    SocketIoServer io = SocketIoServer.create(vertx, options);
    Namespace chat = io.of("/");
    NodeRoster roster = NodeRoster.NONE;
    RedisNodeRoster redisRoster = null;
    if (redis != null) {
      redisRoster = new RedisNodeRoster(vertx, RedisAPI.api(redis.client()), config.redisPrefix(),
          config.nodeId(), config.nodeTtlMillis());
      roster = redisRoster;
    }
    Presence presence = new Presence(chat, roster);
    chat.use(new SocketAuthenticator(services.auth()));
    if (config.maxSocketsPerUser() > 0) {
      chat.use(new SocketsPerUser(vertx, chat, config.maxSocketsPerUser(), config.clustered()));
    }
    chat.onConnection(socket -> new ChatSocket(socket, services, presence,
        new EventLimiter(config.socketEventsPerSecond(), config.socketEventBurst(), MAX_EVENTS_IN_FLIGHT), drain)
        .start());
    services.events().delegateTo(new SocketPushes(vertx, chat));
    RealtimeGateway gateway = new RealtimeGateway(options, io, roster, redis, drain);
    if (redis == null) {
      return Future.succeededFuture(gateway);
    }
    RedisNodeRoster started = redisRoster;
    return redis.start().map(v -> {
      started.start(presence);
      log.info("Cluster mode: node {} on Redis {}", config.nodeId(), config.redisUrl());
      return gateway;
    });
  }

  /**
   * WebSocket settings of the shared HTTP server: frames up to Socket.IO's maxPayload, no per-message
   * deflate (chat frames are small; deflate would cost CPU and ~2.4 KB per idle socket), and 1 s (not 10)
   * for a client to answer our close frame (the Java client's never does), so that shutdown is not held up.
   */
  public HttpServerOptions tune(HttpServerOptions http) {
    return options.tune(http.setPerMessageWebSocketCompressionSupported(false).setWebSocketClosingTimeout(1));
  }

  /** The health check of this node's link to Redis; null when not in cluster mode. */
  public java.util.function.Supplier<Future<Void>> redisCheck() {
    return redis == null ? null : redis::ping;
  }

  public boolean handles(HttpServerRequest request) {
    return io.handles(request);
  }

  public void handle(HttpServerRequest request) {
    if (drain.closing() && request.getParam("sid") == null) { // a new session, while shutting down
      ErrorHandler.answerAndClose(request, 503, "Server is shutting down");
      return;
    }
    io.handle(request);
  }

  /**
   * Disconnects every socket (so clients see a clean close and reconnect elsewhere), then leaves the
   * cluster. On shutdown, call it once the {@link Drain} has let the events in flight answer.
   */
  public Future<Void> close() {
    return io.close()
        .eventually(roster::close)
        .eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }
}
