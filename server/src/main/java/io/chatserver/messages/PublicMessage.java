package io.chatserver.messages;

/** A message in the public room, with its author's current name and avatar. */
public record PublicMessage(long id, long userId, String username, String avatarUrl, String content,
    long createdAt) {}
