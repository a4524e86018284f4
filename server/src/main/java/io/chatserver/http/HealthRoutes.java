package io.chatserver.http;

import io.chatserver.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Health for load balancers. {@code GET /api/health} is readiness: 200 only when the database answers,
 * a write round trip through the write path succeeds and, in cluster mode, the link to Redis is up;
 * 503 otherwise, with the same body saying which part is down. {@code GET /api/health/live} is
 * liveness: 200 while the process serves HTTP, whatever its dependencies do. Each check has a timeout.
 */
public final class HealthRoutes {

  private final Database db;
  private final Supplier<Future<Void>> redis;
  private final long timeoutMs;

  /** redis: the Redis link's check, or null when the node runs without Redis. */
  public HealthRoutes(Database db, Supplier<Future<Void>> redis, long timeoutMs) {
    this.db = db;
    this.redis = redis;
    this.timeoutMs = timeoutMs;
  }

  public void register(Router router) {
    router.get("/api/health").handler(this::readiness);
    router.get("/api/health/live").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "ok")));
  }

  private void readiness(RoutingContext ctx) {
    Future<Boolean> database = check(() -> db.ping().map(Boolean.TRUE::equals));
    Future<Boolean> writes = check(() -> db.writeCheck().map(true));
    Future<Boolean> redisUp = redis == null ? Future.succeededFuture(true) : check(() -> redis.get().map(true));
    Future.all(database, writes, redisUp).onComplete(done -> {
      boolean ok = database.result() && writes.result() && redisUp.result();
      Responses.json(ctx, ok ? 200 : 503, new JsonObject()
          .put("status", ok ? "ok" : "unavailable")
          .put("database", upOrDown(database.result()))
          .put("writes", upOrDown(writes.result()))
          .put("redis", redis == null ? "not configured" : upOrDown(redisUp.result())));
    });
  }

  /** Never fails: a check that fails, throws or outlasts the timeout is down. */
  private Future<Boolean> check(Supplier<Future<Boolean>> check) {
    try {
      return check.get().timeout(timeoutMs, TimeUnit.MILLISECONDS).otherwise(false);
    } catch (RuntimeException e) {
      return Future.succeededFuture(false);
    }
  }

  private static String upOrDown(boolean up) {
    return up ? "up" : "down";
  }
}
