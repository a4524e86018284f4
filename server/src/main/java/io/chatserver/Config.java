package io.chatserver;

import io.chatserver.core.InvalidConfig;
import io.chatserver.http.IpRanges;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a node, read once from the environment. Tests build one with {@link #fromEnv(Map)}
 * from a plain map, so what runs under test is configured exactly like production.
 */
public record Config(
    int port,
    Path dataDir,
    String databaseUrl,
    String redisUrl,
    String jwtSecret,
    long tokenTtlSeconds,
    String nodeId,
    List<String> corsOrigins,
    String logLevel,
    int maxBodyBytes,
    int authRateLimitPerMinute,
    int authRateLimitBurst,
    int authAccountRateLimitPerMinute,
    int authAccountRateLimitBurst,
    int authAddressRateLimitPerMinute,
    int authAddressRateLimitBurst,
    List<String> trustedProxies,
    int dbPoolSize,
    int hashThreads,
    int hashQueueLimit,
    int socketEventsPerSecond,
    int socketEventBurst,
    String redisPrefix,
    int nodeTtlMillis,
    int healthTimeoutMs,
    int dbWriteStallMs,
    int maxSocketsPerUser,
    int maxSessionsPerAddress,
    int httpIdleTimeoutMs,
    int httpHeaderTimeoutMs,
    int httpBodyTimeoutMs,
    int maxConnectionsPerAddress,
    int shutdownTimeoutMs,
    int recoveryWindowMs,
    Integer metricsPort) {

  /** True when METRICS_PORT is set: GET /metrics answers on that port (decision 46). */
  public boolean metricsOn() {
    return metricsPort != null;
  }

  /** True when no DATABASE_URL is set: the node runs on an embedded SQLite file in DATA_DIR. */
  public boolean embeddedDatabase() {
    return databaseUrl == null;
  }

  /** True when REDIS_URL is set: rooms, presence and pushes span every node on that Redis. */
  public boolean clustered() {
    return redisUrl != null;
  }

  public static Config fromEnv() {
    return fromEnv(System.getenv());
  }

  public static Config fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    String databaseUrl = e.string("DATABASE_URL", null);
    int defaultPool = databaseUrl == null ? 4 : 10;
    int authRate = e.integer("AUTH_RATE_LIMIT_PER_MINUTE", 30, 0, Integer.MAX_VALUE);
    List<String> trustedProxies = e.list("TRUSTED_PROXIES");
    IpRanges.parse("TRUSTED_PROXIES", trustedProxies); // refuses what is not an address or range
    return new Config(
        e.integer("PORT", 5000, 0, 65535),
        Path.of(e.string("DATA_DIR", "./data")),
        databaseUrl,
        e.string("REDIS_URL", null),
        e.string("JWT_SECRET", null),
        e.integer("JWT_TTL", e.integer("TOKEN_LIFETIME_SECONDS", 86400, 1, Integer.MAX_VALUE), 1, Integer.MAX_VALUE),
        e.string("NODE_ID", "node-" + ProcessHandle.current().pid()),
        e.list("CORS_ORIGINS"),
        e.string("LOG_LEVEL", "INFO"),
        e.integer("MAX_BODY_BYTES", 1024 * 1024, 1, Integer.MAX_VALUE),
        authRate,
        e.integer("AUTH_RATE_LIMIT_BURST", 10, 1, Integer.MAX_VALUE),
        // AUTH_RATE_LIMIT_PER_MINUTE=0 turns every auth limit off (benchmarks, tests).
        authRate == 0 ? 0 : e.integer("AUTH_ACCOUNT_RATE_LIMIT_PER_MINUTE", 60, 0, Integer.MAX_VALUE),
        e.integer("AUTH_ACCOUNT_RATE_LIMIT_BURST", 20, 1, Integer.MAX_VALUE),
        authRate == 0 ? 0 : e.integer("AUTH_ADDRESS_RATE_LIMIT_PER_MINUTE", 120, 0, Integer.MAX_VALUE),
        e.integer("AUTH_ADDRESS_RATE_LIMIT_BURST", 40, 1, Integer.MAX_VALUE),
        trustedProxies,
        e.integer("DB_POOL_SIZE", defaultPool, 1, 1000),
        e.integer("HASH_THREADS", Runtime.getRuntime().availableProcessors(), 1, 1000),
        e.integer("HASH_QUEUE_LIMIT", 32, 0, 100_000),
        e.integer("SOCKET_EVENTS_PER_SECOND", 20, 0, Integer.MAX_VALUE),
        e.integer("SOCKET_EVENT_BURST", 40, 1, Integer.MAX_VALUE),
        e.string("REDIS_PREFIX", "chat"),
        e.integer("NODE_TTL_MS", 10_000, 300, 3_600_000),
        e.integer("HEALTH_TIMEOUT_MS", 2000, 50, 60_000),
        e.integer("DB_WRITE_STALL_MS", 10_000, 100, 3_600_000),
        e.integer("MAX_SOCKETS_PER_USER", 20, 0, Integer.MAX_VALUE),
        e.integer("MAX_SESSIONS_PER_ADDRESS", 100, 0, Integer.MAX_VALUE),
        e.integer("HTTP_IDLE_TIMEOUT_MS", 60_000, 100, Integer.MAX_VALUE),
        e.integer("HTTP_HEADER_TIMEOUT_MS", 10_000, 100, Integer.MAX_VALUE),
        e.integer("HTTP_BODY_TIMEOUT_MS", 30_000, 100, Integer.MAX_VALUE),
        e.integer("MAX_CONNECTIONS_PER_ADDRESS", 256, 0, Integer.MAX_VALUE),
        e.integer("SHUTDOWN_TIMEOUT_MS", 10_000, 100, 3_600_000),
        e.integer("RECOVERY_WINDOW_MS", 120_000, 0, 86_400_000),
        e.string("METRICS_PORT", null) == null ? null : e.integer("METRICS_PORT", 0, 0, 65535));
  }

  private record Env(Map<String, String> env) {
    String string(String name, String fallback) {
      String value = env.get(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    int integer(String name, int fallback, int min, int max) {
      String value = string(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
          throw new InvalidConfig(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return parsed;
      } catch (NumberFormatException ex) {
        throw new InvalidConfig(name + " must be an integer, got '" + value + "'");
      }
    }

    List<String> list(String name) {
      String value = string(name, null);
      if (value == null) {
        return List.of();
      }
      return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}
