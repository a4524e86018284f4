package io.chatserver.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

/**
 * {@code http_server_requests_seconds{method, route, status}}: the route label is the router's template
 * ({@code /api/users/:user_id}), so ids never make new series. A request its route answered finds its
 * timers through the route object (no string built); one answered by the error mapper (the route that
 * matched failed, or none matched) is matched to a template by path, which only errors pay.
 */
final class HttpMetrics implements Handler<RoutingContext> {

  static final String UNMATCHED = "unmatched";
  private static final Set<String> STANDARD_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

  private final MeterRegistry registry;
  private final Router router;
  /** Built on the first request, once every route is registered. */
  private volatile Templates templates;

  HttpMetrics(MeterRegistry registry, Router router) {
    this.registry = registry;
    this.router = router;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addHeadersEndHandler(v -> record(ctx, start));
    ctx.next();
  }

  private void record(RoutingContext ctx, long start) {
    Templates t = templates;
    if (t == null) {
      t = templates = new Templates(router.getRoutes());
    }
    t.meters(ctx).timer(ctx.response().getStatusCode()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }

  private final class Templates {
    private final Map<Route, RouteMeters> byRoute = new IdentityHashMap<>();
    private final List<Map.Entry<Pattern, String>> byPath = new ArrayList<>();
    private final Map<String, RouteMeters> fallback = new ConcurrentHashMap<>();

    Templates(List<Route> routes) {
      for (Route route : routes) {
        String path = route.getPath();
        if (path == null || route.methods() == null || route.methods().isEmpty()) {
          continue; // the pipeline's handlers for every request
        }
        String template = template(path);
        byRoute.put(route, new RouteMeters(route.methods().size() == 1
            ? route.methods().iterator().next().name() : "ANY", template));
        byPath.add(Map.entry(Pattern.compile(pattern(template)), template));
      }
    }

    RouteMeters meters(RoutingContext ctx) {
      Route route = ctx.currentRoute();
      RouteMeters direct = route == null ? null : byRoute.get(route);
      if (direct != null) {
        return direct;
      }
      // A route for any method that answered itself (a static file tree) names itself; else the path
      // is matched to the template of the route it would have reached (its handler failed, or none).
      String template = route != null && route.getPath() != null && !ctx.failed()
          ? template(route.getPath()) : templateOf(ctx.normalizedPath());
      HttpMethod method = ctx.request().method();
      String methodLabel = STANDARD_METHODS.contains(method.name()) ? method.name() : "OTHER";
      return fallback.computeIfAbsent(methodLabel + " " + template, k -> new RouteMeters(methodLabel, k.substring(
          methodLabel.length() + 1)));
    }

    private String templateOf(String path) {
      for (Map.Entry<Pattern, String> candidate : byPath) {
        if (candidate.getKey().matcher(path).matches()) {
          return candidate.getValue();
        }
      }
      return UNMATCHED;
    }

    private static String template(String path) {
      return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** {@code /api/users/:user_id} as {@code /api/users/[^/]+}, {@code /x/*} as {@code /x/.*}, trailing slash optional. */
    private static String pattern(String template) {
      StringBuilder regex = new StringBuilder();
      for (String part : template.split("/", -1)) {
        if (regex.length() > 0 || !part.isEmpty()) {
          regex.append('/');
        }
        regex.append(part.startsWith(":") ? "[^/]+" : part.equals("*") ? ".*" : Pattern.quote(part));
      }
      return regex + "/?";
    }
  }

  /** The timers of one route and method, one per status seen, built on first use. */
  private final class RouteMeters {
    private final String method;
    private final String route;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    RouteMeters(String method, String route) {
      this.method = method;
      this.route = route;
    }

    Timer timer(int status) {
      int slot = status >= 100 && status < 600 ? status : 0;
      Timer timer = byStatus.get(slot);
      if (timer == null) {
        timer = Timer.builder("http.server.requests").description("HTTP requests by route template and status")
            .tags("method", method, "route", route, "status", Integer.toString(status))
            .serviceLevelObjectives(PrometheusMetrics.LATENCY_BUCKETS).register(registry);
        byStatus.set(slot, timer); // a racing twin registers the same meter: the registry returns it
      }
      return timer;
    }
  }
}
