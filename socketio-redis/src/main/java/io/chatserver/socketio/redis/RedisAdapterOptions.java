package io.chatserver.socketio.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Redis adapter. {@code keyPrefix} separates clusters (and test runs) sharing one
 * Redis; {@code requestTimeout} bounds how long a cross-node query waits for slow or dead nodes.
 */
public record RedisAdapterOptions(String redisUrl, String keyPrefix, Duration requestTimeout,
    Duration maxReconnectDelay) {

  public RedisAdapterOptions {
    Objects.requireNonNull(redisUrl, "redisUrl");
    keyPrefix = keyPrefix == null || keyPrefix.isBlank() ? "socket.io" : keyPrefix;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(2) : requestTimeout;
    maxReconnectDelay = maxReconnectDelay == null ? Duration.ofSeconds(5) : maxReconnectDelay;
  }

  public static RedisAdapterOptions of(String redisUrl, String keyPrefix) {
    return new RedisAdapterOptions(redisUrl, keyPrefix, null, null);
  }
}
