package io.chatserver.bench.floor;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;

/**
 * The floor: a bare WebSocket broadcast server on the same Vert.x (no Socket.IO, no database, no JSON).
 * Every text frame received from any client is written to every connected client, the sender included,
 * with {@code writeFinalTextFrame} per socket (as the Socket.IO layer does). One event loop, so the
 * client list needs no locking. {@code GET /api/health} answers 200 so that scripts can wait for it.
 *
 * <p>Usage: {@code java -cp chat-bench.jar io.chatserver.bench.floor.BareBroadcastServer [port]} (or env PORT).
 */
public final class BareBroadcastServer {
  private final ArrayList<ServerWebSocket> clients = new ArrayList<>();

  private BareBroadcastServer() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.parseInt(System.getenv().getOrDefault("PORT", "5100"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
        .setPreferNativeTransport(Boolean.parseBoolean(System.getenv().getOrDefault("FLOOR_NATIVE", "false"))));
    BareBroadcastServer s = new BareBroadcastServer();
    vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setMaxWebSocketFrameSize(1 << 20))
        .webSocketHandler(s::accept)
        .requestHandler(req -> {
          if (req.path().equals("/api/health")) {
            req.response().putHeader("Content-Type", "application/json").end("{\"status\":\"ok\",\"floor\":true}");
          } else {
            req.response().setStatusCode(404).end();
          }
        })
        .listen(port, "127.0.0.1")
        .onSuccess(srv -> System.out.println("floor: bare WebSocket broadcast server on 127.0.0.1:" + srv.actualPort()
            + " (native transport: " + vertx.isNativeTransportEnabled() + ")"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  private void accept(ServerWebSocket ws) {
    clients.add(ws);
    ws.closeHandler(v -> clients.remove(ws));
    ws.exceptionHandler(e -> ws.close());
    ws.textMessageHandler(this::broadcast);
  }

  private void broadcast(String text) {
    for (int i = 0, n = clients.size(); i < n; i++) {
      ServerWebSocket c = clients.get(i);
      if (!c.isClosed()) {
        c.writeFinalTextFrame(text);
      }
    }
  }
}
