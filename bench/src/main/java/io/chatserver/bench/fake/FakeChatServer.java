package io.chatserver.bench.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the chat server, only for checking the harness itself (not a benchmark target): just
 * enough of the REST auth routes and of Socket.IO over WebSocket (connect with a token, join_public with
 * ack, send_public_message, send_private_message) for every scenario to run. No database, no real auth.
 *
 * <p>{@code java -cp chat-bench.jar io.chatserver.bench.fake.FakeChatServer [port]}
 */
public final class FakeChatServer {
  private final List<ServerWebSocket> room = new ArrayList<>();
  private final Map<Long, List<ServerWebSocket>> byUser = new HashMap<>();
  private final Map<String, Long> users = new HashMap<>();
  private long nextUser = 1;
  private long nextMsg = 1;

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 5057;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    new FakeChatServer().listen(vertx, port).onSuccess(p -> System.out.println("fake chat server on 127.0.0.1:" + p));
  }

  /**
   * Serves on one more port (0: any free one) and completes with it. Every port shares the users and the
   * room, as the nodes of a cluster do; {@code vertx} must have one event loop (the state is not shared
   * between threads).
   */
  public Future<Integer> listen(Vertx vertx, int port) {
    return vertx.createHttpServer().webSocketHandler(this::socket).requestHandler(this::http).listen(port, "127.0.0.1")
        .map(HttpServer::actualPort);
  }

  private void http(HttpServerRequest req) {
    if (req.path().equals("/api/health")) {
      req.response().end("{\"status\":\"ok\"}");
      return;
    }
    req.body().onSuccess(b -> {
      JsonObject in = b.length() > 0 ? b.toJsonObject() : new JsonObject();
      switch (req.path()) {
        case "/api/auth/register" -> {
          long id = nextUser++;
          users.put(in.getString("username"), id);
          req.response().setStatusCode(201).end(new JsonObject().put("user", user(id, in.getString("username"))).encode());
        }
        case "/api/auth/login" -> {
          Long id = users.get(in.getString("username"));
          if (id == null) {
            req.response().setStatusCode(401).end("{\"message\":\"Invalid credentials\"}");
          } else {
            req.response().end(new JsonObject().put("access_token", "t" + id).put("user", user(id, in.getString("username"))).encode());
          }
        }
        case "/api/messages" -> req.response().setStatusCode(req.method().name().equals("POST") ? 201 : 200)
            .end(req.method().name().equals("POST") ? "{\"id\":1}" : "{\"messages\":[]}");
        default -> req.response().setStatusCode(404).end("{\"message\":\"not found\"}");
      }
    });
  }

  private static JsonObject user(long id, String name) {
    return new JsonObject().put("id", id).put("username", name).putNull("avatar_url");
  }

  private void socket(ServerWebSocket ws) {
    long[] uid = {0};
    ws.writeFinalTextFrame("0{\"sid\":\"fake\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
    ws.closeHandler(v -> {
      room.remove(ws);
      List<ServerWebSocket> l = byUser.get(uid[0]);
      if (l != null) {
        l.remove(ws);
      }
    });
    ws.textMessageHandler(t -> {
      if (t.startsWith("40")) {
        String token = new JsonObject(t.substring(2)).getString("token", "");
        if (!token.startsWith("t")) {
          ws.writeFinalTextFrame("44{\"message\":\"bad token\"}");
          ws.close();
          return;
        }
        uid[0] = Long.parseLong(token.substring(1));
        byUser.computeIfAbsent(uid[0], k -> new ArrayList<>()).add(ws);
        ws.writeFinalTextFrame("40{\"sid\":\"s" + uid[0] + "\"}");
        ws.writeFinalTextFrame("42[\"connected\",{\"message\":\"Welcome\",\"user\":" + user(uid[0], "u" + uid[0]).encode() + "}]");
      } else if (t.startsWith("42")) {
        int i = 2;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
          i++;
        }
        String ack = t.substring(2, i);
        JsonArray ev = new JsonArray(t.substring(i));
        JsonObject data = ev.size() > 1 && ev.getValue(1) instanceof JsonObject o ? o : new JsonObject();
        switch (ev.getString(0)) {
          case "join_public" -> {
            if (!room.contains(ws)) {
              room.add(ws);
            }
            ws.writeFinalTextFrame("42[\"user_joined\",{\"user_id\":" + uid[0] + "}]");
          }
          case "send_public_message" -> {
            String f = "42[\"new_public_message\"," + message(data.getString("content"), uid[0]).encode() + "]";
            for (ServerWebSocket r : room) {
              r.writeFinalTextFrame(f);
            }
          }
          case "send_private_message" -> {
            long other = data.getLong("other_user_id");
            String f = "42[\"new_private_message\"," + message(data.getString("content"), uid[0]).put("sender_id", uid[0]).encode() + "]";
            for (long u : new long[] {uid[0], other}) {
              for (ServerWebSocket r : byUser.getOrDefault(u, List.of())) {
                r.writeFinalTextFrame(f);
              }
            }
          }
          default -> ws.writeFinalTextFrame("42[\"error\",{\"message\":\"unknown event\"}]");
        }
        if (!ack.isEmpty()) {
          ws.writeFinalTextFrame("43" + ack + "[{\"ok\":true}]");
        }
      } else if (t.equals("3")) {
        // pong
      }
    });
  }

  private JsonObject message(String content, long uid) {
    return new JsonObject().put("id", nextMsg++).put("content", content).put("timestamp", Instant.now().toString())
        .put("user", user(uid, "u" + uid)).put("username", "u" + uid).put("user_id", uid).putNull("avatar_url");
  }
}
