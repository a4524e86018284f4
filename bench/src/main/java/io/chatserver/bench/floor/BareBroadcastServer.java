package io.chatserver.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * The floor: a bare WebSocket broadcast server on the same Vert.x (no Socket.IO, no database, no JSON).
 * Every text frame received from any client is written to every connected client, the sender included,
 * with {@code writeFinalTextFrame} per socket (as the Socket.IO layer does). One event loop, so the
 * client list needs no locking. {@code GET /api/health} answers 200 so that scripts can wait for it.
 *
 *
 * <p>Mode {@code batched} (second argument or env FLOOR_MODE) is the tighter floor: the frame is encoded
 * once, wrapped into a Netty frame per socket and written without flushing, and every socket is flushed
 * once per event-loop turn (what the Socket.IO layer's fast path does), so the floor also gets fewer
 * syscalls when several messages arrive in one turn.
 *
 * <p>Usage: {@code java -cp chat-bench.jar io.chatserver.bench.floor.BareBroadcastServer [port] [simple|batched]}
 * (or env PORT, FLOOR_MODE).
 */
public final class BareBroadcastServer {
  private final ArrayList<ServerWebSocket> clients = new ArrayList<>();
  private final boolean batched;
  private Context context;
  private boolean flushQueued;

  private BareBroadcastServer(boolean batched) {
    this.batched = batched;
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.parseInt(System.getenv().getOrDefault("PORT", "5100"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
        .setPreferNativeTransport(Boolean.parseBoolean(System.getenv().getOrDefault("FLOOR_NATIVE", "false"))));
    String mode = args.length > 1 ? args[1] : System.getenv().getOrDefault("FLOOR_MODE", "simple");
    BareBroadcastServer s = new BareBroadcastServer(mode.equals("batched"));
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
            + " (mode " + mode + ", native transport: " + vertx.isNativeTransportEnabled() + ")"))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  private void accept(ServerWebSocket ws) {
    if (context == null) {
      context = Vertx.currentContext();
    }
    clients.add(ws);
    ws.closeHandler(v -> clients.remove(ws));
    ws.exceptionHandler(e -> ws.close());
    ws.textMessageHandler(this::broadcast);
  }

  private void broadcast(String text) {
    if (batched) {
      broadcastBatched(text);
      return;
    }
    for (int i = 0, n = clients.size(); i < n; i++) {
      ServerWebSocket c = clients.get(i);
      if (!c.isClosed()) {
        c.writeFinalTextFrame(text);
      }
    }
  }

  private void broadcastBatched(String text) {
    ByteBuf buf = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
    try {
      for (int i = 0, n = clients.size(); i < n; i++) {
        ServerWebSocket c = clients.get(i);
        if (!c.isClosed()) {
          ((WebSocketInternal) c).channelHandlerContext().write(new TextWebSocketFrame(buf.retainedDuplicate()));
        }
      }
    } finally {
      buf.release();
    }
    if (!flushQueued) {
      flushQueued = true;
      context.runOnContext(v -> {
        flushQueued = false;
        for (int i = 0, n = clients.size(); i < n; i++) {
          ((WebSocketInternal) clients.get(i)).channelHandlerContext().flush();
        }
      });
    }
  }
}
