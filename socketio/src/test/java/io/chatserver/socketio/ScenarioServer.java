package io.chatserver.socketio;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server used by the real-client tests, plugged the way the chat server does it: a plain
 * requestHandler that sends Socket.IO paths to the SocketIoServer and the rest elsewhere.
 */
final class ScenarioServer implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final SocketIoServer io;
  final HttpServer http;
  final int port;
  final Map<String, Socket> sockets = new ConcurrentHashMap<>();
  final CopyOnWriteArrayList<String> disconnectReasons = new CopyOnWriteArrayList<>();
  final AtomicInteger privateConnections = new AtomicInteger();

  ScenarioServer(SocketIoOptions options) {
    io = SocketIoServer.create(vertx, options);
    Namespace main = io.of("/");
    main.onConnection(socket -> {
      sockets.put(socket.id(), socket);
      socket.data().put("user", socket.handshake().auth().getString("token"));
      socket.onDisconnect(reason -> {
        disconnectReasons.add(reason);
        sockets.remove(socket.id());
      });
      socket.emit("auth", socket.handshake().auth());
      socket.on("echo", (args, ack) -> socket.emit("echo-back", raw(args)));
      socket.on("with-ack", (args, ack) -> ack.send(raw(args)));
      socket.on("ask-me", (args, ack) -> socket.emitWithAck("ask", Duration.ofSeconds(10), args.getValue(0))
          .onSuccess(res -> socket.emit("asked", res.getValue(0))));
      socket.on("binary", (args, ack) -> socket.emit("binary-back", args.getBuffer(0)));
      socket.on("join", (args, ack) -> {
        socket.join(args.getString(0));
        main.to(args.getString(0)).emit("room-msg", "hello " + args.getString(0));
      });
      socket.on("say", (args, ack) -> socket.to(args.getString(0)).emit("said", args.getString(1)));
      socket.on("kick-me", (args, ack) -> socket.disconnect(false));
    });
    Namespace priv = io.of("/private");
    // Async refusal completing on a worker thread, as a database lookup would.
    priv.use((socket, next) -> vertx.executeBlocking(() -> "nobody")
        .onComplete(ar -> next.refuse("Authentication required")));
    priv.onConnection(socket -> {
      privateConnections.incrementAndGet();
      socket.join("secret-room");
    });

    http = vertx.createHttpServer().requestHandler(req -> {
      if (io.handles(req)) {
        io.handle(req);
      } else {
        req.response().setStatusCode(404).end("not socket.io");
      }
    });
    port = http.listen(0).await().actualPort();
  }

  String url() {
    return "http://localhost:" + port;
  }

  private static Object[] raw(JsonArray args) {
    return args.getList().toArray();
  }

  @Override
  public void close() {
    io.close().await();
    vertx.close().await();
  }
}
