package io.chatserver;

import io.chatserver.apidocs.ApiDocsRoutes;
import io.chatserver.auth.AuthRoutes;
import io.chatserver.auth.AuthService;
import io.chatserver.auth.Authn;
import io.chatserver.auth.JwtSecret;
import io.chatserver.auth.PasswordChecks;
import io.chatserver.auth.PasswordHasher;
import io.chatserver.auth.RevocationCache;
import io.chatserver.auth.RevocationStore;
import io.chatserver.auth.TokenService;
import io.chatserver.chats.PrivateChatService;
import io.chatserver.chats.PrivateChatStore;
import io.chatserver.db.DataDir;
import io.chatserver.db.Database;
import io.chatserver.edge.Drain;
import io.chatserver.events.ChatEvents;
import io.chatserver.files.FileRoutes;
import io.chatserver.files.FileService;
import io.chatserver.files.FileStore;
import io.chatserver.http.ClientAddress;
import io.chatserver.http.ConnectionGuard;
import io.chatserver.http.ErrorHandler;
import io.chatserver.http.HealthRoutes;
import io.chatserver.http.HttpVersionCheck;
import io.chatserver.http.IpRanges;
import io.chatserver.http.JsonBodies;
import io.chatserver.http.RateLimiter;
import io.chatserver.http.RequestLog;
import io.chatserver.http.RequestTarget;
import io.chatserver.messages.MessageRoutes;
import io.chatserver.messages.MessageService;
import io.chatserver.messages.MessageUpdateRoutes;
import io.chatserver.messages.MessageUpdateService;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.NewestPublicPages;
import io.chatserver.messages.RecentPublicChanges;
import io.chatserver.metrics.Metrics;
import io.chatserver.realtime.RealtimeGateway;
import io.chatserver.realtime.RealtimeSettings;
import io.chatserver.reads.ReadRoutes;
import io.chatserver.reads.ReadService;
import io.chatserver.reads.ReadStore;
import io.chatserver.realtime.SocketServices;
import io.chatserver.search.SearchRoutes;
import io.chatserver.search.SearchService;
import io.chatserver.users.UserRoutes;
import io.chatserver.users.UserService;
import io.chatserver.users.UserStore;
import io.chatserver.web.WebClientRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wiring place: builds the database, services, router and HTTP server from a {@link Config}.
 * {@link Main} and the tests both start the service through {@link #start}, so tests run production.
 */
public final class ChatServer {

  private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

  /** The domain services behind the REST routes. */
  record Services(AuthService auth, UserService users, MessageService messages,
      MessageUpdateService messageUpdates, PrivateChatService chats, FileService files, ReadService reads,
      NewestPublicPages newestPages, RecentPublicChanges recentChanges) {}

  private final Vertx vertx;
  private final Database db;
  private final PasswordHasher hasher;
  private final RealtimeGateway realtime;
  private final HttpServer server;
  private final Drain drain;
  private final Router router;
  private final Housekeeping housekeeping;
  private final long shutdownTimeoutMs;
  private final Metrics metrics;
  /** Where GET /metrics listens; 0 when METRICS_PORT is unset. */
  private final int metricsPort;

  private ChatServer(Vertx vertx, Database db, PasswordHasher hasher, RealtimeGateway realtime,
      HttpServer server, Drain drain, Router router, Housekeeping housekeeping, long shutdownTimeoutMs,
      Metrics metrics, int metricsPort) {
    this.vertx = vertx;
    this.db = db;
    this.hasher = hasher;
    this.realtime = realtime;
    this.server = server;
    this.drain = drain;
    this.router = router;
    this.housekeeping = housekeeping;
    this.shutdownTimeoutMs = shutdownTimeoutMs;
    this.metrics = metrics;
    this.metricsPort = metricsPort;
  }

  public static Future<ChatServer> start(Vertx vertx, Config config) {
    return start(vertx, config, null);
  }

  /**
   * {@code alsoTell}: a listener told of every committed change after the socket pushes (null: none);
   * tests observe the events with it.
   */
  public static Future<ChatServer> start(Vertx vertx, Config config, ChatEvents alsoTell) {
    Metrics metrics = config.metricsOn() ? Metrics.prometheus(config.metricsPort()) : Metrics.OFF;
    // Secret, migrations and the dummy hash all block: do them on a worker, not the event loop.
    return vertx.executeBlocking(() -> {
          String url = config.databaseUrl();
          if (config.embeddedDatabase()) {
            // owner-only before the secret or the database lands in it
            url = "jdbc:sqlite:" + DataDir.secure(config.dataDir()).toAbsolutePath();
          }
          byte[] secret = JwtSecret.resolve(config.jwtSecret(), !config.embeddedDatabase(), config.dataDir());
          return new Blocking(secret,
              Database.open(vertx, url, config.dbPoolSize(), config.dbWriteStallMs(), metrics),
              new PasswordHasher(vertx, config.hashThreads(), config.hashQueueLimit()), new ApiDocsRoutes(), metrics);
        }, false)
        .compose(blocking -> wire(vertx, config, blocking, alsoTell))
        .onFailure(e -> metrics.close());
  }

  private record Blocking(byte[] secret, Database db, PasswordHasher hasher, ApiDocsRoutes apiDocs, Metrics metrics) {}

  /**
   * Builds the whole graph, one way: the Socket.IO namespace first, its pushes into the services, the
   * services into the REST routes and the sockets; then listens.
   */
  private static Future<ChatServer> wire(Vertx vertx, Config config, Blocking b, ChatEvents alsoTell) {
    Clock clock = Clock.systemUTC();
    Drain drain = new Drain();
    ConnectionGuard guard = new ConnectionGuard(vertx, config.httpIdleTimeoutMs(), config.httpHeaderTimeoutMs(),
        config.httpBodyTimeoutMs(), config.maxConnectionsPerAddress(),
        IpRanges.parse("TRUSTED_PROXIES", config.trustedProxies()));
    RealtimeGateway realtime = RealtimeGateway.create(vertx, realtimeSettings(config), drain, b.metrics(),
        guard::onUpgraded);
    // REST and sockets are one system: every committed change, whoever made it, is pushed to the rooms.
    // C111, C120: a node alone on its embedded database keeps the public room's newest pages and recent
    // changes in memory, told of every change before the pushes. Not when the database may be shared (a
    // DATABASE_URL, with or without Redis): another node's changes do not pass through this node's events.
    boolean databaseAlone = config.embeddedDatabase() && !config.clustered();
    NewestPublicPages newestPages = databaseAlone ? new NewestPublicPages() : NewestPublicPages.OFF;
    RecentPublicChanges recentChanges = databaseAlone ? new RecentPublicChanges() : RecentPublicChanges.OFF;
    ChatEvents pushes = databaseAlone ? newestPages.andThen(recentChanges).andThen(realtime.pushes())
        : realtime.pushes();
    ChatEvents events = alsoTell == null ? pushes : pushes.andThen(alsoTell);
    UserStore userStore = new UserStore();
    MessageStore messageStore = new MessageStore();
    TokenService tokens = new TokenService(b.secret(), config.tokenTtlSeconds(), clock);
    // Failed password checks per (account, client address) and per account; requests per address.
    RateLimiter perAccountAndAddress =
        new RateLimiter(config.authRateLimitPerMinute(), config.authRateLimitBurst());
    RateLimiter perAccount =
        new RateLimiter(config.authAccountRateLimitPerMinute(), config.authAccountRateLimitBurst());
    RateLimiter perAddress =
        new RateLimiter(config.authAddressRateLimitPerMinute(), config.authAddressRateLimitBurst());
    PasswordChecks passwords = new PasswordChecks(b.hasher(), perAccountAndAddress, perAccount);
    ReadStore readStore = new ReadStore();
    RevocationCache revocations = new RevocationCache();
    AuthService auth = new AuthService(b.db(), userStore, readStore, new RevocationStore(), revocations, tokens,
        b.hasher(), passwords, events, clock);
    // C110: alone, the cache is loaded before serving; in a cluster, each time the link to Redis is up.
    boolean clustered = realtime.shareBetweenNodes("auth", revocations::spreadWith, auth::clusterMessage,
        auth::clusterLinkChanged);
    Future<Void> revocationsReady = clustered ? Future.succeededFuture() : auth.loadRevocations();
    PrivateChatStore chatStore = new PrivateChatStore();
    PrivateChatService chats = new PrivateChatService(b.db(), chatStore, userStore, clock);
    Services services = new Services(
        auth,
        new UserService(b.db(), userStore, b.hasher(), passwords, tokens, revocations, events, messageStore, clock),
        new MessageService(b.db(), messageStore, readStore, chats, events, clock),
        new MessageUpdateService(b.db(), messageStore, events, clock),
        chats,
        new FileService(b.db(), new FileStore(), messageStore, chats, clock),
        new ReadService(b.db(), readStore, messageStore, chatStore, chats, events),
        newestPages, recentChanges);

    // The metrics port first: a node whose metrics cannot listen does not start serving.
    return revocationsReady.compose(v -> b.metrics().serve(vertx))
        .compose(metricsPort -> realtime.serve(new SocketServices(auth, services.messages(), chats, services.reads()))
            .map(metricsPort))
        .compose(metricsPort -> listen(vertx, config, b, metricsPort,
                router(vertx, config, services, b, perAddress, realtime, guard, drain), realtime, guard, drain)
            .onFailure(e -> realtime.close()))
        .map(s -> {
          s.housekeeping
              .every(3_600_000, () -> auth.purgeExpiredRevocations()
                  .onFailure(e -> log.warn("Purging expired revocations failed", e)))
              .every(AuthService.CLUSTER_REFRESH_MS, () -> {
                if (clustered) {
                  auth.refreshRevocations().onFailure(e -> log.warn("Refreshing revoked tokens failed", e));
                }
              })
              .every(60_000, () -> {
                perAccountAndAddress.evictIdle();
                perAccount.evictIdle();
                perAddress.evictIdle();
              });
          log.info("Chat server listening on port {} ({} database{})", s.port(),
              config.embeddedDatabase() ? "embedded SQLite" : "external",
              config.clustered() ? ", cluster node " + config.nodeId() : "");
          if (s.metricsPort > 0) {
            log.info("Prometheus metrics at GET /metrics on port {}", s.metricsPort);
          }
          return s;
        })
        .onFailure(e -> {
          b.db().close();
          b.hasher().close();
        });
  }

  private static RealtimeSettings realtimeSettings(Config config) {
    return new RealtimeSettings(config.corsOrigins(), config.maxSessionsPerAddress(),
        new ClientAddress(config.trustedProxies())::resolve, config.redisUrl(), config.redisPrefix(),
        config.nodeId(), config.nodeTtlMillis(), config.maxSocketsPerUser(), config.socketEventsPerSecond(),
        config.socketEventBurst(), config.recoveryWindowMs());
  }

  /**
   * One port: Socket.IO takes its own path (but for the client bundles), the router everything else. The guard admits
   * connections and puts request heads and bodies on the clock; requests the HTTP decoder refused get
   * a JSON error too.
   */
  private static Future<ChatServer> listen(Vertx vertx, Config config, Blocking b, int metricsPort, Router router, RealtimeGateway realtime, ConnectionGuard guard, Drain drain) {
    HttpServerOptions options = guard.tune(realtime.tune(new HttpServerOptions().setPort(config.port())));
    HttpServer server = vertx.createHttpServer(options)
        .connectionHandler(conn -> {
          HttpVersionCheck.install(conn);
          guard.onConnection(conn);
        })
        .invalidRequestHandler(ErrorHandler::invalidRequest)
        .requestHandler(req -> {
          guard.onRequest(req);
          // The client bundles under /socket.io/ are files for the router, as the Node server serves them.
          if (!WebClientRoutes.servesClientBundle(req.path()) && realtime.handles(req)) {
            req.response().endHandler(v -> guard.onAnswered(req));
            realtime.handle(req);
          } else {
            router.handle(req); // its first handler reports the answer to the guard
          }
        });
    return server.listen()
        .map(s -> new ChatServer(vertx, b.db(), b.hasher(), realtime, s, drain, router, new Housekeeping(vertx),
            config.shutdownTimeoutMs(), b.metrics(), metricsPort));
  }

  /**
   * The REST pipeline, in order: metrics (times every answer), connection guard, log, drain (counts the request in flight), request
   * target check, client address, CORS, body (JSON only, limit), routes, then one error mapper for
   * everything.
   */
  static Router router(Vertx vertx, Config config, Services s, Blocking b, RateLimiter limiter,
      RealtimeGateway realtime, ConnectionGuard guard, Drain drain) {
    Router router = Router.router(vertx);
    router.route().handler(b.metrics().http(router));
    router.route().handler(guard::watchAnswer);
    router.route().handler(RequestLog::handle);
    router.route().handler(drain::handle);
    router.route().handler(RequestTarget::refuseFragment);
    router.route().handler(new ClientAddress(config.trustedProxies()));
    if (!config.corsOrigins().isEmpty()) {
      router.route().handler(cors(config));
    }
    router.route("/api/*").handler(new JsonBodies(config.maxBodyBytes()));

    Authn authn = new Authn(s.auth());
    new HealthRoutes(b.db(), realtime.redisCheck(), config.healthTimeoutMs()).register(router);
    new AuthRoutes(s.auth(), authn, limiter).register(router);
    new UserRoutes(s.users(), authn).register(router);
    new MessageRoutes(s.messages(), authn, b.metrics(), s.newestPages(), s.recentChanges())
        .register(router);
    new MessageUpdateRoutes(s.messageUpdates(), authn).register(router);
    new FileRoutes(s.files(), authn).register(router);
    new ReadRoutes(s.reads(), authn).register(router);
    WebClientRoutes.register(router);
    new SearchRoutes(new SearchService(b.db()), authn).register(router);
    b.apiDocs().register(router);

    router.route().failureHandler(ErrorHandler::handle);
    router.errorHandler(404, ErrorHandler::handle); // no route matched the path
    router.errorHandler(405, ErrorHandler::handle); // a route matched the path, not the method
    router.errorHandler(400, ErrorHandler::malformedTarget); // decoding the path or query failed
    router.errorHandler(500, ErrorHandler::handle);
    return router;
  }

  private static CorsHandler cors(Config config) {
    CorsHandler cors = CorsHandler.create();
    if (!config.corsOrigins().contains("*")) {
      cors.addOrigins(config.corsOrigins());
    }
    return cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE,
            HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Authorization", "Content-Type"));
  }

  public int port() {
    return server.actualPort();
  }

  /** The REST router, for tests that compare it with the API reference. */
  Router router() {
    return router;
  }

  /** The port of GET /metrics; 0 when METRICS_PORT is unset (nothing listens). */
  public int metricsPort() {
    return metricsPort;
  }

  public Database database() {
    return db;
  }

  /**
   * Graceful shutdown, within the shutdown timeout: refuses new requests (503) and socket events, lets
   * those in flight finish and answer after their commit, then disconnects the sockets so that clients
   * reconnect elsewhere, stops accepting connections and closes them, and finally releases the worker
   * pools and the connection pool. Connections stay open during the drain, so that a long-polling client
   * can still fetch the answer to its event.
   */
  public Future<Void> close() {
    housekeeping.close();
    long start = System.nanoTime();
    long drainMs = shutdownTimeoutMs * 6 / 10;
    long goodbyeMs = shutdownTimeoutMs * 2 / 10; // the rest: the pools and Vert.x
    return drain.close(vertx, drainMs)
        .onComplete(v -> log.info("Shutdown: work in flight finished after {} ms; closing sockets and connections",
            (System.nanoTime() - start) / 1_000_000))
        .eventually(realtime::close)
        .eventually(() -> server.shutdown(Duration.ofMillis(goodbyeMs)))
        .eventually(metrics::close)
        .eventually(() -> vertx.executeBlocking(() -> {
          hasher.close();
          db.close();
          return null;
        }))
        .mapEmpty();
  }
}
