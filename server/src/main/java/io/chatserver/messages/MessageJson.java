package io.chatserver.messages;

import io.chatserver.edge.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** The REST shapes of messages (the base API's objects plus decisions 31-33, 41 and 42, docs/decisions.md). */
public final class MessageJson {

  private MessageJson() {}

  public static JsonObject publicMessage(PublicMessage m) {
    return new JsonObject()
        .put("id", m.id())
        .put("content", m.content())
        .put("timestamp", Timestamps.of(m.createdAt()))
        .put("user_id", m.userId())
        .put("username", m.username())
        .put("avatar_url", m.avatarUrl())
        .put("client_id", m.clientId())
        .put("seq", m.seq())
        .put("edited_at", editedAt(m.editedAt()))
        .put("reactions", reactions(m.reactions()));
  }

  public static JsonObject privateMessage(PrivateMessage m) {
    return new JsonObject()
        .put("id", m.id())
        .put("content", m.content())
        .put("timestamp", Timestamps.of(m.createdAt()))
        .put("sender_id", m.senderId())
        .put("chat_id", m.chatId())
        .put("username", m.username())
        .put("avatar_url", m.avatarUrl())
        .put("client_id", m.clientId())
        .put("seq", m.seq())
        .put("edited_at", editedAt(m.editedAt()))
        .put("reactions", reactions(m.reactions()));
  }

  /** Decision 41: a timestamp like {@code timestamp}, null on a message never edited. */
  public static String editedAt(Long editedAt) {
    return editedAt == null ? null : Timestamps.of(editedAt);
  }

  /** Decision 42: {@code [{"emoji", "count", "user_ids"}]} in order of first use. */
  public static JsonArray reactions(List<Reaction> reactions) {
    return new JsonArray(reactions.stream()
        .map(r -> new JsonObject().put("emoji", r.emoji()).put("count", r.count())
            .put("user_ids", new JsonArray(r.userIds())))
        .toList());
  }

  /** Decision 33's shape of a deleted message: its content is gone. */
  public static JsonObject tombstone(Tombstone t) {
    return new JsonObject().put("id", t.id()).put("seq", t.seq()).put("deleted", true);
  }

  /**
   * A send's answer: the message, or, for a repeat of a message deleted since, its tombstone with the
   * repeated {@code client_id} (C62).
   */
  public static <M> JsonObject sent(Sent<M> sent, String clientId, Function<M, JsonObject> encode) {
    Change<M> state = sent.state();
    return state.deleted() ? tombstone(state.tombstone()).put("client_id", clientId) : encode.apply(state.message());
  }
}
