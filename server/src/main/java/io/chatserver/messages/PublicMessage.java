package io.chatserver.messages;

/**
 * A message in the public room, with its author's current name and avatar; {@code seq} is the seq of its
 * latest change (decision 32), {@code clientId} the author's idempotency key or null (decision 31).
 */
public record PublicMessage(long id, long userId, String username, String avatarUrl, String content,
    long createdAt, long seq, String clientId) {}
