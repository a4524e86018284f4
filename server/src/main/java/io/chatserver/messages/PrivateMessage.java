package io.chatserver.messages;

import java.util.List;

/**
 * A message in a private chat; {@code username}/{@code avatarUrl} are the sender's, {@code seq} the seq of
 * its latest change in the chat (decision 32), {@code clientId} the sender's idempotency key or null,
 * {@code editedAt} the time of its latest edit or null (decision 41), {@code reactions} in order of first
 * use (decision 42).
 */
public record PrivateMessage(long id, long chatId, long senderId, long recipientId, String username,
    String avatarUrl, String content, long createdAt, long seq, String clientId, Long editedAt,
    List<Reaction> reactions) {

  public PrivateMessage {
    reactions = List.copyOf(reactions);
  }

  public PrivateMessage withReactions(List<Reaction> current) {
    return new PrivateMessage(id, chatId, senderId, recipientId, username, avatarUrl, content, createdAt, seq,
        clientId, editedAt, current);
  }

  /** Whether {@code userId} takes part in this message's chat. */
  public boolean isBetween(long userId, long otherUserId) {
    return senderId == userId && recipientId == otherUserId || senderId == otherUserId && recipientId == userId;
  }
}
