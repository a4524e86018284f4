package io.chatserver.socketio.conformance;

import io.chatserver.socketio.SocketIoOptions;
import io.chatserver.socketio.SocketIoServer;
import io.chatserver.socketio.engine.EngineIoOptions;
import io.chatserver.socketio.engine.EngineIoServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixture for the official protocol test suites (socketio/engine.io-protocol and
 * socketio/socket.io-protocol): an echoing Engine.IO server at /engine.io/ and the Socket.IO server
 * described in the socket.io-protocol README at /socket.io/, on one HTTP server.
 */
public final class ConformanceServer {
  private static final Logger log = LoggerFactory.getLogger(ConformanceServer.class);

  private ConformanceServer() {}

  public static Future<HttpServer> start(Vertx vertx, int port) {
    EngineIoServer engine = EngineIoServer.create(vertx, new EngineIoOptions()
        .setPath("/engine.io/").setPingInterval(300).setPingTimeout(200).setMaxPayload(1_000_000)
        .setCorsOrigins(List.of("*")));
    engine.onConnection(s -> s.onMessage(msg -> {
      if (msg instanceof Buffer b) {
        s.send(b);
      } else {
        s.send((String) msg);
      }
    }));

    SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions()
        .setPingInterval(300).setPingTimeout(200).setMaxPayload(1_000_000).setConnectTimeout(1000)
        .setCorsOrigins(List.of("*")));
    io.of("/").onConnection(socket -> {
      socket.emit("auth", socket.handshake().auth());
      socket.on("message", (args, ack) -> socket.emit("message-back", toArray(args)));
      socket.on("message-with-ack", (args, ack) -> {
        if (ack != null) ack.send(toArray(args));
      });
    });
    io.of("/custom").onConnection(socket -> socket.emit("auth", socket.handshake().auth()));

    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setMaxWebSocketFrameSize(1_000_000).setMaxWebSocketMessageSize(1_000_000));
    server.requestHandler(req -> {
      if (io.handles(req)) {
        io.handle(req);
      } else if (engine.handles(req)) {
        engine.handle(req);
      } else {
        req.response().setStatusCode(404).end();
      }
    });
    return server.listen(port);
  }

  private static Object[] toArray(JsonArray args) {
    Object[] out = new Object[args.size()];
    for (int i = 0; i < out.length; i++) out[i] = args.getList().get(i); // raw: keeps Buffers (getValue gives base64)
    return out;
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    Vertx vertx = Vertx.vertx();
    start(vertx, port)
        .onSuccess(s -> log.info("conformance server listening on port {}", s.actualPort()))
        .onFailure(e -> {
          log.error("conformance server failed to start", e);
          vertx.close().onComplete(v -> System.exit(1));
        });
  }
}
