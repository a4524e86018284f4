package io.chatserver.messages;

/** A message in a private chat; {@code username}/{@code avatarUrl} are the sender's. */
public record PrivateMessage(long id, long chatId, long senderId, long recipientId, String username,
    String avatarUrl, String content, long createdAt) {}
