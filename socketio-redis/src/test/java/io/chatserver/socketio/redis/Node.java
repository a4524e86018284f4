package io.chatserver.socketio.redis;

import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.SocketIoOptions;
import io.chatserver.socketio.SocketIoServer;
import io.chatserver.socketio.recovery.RecoveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** One node of a test cluster: its own Vert.x, Socket.IO server, port and Redis link. */
final class Node implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final RedisPubSub redis;
  final SocketIoServer io;
  final Namespace main;
  final int port;
  private final HttpServer http;

  Node(String redisUrl, String prefix) {
    this(redisUrl, prefix, false);
  }

  /** {@code recovery}: connection state recovery on, with the cluster's session store in Redis. */
  Node(String redisUrl, String prefix, boolean recovery) {
    RedisAdapterOptions options = new RedisAdapterOptions(redisUrl, prefix, java.time.Duration.ofSeconds(1),
        java.time.Duration.ofMillis(500));
    redis = new RedisPubSub(vertx, options);
    redis.start().await();
    SocketIoOptions socketIo = new SocketIoOptions().setAdapterFactory(new RedisAdapterFactory(redis, options));
    if (recovery) {
      socketIo.setConnectionStateRecovery(RecoveryOptions.of(java.time.Duration.ofMinutes(2))
          .withStore(new RedisSessionStore(vertx, redis, prefix, 120_000)));
    }
    io = SocketIoServer.create(vertx, socketIo);
    main = io.of("/");
    main.onConnection(socket -> {
      socket.data().put("name", socket.handshake().auth().getString("name"));
      socket.on("join", (args, ack) -> {
        socket.join(args.getString(0));
        if (ack != null) {
          ack.send("joined");
        }
      });
      socket.on("say", (args, ack) -> main.to(args.getString(0)).emit("said", args.getString(1)));
    });
    http = vertx.createHttpServer().requestHandler(io::handle);
    port = http.listen(0).await().actualPort();
  }

  @Override
  public void close() {
    io.close().await();
    redis.close().await();
    vertx.close().await();
  }
}
