package io.chatserver.messages;

/**
 * A message in a private chat; {@code username}/{@code avatarUrl} are the sender's, {@code seq} the seq of
 * its latest change in the chat (decision 32), {@code clientId} the sender's idempotency key or null.
 */
public record PrivateMessage(long id, long chatId, long senderId, long recipientId, String username,
    String avatarUrl, String content, long createdAt, long seq, String clientId) {}
