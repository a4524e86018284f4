package io.chatserver.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process token buckets by key. As a route handler the key is the client address ({@link ClientAddress}:
 * the peer, or what a trusted proxy says) and refused requests get 429 with Retry-After; other keys (an
 * account, an account at an address) go through {@link #acquire(String)}. A rate of 0 disables it (the
 * benchmark logs in a lot).
 */
public final class RateLimiter implements Handler<RoutingContext> {

  private final double tokensPerNano;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  public RateLimiter(int perMinute, int burst) {
    this.tokensPerNano = perMinute / 60e9;
    this.burst = burst;
  }

  public boolean enabled() {
    return tokensPerNano > 0;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!enabled()) {
      ctx.next();
      return;
    }
    long waitSeconds = acquire(ClientAddress.of(ctx));
    if (waitSeconds == 0) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Retry-After", Long.toString(waitSeconds));
    Responses.json(ctx, 429, Responses.message("Too many requests, retry later"));
  }

  /** 0 when a token was taken (or the limiter is off), else the whole seconds until one will be available. */
  public long acquire(String key) {
    return enabled() ? acquire(key, System.nanoTime()) : 0;
  }

  /** Gives back a token that {@link #acquire(String)} took, for an attempt that turned out not to count. */
  public void refund(String key) {
    Bucket bucket = buckets.get(key);
    if (bucket != null) {
      synchronized (bucket) {
        bucket.tokens = Math.min(burst, bucket.tokens + 1);
      }
    }
  }

  long acquire(String key, long now) {
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) * tokensPerNano);
      bucket.refilledAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / tokensPerNano / 1e9));
    }
  }

  /** Forgets buckets that have refilled completely, so idle clients do not accumulate. */
  public void evictIdle() {
    long now = System.nanoTime();
    buckets.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue().tokens + (now - e.getValue().refilledAt) * tokensPerNano >= burst;
      }
    });
  }
}
