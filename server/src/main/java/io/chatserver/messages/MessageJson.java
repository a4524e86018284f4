package io.chatserver.messages;

import io.chatserver.http.Responses;
import io.vertx.core.json.JsonObject;

/** The REST shapes of messages (the base API's objects, docs/decisions.md). */
public final class MessageJson {

  private MessageJson() {}

  public static JsonObject publicMessage(PublicMessage m) {
    return new JsonObject()
        .put("id", m.id())
        .put("content", m.content())
        .put("timestamp", Responses.timestamp(m.createdAt()))
        .put("user_id", m.userId())
        .put("username", m.username())
        .put("avatar_url", m.avatarUrl());
  }

  public static JsonObject privateMessage(PrivateMessage m) {
    return new JsonObject()
        .put("id", m.id())
        .put("content", m.content())
        .put("timestamp", Responses.timestamp(m.createdAt()))
        .put("sender_id", m.senderId())
        .put("chat_id", m.chatId())
        .put("username", m.username())
        .put("avatar_url", m.avatarUrl());
  }
}
