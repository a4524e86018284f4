package io.chatserver.http;

import io.chatserver.core.ApiException;
import io.vertx.ext.web.RoutingContext;

/**
 * Router handler: a request target holding {@code #} is 400. A fragment never belongs in a request line
 * (clients keep it to themselves), and Vert.x would silently drop it with whatever follows it from the
 * query, so {@code ?before=1#x} would be read as {@code before=1}.
 */
public final class RequestTarget {

  private RequestTarget() {}

  public static void refuseFragment(RoutingContext ctx) {
    if (ctx.request().uri().indexOf('#') >= 0) {
      ctx.fail(ApiException.badRequest("Malformed request target: '#' is not allowed"));
      return;
    }
    ctx.next();
  }
}
