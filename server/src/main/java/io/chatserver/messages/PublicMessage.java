package io.chatserver.messages;

import java.util.List;

/**
 * A message in the public room, with its author's current name and avatar; {@code seq} is the seq of its
 * latest change (decision 32), {@code clientId} the author's idempotency key or null (decision 31),
 * {@code editedAt} the time of its latest edit or null (decision 41), {@code reactions} in order of first
 * use (decision 42).
 */
public record PublicMessage(long id, long userId, String username, String avatarUrl, String content,
    long createdAt, long seq, String clientId, Long editedAt, List<Reaction> reactions) {

  public PublicMessage {
    reactions = List.copyOf(reactions);
  }

  public PublicMessage withReactions(List<Reaction> current) {
    return new PublicMessage(id, userId, username, avatarUrl, content, createdAt, seq, clientId, editedAt, current);
  }
}
