package io.chatserver.http;

import io.chatserver.db.Database;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** GET /api/health: 200 when the database answers, 503 otherwise (for load balancers). */
public final class HealthRoutes {

  private static final long TIMEOUT_MS = 2000;

  private final Database db;

  public HealthRoutes(Database db) {
    this.db = db;
  }

  public void register(Router router) {
    router.get("/api/health").handler(this::health);
  }

  private void health(RoutingContext ctx) {
    db.ping()
        .timeout(TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          boolean up = ar.succeeded() && Boolean.TRUE.equals(ar.result());
          Responses.json(ctx, up ? 200 : 503, new JsonObject()
              .put("status", up ? "ok" : "unavailable")
              .put("database", up ? "up" : "down"));
        });
  }
}
