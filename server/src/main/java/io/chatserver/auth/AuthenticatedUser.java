package io.chatserver.auth;

/** Who a valid, unrevoked token belongs to; {@code jti} and {@code expiresAt} allow revoking it. */
public record AuthenticatedUser(long userId, String username, String avatarUrl, String jti, long expiresAt) {}
