package io.chatserver.realtime;

import io.chatserver.core.ApiException;

/**
 * Per-socket guard on client events: a token bucket for the rate (decision 26: rate limited is a bad
 * event), and a cap on events still waiting for the database, so that a slow database slows a sender
 * down instead of piling up work. One instance per socket, used on its context only.
 */
final class EventLimiter {

  private final double perSecond;
  private final double burst;
  private final int maxInFlight;
  private double tokens;
  private long lastRefillNanos;
  private int inFlight;

  EventLimiter(int perSecond, int burst, int maxInFlight) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
    this.maxInFlight = maxInFlight;
    this.tokens = this.burst;
    this.lastRefillNanos = System.nanoTime();
  }

  /** Takes a slot for one event or throws the error the client will see. */
  void acquire() {
    if (perSecond > 0) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - lastRefillNanos) / 1e9 * perSecond);
      lastRefillNanos = now;
      if (tokens < 1) {
        throw ApiException.badRequest("Rate limit exceeded, slow down");
      }
      tokens -= 1;
    }
    if (inFlight >= maxInFlight) {
      throw ApiException.badRequest("Too many requests in progress, slow down");
    }
    inFlight++;
  }

  void release() {
    inFlight--;
  }
}
