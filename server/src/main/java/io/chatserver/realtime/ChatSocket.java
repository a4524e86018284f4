package io.chatserver.realtime;

import io.chatserver.chats.PrivateChat;
import io.chatserver.core.ApiException;
import io.chatserver.edge.Drain;
import io.chatserver.reads.ReadJson;
import io.chatserver.metrics.Metrics;
import io.chatserver.socketio.Ack;
import io.chatserver.socketio.Socket;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated socket and its client events (decisions 20-26). Every event follows one recipe
 * ({@link #dispatch}): look up, limit, decode, call the same service as REST, answer. Pushes to other sockets are not made here: the
 * services announce committed changes and {@link SocketPushes} delivers them, for REST and sockets alike.
 */
final class ChatSocket {

  private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
  /** The client events of the contract and their handlers: the socket's whole route table. */
  private static final Map<String, BiFunction<ChatSocket, EventInput, Future<JsonObject>>> EVENTS = Map.of(
      "join_public", ChatSocket::joinPublic,
      "leave_public", ChatSocket::leavePublic,
      "send_public_message", ChatSocket::sendPublicMessage,
      "join_private", ChatSocket::joinPrivate,
      "leave_private", ChatSocket::leavePrivate,
      "send_private_message", ChatSocket::sendPrivateMessage,
      "get_online_users", ChatSocket::getOnlineUsers,
      "typing", ChatSocket::typing,
      "mark_read", ChatSocket::markRead);

  private final Socket socket;
  private final SocketUser user;
  private final SocketServices services;
  private final Presence presence;
  private final EventLimiter limiter;
  private final Drain drain;
  private final Typing typing;
  private final Metrics metrics;

  ChatSocket(Socket socket, SocketServices services, Presence presence, EventLimiter limiter, Drain drain,
      Typing typing, Metrics metrics) {
    this.socket = socket;
    this.user = SocketUser.from(socket.data());
    this.services = services;
    this.presence = presence;
    this.limiter = limiter;
    this.drain = drain;
    this.typing = typing;
    this.metrics = metrics;
  }

  void start() {
    if (socket.recovered()) {
      // Decision 34: its rooms are back; only the token may have changed (a new one of the same user).
      socket.rooms().stream().filter(r -> r.startsWith(Rooms.token(""))).forEach(socket::leave);
    }
    socket.join(Set.of(Rooms.user(user.id()), Rooms.token(user.jti())));
    socket.onAny(this::dispatch); // one handler per socket; the event table below is shared
    metrics.socketConnected();
    socket.onDisconnect(reason -> {
      metrics.socketDisconnected();
      if (socket.namespace().socket(socket.id()) == null) { // not when a recovered socket took the id over
        presence.disconnected(socket, user).onFailure(e -> log.warn("Presence update after disconnect failed", e));
      }
    });
    if (socket.recovered()) {
      metrics.recovered();
      presence.recovered(socket, user);
    } else {
      emit("connected", Payloads.welcome(user));
    }
  }

  private Future<JsonObject> joinPublic(EventInput in) {
    return presence.join(socket, user).map(v -> new JsonObject());
  }

  private Future<JsonObject> leavePublic(EventInput in) {
    return presence.leave(socket, user).map(v -> new JsonObject());
  }

  private Future<JsonObject> sendPublicMessage(EventInput in) {
    String clientId = in.optionalString("client_id");
    return services.messages().postPublic(user.id(), in.string("content"), clientId)
        .map(sent -> Payloads.sent(sent, clientId, Payloads::publicMessage));
  }

  private Future<JsonObject> sendPrivateMessage(EventInput in) {
    String clientId = in.optionalString("client_id");
    return services.messages().postPrivate(user.id(), in.id("other_user_id"), in.string("content"), clientId)
        .map(sent -> Payloads.sent(sent, clientId, Payloads::privateMessage));
  }

  private Future<JsonObject> joinPrivate(EventInput in) {
    return services.chats().open(user.id(), in.id("other_user_id")).map(chat -> {
      socket.join(Rooms.privateChat(chat.chat().id()));
      return answer("joined_private", Payloads.joinedPrivate(chat));
    });
  }

  private Future<JsonObject> leavePrivate(EventInput in) {
    return services.chats().find(user.id(), in.id("other_user_id")).map(found -> {
      PrivateChat chat = found.orElseThrow(() -> ApiException.notFound("Private chat not found"));
      socket.leave(Rooms.privateChat(chat.id()));
      return answer("left_private", Payloads.leftPrivate(chat.id()));
    });
  }

  /**
   * Decision 39: {@code {"chat_id": id | null, "seq"}}; answers the conversation's chat-list entry. A chat
   * the caller is not in is refused as unknown.
   */
  private Future<JsonObject> markRead(EventInput in) {
    Long chatId = in.optionalId("chat_id");
    long seq = in.seq();
    return chatId == null
        ? services.reads().markPublicRead(user.id(), seq).map(ReadJson::publicEntry)
        : services.reads().markChatRead(user.id(), chatId, seq).map(ReadJson::chatEntry);
  }

  /** Decision 40: volatile and throttled, see {@link Typing}. */
  private Future<JsonObject> typing(EventInput in) {
    return typing.notice(user, in);
  }

  /** Capped: optional {@code {"limit", "after"}} page through the users by id. */
  private Future<JsonObject> getOnlineUsers(EventInput in) {
    int limit = in.optionalInt("limit", OnlinePage.MAX_LIMIT, 1, OnlinePage.MAX_LIMIT);
    Long after = in.optionalId("after");
    return presence.onlineUsers(after, limit).map(page -> answer("online_users", Payloads.onlineUsers(page)));
  }

  private JsonObject answer(String event, JsonObject payload) {
    emit(event, payload);
    return payload;
  }

  private void emit(String event, JsonObject payload) {
    socket.emit(event, payload);
    metrics.eventPushed(event);
  }

  /**
   * Every client event, known or not, first passes the limiter. An unknown one, or a failure,
   * becomes an {@code error} event (and {@code {"ok": false, "message"}} for a callback); a success
   * answers a callback with {@code {"ok": true}} plus the answer's payload.
   */
  private void dispatch(String event, JsonArray args, Ack ack) {
    metrics.eventReceived(EVENTS.containsKey(event) ? event : "unknown"); // known names only: bounded labels
    try {
      limiter.acquire(); // first, for every event: an unknown one costs an answer too
    } catch (ApiException e) {
      fail(event, e, ack);
      return;
    }
    BiFunction<ChatSocket, EventInput, Future<JsonObject>> handler = EVENTS.get(event);
    if (handler == null) {
      limiter.release();
      String name = event.length() > 64 ? event.substring(0, 64) + "..." : event;
      fail(event, ApiException.badRequest("Unknown event '" + name + "'"), ack);
      return;
    }
    if (!drain.enter()) { // the node is shutting down: only events already running are finished
      limiter.release();
      fail(event, ApiException.unavailable("Server is shutting down"), ack);
      return;
    }
    Future<JsonObject> result;
    try {
      result = handler.apply(this, EventInput.of(args));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    Context context = Vertx.currentContext();
    result.onComplete(ar -> onContext(context, () -> {
      limiter.release();
      if (ar.succeeded()) {
        if (ack != null) {
          ack.send(new JsonObject().put("ok", true).mergeIn(ar.result()));
        }
      } else {
        fail(event, ar.cause(), ack);
      }
      drain.exit(); // after the answer, which the socket sends before its goodbye
    }));
  }

  /**
   * Runs {@code step} on the socket's context: most answers complete there already, but presence
   * answers may complete on Redis's, and the limiter is not shared across threads.
   */
  private static void onContext(Context context, Runnable step) {
    if (context == null || Vertx.currentContext() == context) {
      step.run();
    } else {
      context.runOnContext(v -> step.run());
    }
  }

  private void fail(String event, Throwable error, Ack ack) {
    String message;
    if (error instanceof ApiException e) {
      message = e.getMessage();
    } else {
      log.error("Socket event {} failed", event, error);
      message = "Internal server error";
    }
    emit("error", Payloads.error(message));
    if (ack != null) {
      ack.send(new JsonObject().put("ok", false).put("message", message));
    }
  }
}
