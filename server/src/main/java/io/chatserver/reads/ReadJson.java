package io.chatserver.reads;

import io.chatserver.messages.MessageJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The shapes of decision 38's chat list and decision 39's read pushes, for REST and sockets alike. */
public final class ReadJson {

  private ReadJson() {}

  public static JsonObject chatList(ChatList list) {
    return new JsonObject()
        .put("public", publicEntry(list.publicRoom()))
        .put("chats", new JsonArray(list.chats().stream().map(ReadJson::chatEntry).toList()));
  }

  public static JsonObject publicEntry(PublicEntry e) {
    return new JsonObject()
        .put("latest_seq", e.latestSeq())
        .put("last_read_seq", e.lastReadSeq())
        .put("unread_count", e.unreadCount());
  }

  /** {@code last_message} in the shape of private history, or null. */
  public static JsonObject chatEntry(ChatEntry e) {
    return new JsonObject()
        .put("chat_id", e.chatId())
        .put("other_user", new JsonObject()
            .put("id", e.otherUserId())
            .put("username", e.otherUsername())
            .put("avatar_url", e.otherAvatarUrl()))
        .put("latest_seq", e.latestSeq())
        .put("last_read_seq", e.lastReadSeq())
        .put("other_last_read_seq", e.otherLastReadSeq())
        .put("unread_count", e.unreadCount())
        .put("last_message", e.lastMessage() == null ? null : MessageJson.privateMessage(e.lastMessage()));
  }

  /** The {@code read} push: {@code chat_id} null for the public room. */
  public static JsonObject read(ReadMoved moved) {
    return new JsonObject()
        .put("chat_id", moved.chatId())
        .put("user_id", moved.userId())
        .put("seq", moved.seq());
  }
}
