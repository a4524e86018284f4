package io.chatserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** {@link Metrics} on Micrometer's Prometheus registry; {@code GET /metrics} on a port of its own. */
final class PrometheusMetrics extends Metrics {

  /** Latency buckets (seconds) of HTTP requests and database transactions: few, so series stay cheap. */
  static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private final int port;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong sockets = new AtomicLong();
  private final Map<String, Counter> received = new ConcurrentHashMap<>();
  private final Map<String, Counter> pushed = new ConcurrentHashMap<>();
  private final Function<String, Counter> newReceived = name -> counter("chat.socket.events.received", name);
  private final Function<String, Counter> newPushed = name -> counter("chat.socket.events.pushed", name);
  private final Counter recoveries;
  private final Counter catchUps;
  private final Timer committed;
  private final Timer failed;
  private final DistributionSummary batchSizes;
  private JvmGcMetrics gc;
  private HttpServer server;

  PrometheusMetrics(int port) {
    this.port = port;
    Gauge.builder("chat.sockets.connected", sockets, AtomicLong::get)
        .description("Socket.IO connections open on this node").register(registry);
    recoveries = Counter.builder("chat.socket.recoveries")
        .description("Reconnections whose missed packets were replayed (connection state recovery)").register(registry);
    catchUps = Counter.builder("chat.catchups")
        .description("Catch-up requests served by the changes routes").register(registry);
    committed = transactionTimer("committed");
    failed = transactionTimer("failed");
    batchSizes = DistributionSummary.builder("chat.db.write.batch.size")
        .description("Transactions per group commit of the SQLite writer")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
  }

  private Timer transactionTimer(String outcome) {
    return Timer.builder("chat.db.transaction").description("Database transactions, from the call to the commit")
        .tag("outcome", outcome).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
  }

  private Counter counter(String name, String event) {
    return Counter.builder(name).tag("event", event).register(registry);
  }

  @Override
  public Future<Integer> serve(Vertx vertx) {
    return vertx.createHttpServer()
        .requestHandler(req -> {
          if (!"/metrics".equals(req.path())) {
            req.response().setStatusCode(404).end();
            return;
          }
          // Scraping walks every meter: off the event loop.
          vertx.executeBlocking(registry::scrape, false).onComplete(scraped -> {
            if (scraped.failed()) {
              req.response().setStatusCode(500).end();
              return;
            }
            req.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(scraped.result());
          });
        })
        .listen(port)
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  @Override
  public Future<Void> close() {
    if (gc != null) {
      gc.close();
      gc = null;
    }
    registry.close();
    return server == null ? Future.succeededFuture() : server.close();
  }

  @Override
  public void socketConnected() {
    sockets.incrementAndGet();
  }

  @Override
  public void socketDisconnected() {
    sockets.decrementAndGet();
  }

  @Override
  public void eventReceived(String event) {
    Counter c = received.get(event);
    (c != null ? c : received.computeIfAbsent(event, newReceived)).increment();
  }

  @Override
  public void eventPushed(String event) {
    Counter c = pushed.get(event);
    (c != null ? c : pushed.computeIfAbsent(event, newPushed)).increment();
  }

  @Override
  public void recovered() {
    recoveries.increment();
  }

  @Override
  public void catchUp() {
    catchUps.increment();
  }

  @Override
  public void redisLink(BooleanSupplier up) {
    Gauge.builder("chat.redis.link.up", () -> up.getAsBoolean() ? 1 : 0)
        .description("1 while this node's link to Redis is up (cluster mode)").register(registry);
  }

  @Override
  public void transaction(long nanos, boolean ok) {
    (ok ? committed : failed).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void writeBatch(int transactions) {
    batchSizes.record(transactions);
  }

  @Override
  public Handler<RoutingContext> http(Router router) {
    return new HttpMetrics(registry, router);
  }
}
