package io.chatserver.realtime;

import io.chatserver.chats.PrivateChatService.ChatWith;
import io.chatserver.edge.Timestamps;
import io.chatserver.messages.MessageJson;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.messages.Sent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** The payload of every server-to-client event, in the shapes of docs/decisions.md (decisions 20-27). */
final class Payloads {

  private Payloads() {}

  static JsonObject welcome(SocketUser user) {
    return new JsonObject()
        .put("message", "Welcome, " + user.username() + "!")
        .put("user", user.summary());
  }

  static JsonObject userJoined(SocketUser user) {
    return presence(user, " joined the public chat");
  }

  static JsonObject userLeft(SocketUser user) {
    return presence(user, " left the public chat");
  }

  private static JsonObject presence(SocketUser user, String what) {
    return new JsonObject()
        .put("user_id", user.id())
        .put("username", user.username())
        .put("message", user.username() + what);
  }

  /** The base API's socket shape (docs/decisions.md), plus {@code user_id} and {@code avatar_url} (decision 22). */
  static JsonObject publicMessage(PublicMessage m) {
    return new JsonObject()
        .put("id", m.id())
        .put("content", m.content())
        .put("timestamp", Timestamps.of(m.createdAt()))
        .put("user", new JsonObject().put("id", m.userId()).put("username", m.username()))
        .put("username", m.username())
        .put("user_id", m.userId())
        .put("avatar_url", m.avatarUrl())
        .put("client_id", m.clientId())
        .put("seq", m.seq())
        .put("edited_at", MessageJson.editedAt(m.editedAt()))
        .put("reactions", MessageJson.reactions(m.reactions()));
  }

  /** The base API's socket shape (docs/decisions.md), plus {@code sender_id} and {@code chat_id} (decision 24). */
  static JsonObject privateMessage(PrivateMessage m) {
    return new JsonObject()
        .put("id", m.id())
        .put("content", m.content())
        .put("timestamp", Timestamps.of(m.createdAt()))
        .put("sender", new JsonObject().put("id", m.senderId()).put("username", m.username()))
        .put("username", m.username())
        .put("sender_id", m.senderId())
        .put("chat_id", m.chatId())
        .put("client_id", m.clientId())
        .put("seq", m.seq())
        .put("edited_at", MessageJson.editedAt(m.editedAt()))
        .put("reactions", MessageJson.reactions(m.reactions()));
  }

  /**
   * A send's acknowledgement payload (decision 31): the message as pushed, plus {@code "duplicate": true}
   * for a repeated client_id (the tombstone, with the client_id, when the original was deleted since).
   */
  static <M> JsonObject sent(Sent<M> sent, String clientId, Function<M, JsonObject> encode) {
    JsonObject payload = MessageJson.sent(sent, clientId, encode);
    return sent.replayed() ? payload.put("duplicate", true) : payload;
  }

  /** Decisions 41 and 42: a message's new state, in the shape it was pushed in, with its chat (null: public). */
  static JsonObject messageUpdated(PublicMessage m) {
    return publicMessage(m).put("chat_id", null);
  }

  static JsonObject messageUpdated(PrivateMessage m) {
    return privateMessage(m);
  }

  static JsonObject joinedPrivate(ChatWith chat) {
    return new JsonObject()
        .put("chat_id", chat.chat().id())
        .put("room", Rooms.privateChat(chat.chat().id()))
        .put("other_user", new JsonObject().put("id", chat.otherUser().id()).put("username", chat.otherUser().username()));
  }

  static JsonObject leftPrivate(long chatId) {
    return new JsonObject().put("chat_id", chatId);
  }

  /** The contract's {@code {"users"}}, capped, plus {@code total} and {@code has_more} for paging. */
  static JsonObject onlineUsers(OnlinePage page) {
    return new JsonObject()
        .put("users", new JsonArray(page.users()))
        .put("total", page.total())
        .put("has_more", page.hasMore());
  }

  static JsonObject messageDeleted(long messageId, Long chatId, long seq) {
    return new JsonObject().put("id", messageId).put("chat_id", chatId).put("seq", seq);
  }

  static JsonObject chatDeleted(long chatId) {
    return new JsonObject().put("chat_id", chatId);
  }

  /** Decision 40: {@code chat_id} null in the public room. */
  static JsonObject typing(SocketUser user, Long chatId, boolean typing) {
    return new JsonObject()
        .put("user_id", user.id())
        .put("username", user.username())
        .put("chat_id", chatId)
        .put("typing", typing);
  }

  static JsonObject error(String message) {
    return new JsonObject().put("message", message);
  }
}
