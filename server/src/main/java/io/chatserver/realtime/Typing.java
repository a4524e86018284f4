package io.chatserver.realtime;

import io.chatserver.chats.PrivateChat;
import io.chatserver.chats.PrivateChatService;
import io.chatserver.socketio.Namespace;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Decision 40: {@code typing {"other_user_id"?, "typing"}} forwarded, throttled, to the other
 * participant's sockets or to the public room, never to the sender's own sockets. Nothing is stored and
 * nothing sequenced; the push is volatile, so a socket that is behind skips it rather than queue it.
 * The throttle runs before the database: a notice it drops costs no query. A private notice names its
 * chat; when the two users have none yet it is opened, as {@code join_private} does (the chat a
 * message would create a moment later).
 */
final class Typing {

  private final Namespace ns;
  private final PrivateChatService chats;
  private final TypingThrottle throttle;

  Typing(Namespace ns, PrivateChatService chats, TypingThrottle throttle) {
    this.ns = ns;
    this.chats = chats;
    this.throttle = throttle;
  }

  /** Answers {@code {"forwarded": bool}} (and the {@code chat_id} when forwarded in a private chat). */
  Future<JsonObject> notice(SocketUser user, EventInput in) {
    Long other = in.optionalId("other_user_id");
    boolean typing = in.optionalBoolean("typing", true);
    TypingThrottle.Key key = new TypingThrottle.Key(user.id(), other == null ? 0 : other);
    if (!throttle.admit(key, typing)) {
      return Future.succeededFuture(new JsonObject().put("forwarded", false));
    }
    if (other == null) {
      ns.to(Rooms.PUBLIC).except(Rooms.user(user.id())).asVolatile()
          .emit("typing", Payloads.typing(user, null, typing));
      return Future.succeededFuture(new JsonObject().put("forwarded", true));
    }
    return chatWith(user.id(), other)
        .onFailure(e -> throttle.forget(key)) // unknown user, or yourself: the next notice is checked again
        .map(chat -> {
          ns.to(Rooms.user(other)).asVolatile().emit("typing", Payloads.typing(user, chat.id(), typing));
          return new JsonObject().put("forwarded", true).put("chat_id", chat.id());
        });
  }

  /** The existing chat (a read), or a new one (a write) only the first time two users meet. */
  private Future<PrivateChat> chatWith(long userId, long other) {
    return chats.find(userId, other).compose((Optional<PrivateChat> found) -> found.isPresent()
        ? Future.succeededFuture(found.get())
        : chats.open(userId, other).map(PrivateChatService.ChatWith::chat));
  }
}
