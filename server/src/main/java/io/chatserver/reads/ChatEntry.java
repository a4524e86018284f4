package io.chatserver.reads;

import io.chatserver.messages.PrivateMessage;

/**
 * One private chat in the caller's chat list (decision 38). {@code lastMessage} is null for a chat
 * without messages; {@code createdAt} is the chat's creation time, which orders such chats.
 */
public record ChatEntry(long chatId, long createdAt, long otherUserId, String otherUsername,
    String otherAvatarUrl, long latestSeq, long lastReadSeq, long otherLastReadSeq, long unreadCount,
    PrivateMessage lastMessage) {

  ChatEntry withLastMessage(PrivateMessage message) {
    return new ChatEntry(chatId, createdAt, otherUserId, otherUsername, otherAvatarUrl, latestSeq, lastReadSeq,
        otherLastReadSeq, unreadCount, message);
  }
}
