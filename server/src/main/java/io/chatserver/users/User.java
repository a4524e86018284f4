package io.chatserver.users;

/** A user as the domain sees it; the password hash never leaves the store. */
public record User(long id, String username, String email, String avatarUrl, long createdAt) {}
