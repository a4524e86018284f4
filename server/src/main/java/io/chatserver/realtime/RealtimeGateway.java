package io.chatserver.realtime;

import io.chatserver.edge.Drain;
import io.chatserver.edge.Refusal;
import io.chatserver.events.ChatEvents;
import io.chatserver.metrics.Metrics;
import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.SocketIoOptions;
import io.chatserver.socketio.SocketIoServer;
import io.chatserver.socketio.adapter.InMemoryAdapter;
import io.chatserver.socketio.redis.RedisAdapterFactory;
import io.chatserver.socketio.redis.RedisAdapterOptions;
import io.chatserver.socketio.recovery.RecoveryOptions;
import io.chatserver.socketio.redis.RedisPubSub;
import io.chatserver.socketio.redis.RedisSessionStore;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import io.vertx.core.Future;
import io.vertx.core.Handler;
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
  private final Namespace chat;
  private final Presence presence;
  private final NodeRoster roster;
  private final RedisNodeRoster redisRoster;
  private final RedisPubSub redis;
  private final RealtimeSettings settings;
  private final Vertx vertx;
  private final Drain drain;
  private final TypingThrottle typingThrottle = new TypingThrottle();
  private long typingEviction = -1;
  private final Metrics metrics;

  private RealtimeGateway(Vertx vertx, RealtimeSettings settings, SocketIoOptions options, SocketIoServer io,
      RedisPubSub redis, RedisNodeRoster redisRoster, Drain drain, Metrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.options = options;
    this.io = io;
    this.chat = io.of("/");
    this.redis = redis;
    this.redisRoster = redisRoster;
    this.roster = redisRoster == null ? NodeRoster.NONE : redisRoster;
    this.presence = new Presence(vertx, chat, roster, settings.recoveryWindowMs());
    this.drain = drain;
    this.metrics = metrics;
    if (redis != null) {
      metrics.redisLink(redis::connected);
    }
  }

  /**
   * The Socket.IO server and its namespace, not yet serving: {@link #pushes} can be handed to the
   * services before {@link #serve} hands the services to the sockets. {@code drain}: counts the client
   * events in flight; once the node shuts down, new events and new sessions are refused, while the
   * sessions in place still send and fetch (a poll brings the answers). {@code upgraded}: told of every
   * request that became a WebSocket (see {@link SocketIoOptions#setUpgradeListener}).
   */
  public static RealtimeGateway create(Vertx vertx, RealtimeSettings settings, Drain drain, Metrics metrics,
      Handler<HttpServerRequest> upgraded) {
    SocketIoOptions options = new SocketIoOptions().setCorsOrigins(settings.corsOrigins())
        .setMaxSessionsPerAddress(settings.maxSessionsPerAddress())
        // Behind a trusted proxy the cap counts per client it forwards for, as the auth limits do.
        .setClientAddress(settings.clientAddress())
        .setUpgradeListener(upgraded);
    RedisPubSub redis = null;
    RedisNodeRoster redisRoster = null;
    // Decision 34: alone, sessions and missed packets stay in this node's memory; in a cluster, in Redis.
    RecoveryOptions recovery = settings.recoveryWindowMs() > 0
        ? RecoveryOptions.of(Duration.ofMillis(settings.recoveryWindowMs())) : null;
    if (settings.clustered()) {
      RedisAdapterOptions adapterOptions =
          RedisAdapterOptions.of(settings.redisUrl(), settings.redisPrefix() + ":sio");
      redis = new RedisPubSub(vertx, adapterOptions);
      options.setAdapterFactory(new RedisAdapterFactory(redis, adapterOptions));
      if (settings.recoveryWindowMs() > 0) {
        recovery = recovery.withStore(new RedisSessionStore(vertx, redis, settings.redisPrefix() + ":sio",
            settings.recoveryWindowMs()));
      }
      redisRoster = new RedisNodeRoster(vertx, RedisAPI.api(redis.client()), settings.redisPrefix(),
          settings.nodeId(), settings.nodeTtlMillis());
    }
    options.setConnectionStateRecovery(recovery);
    return new RealtimeGateway(vertx, settings, options, SocketIoServer.create(vertx, options), redis,
        redisRoster, drain, metrics);
  }

  /**
   * The listener that turns every committed change, made over REST or a socket, into pushes to rooms;
   * a failure in it is logged, never answered to the request that made the change.
   */
  public ChatEvents pushes() {
    return ChatEvents.guarded(new SocketPushes(vertx, chat, metrics));
  }

  /**
   * Starts serving: token authentication and the per-user cap on connect, the chat events on every
   * socket, and in a cluster the link to Redis and this node's presence roster.
   */
  public Future<RealtimeGateway> serve(SocketServices services) {
    chat.sequenceSource(new ChangeReadBack(chat.name(), services.messages()));
    chat.use(new SocketAuthenticator(services.auth()));
    if (settings.maxSocketsPerUser() > 0) {
      chat.use(new SocketsPerUser(vertx, chat, settings.maxSocketsPerUser(), settings.clustered()));
    }
    Typing typing = new Typing(chat, services.chats(), typingThrottle);
    typingEviction = vertx.setPeriodic(TypingThrottle.IDLE_MS, id -> typingThrottle.evictIdle());
    chat.onConnection(socket -> new ChatSocket(socket, services, presence,
        new EventLimiter(settings.eventsPerSecond(), settings.eventBurst(), MAX_EVENTS_IN_FLIGHT), drain, typing,
        metrics)
        .start());
    // The public room's pushes start after what is stored now (a private chat's start with its next push).
    Future<Void> seeded = services.messages().latestPublicSeq().map(latest -> {
      if (chat.adapter() instanceof InMemoryAdapter adapter) adapter.sequencer().seed(Rooms.series(null), latest);
      return null;
    });
    if (redis == null) {
      return seeded.map(this);
    }
    redis.onLink(new OutageCatchUp(chat, services.messages())::linkChanged);
    return seeded.compose(s -> redis.start()).map(v -> {
      redisRoster.start(presence);
      log.info("Cluster mode: node {} on Redis {}", settings.nodeId(), withoutCredentials(settings.redisUrl()));
      return this;
    });
  }

  /**
   * In a cluster, a Redis channel between the nodes for {@code name}: {@code publisher} is given how to
   * publish on it, {@code onMessage} gets the other nodes' messages (and this node's own), {@code onLink}
   * each loss ({@code false}) and re-establishment ({@code true}, after resubscribing) of the link. Call
   * before {@link #serve}. False when not in cluster mode (nothing registered).
   */
  public boolean shareBetweenNodes(String name, Consumer<Function<String, Future<Void>>> publisher,
      Handler<String> onMessage, Handler<Boolean> onLink) {
    if (redis == null) {
      return false;
    }
    String channel = settings.redisPrefix() + ":" + name;
    RedisPubSub link = redis;
    redis.subscribe(channel, onMessage);
    redis.onLink(onLink);
    publisher.accept(message -> link.publish(channel, message)
        .onFailure(e -> log.warn("Publishing on {} failed: {}", channel, e.getMessage())));
    return true;
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
      Refusal.answerAndClose(request, 503, "Server is shutting down");
      return;
    }
    io.handle(request);
  }

  /**
   * Disconnects every socket (so clients see a clean close and reconnect elsewhere), then leaves the
   * cluster. On shutdown, call it once the {@link Drain} has let the events in flight answer.
   */
  public Future<Void> close() {
    vertx.cancelTimer(typingEviction);
    return io.close()
        .eventually(roster::close)
        .eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }

  /** {@code redis://user:password@host:6379/0} as {@code redis://host:6379/0}: the log never holds a password. */
  static String withoutCredentials(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + url.substring(at + 1) : url;
  }
}
