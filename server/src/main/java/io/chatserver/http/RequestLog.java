package io.chatserver.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, duration. Only the path is logged (no query string, no
 * headers, no body), so tokens and passwords never reach the log.
 */
public final class RequestLog {

  private static final Logger log = LoggerFactory.getLogger("http");

  private RequestLog() {}

  public static void handle(RoutingContext ctx) {
    if (!log.isInfoEnabled()) { // LOG_LEVEL=WARN or above: nothing to time
      ctx.next();
      return;
    }
    long start = System.nanoTime();
    ctx.addBodyEndHandler(v -> {
      long ms = (System.nanoTime() - start) / 1_000_000;
      log.info("{} {} {} {}ms", ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(), ms);
    });
    ctx.next();
  }
}
