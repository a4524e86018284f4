package io.chatserver.metrics;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * What the server counts (decision 46), in one facade that the rest of the code calls without knowing
 * Micrometer. {@link #OFF} (METRICS_PORT unset) does nothing; {@link #prometheus} counts and serves
 * {@code GET /metrics} on its own port. Every method is cheap: counters are built once, and hot paths
 * only look one up by a name from a fixed set.
 */
public class Metrics {

  /** Nothing is counted and nothing listens. */
  public static final Metrics OFF = new Metrics();

  protected Metrics() {}

  /** Micrometer with a Prometheus registry, served at {@code GET /metrics} on {@code port} by {@link #serve}. */
  public static Metrics prometheus(int port) {
    return new PrometheusMetrics(port);
  }

  /** Starts the metrics endpoint (nothing when off); the future holds the port it listens on, or 0. */
  public Future<Integer> serve(Vertx vertx) {
    return Future.succeededFuture(0);
  }

  public Future<Void> close() {
    return Future.succeededFuture();
  }

  // Real-time.

  public void socketConnected() {}

  public void socketDisconnected() {}

  /** A client event by name: only names the server knows, or "unknown" (the label stays bounded). */
  public void eventReceived(String event) {}

  /** An event the server emitted, by name: once per emit (a room broadcast counts once, on its node). */
  public void eventPushed(String event) {}

  /** A reconnecting socket got its missed packets back (connection state recovery, decision 34). */
  public void recovered() {}

  /** A client caught up on what it missed through a changes route (decision 33). */
  public void catchUp() {}

  /** Reports the node's link to Redis (cluster mode) as a gauge, 1 up and 0 down. */
  public void redisLink(BooleanSupplier up) {}

  // Database.

  /** A transaction of {@code Database.tx}, from the call to its commit (or failure), queueing included. */
  public void transaction(long nanos, boolean committed) {}

  /** One group commit of the SQLite writer: how many transactions it carried. */
  public void writeBatch(int transactions) {}

  // HTTP.

  /**
   * The first handler of the REST router: times each request and counts it by route template (never the
   * raw path), method and status once it is answered.
   */
  public Handler<RoutingContext> http(Router router) {
    return RoutingContext::next;
  }
}
