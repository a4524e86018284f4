package io.chatserver.http;

import io.chatserver.core.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;

/**
 * The body stage of the REST routes: vertx-web's body handler (reads the body, over the limit is 413),
 * but never for a form. Every body we take is JSON, and the body handler would start decoding any
 * request declared as a form (URL-encoded or multipart), spending work on data no route reads; on a
 * GET, Vert.x even refuses that with an exception. So a form with content is 400, and an empty one
 * (a client library's default header on a body-less POST) is let through unread.
 */
public final class JsonBodies implements Handler<RoutingContext> {

  private final BodyHandler bodies;

  public JsonBodies(long limitBytes) {
    this.bodies = BodyHandler.create(false).setBodyLimit(limitBytes);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if ((request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) && !hasContent(request)) {
      ctx.next(); // nothing to read (the hot path: history, catch-up)
      return;
    }
    if (!isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      bodies.handle(ctx);
    } else if (hasContent(request)) {
      ctx.fail(ApiException.badRequest("Request body must be JSON (Content-Type: application/json), not a form"));
    } else {
      ctx.next();
    }
  }

  /** The body handler's own test for a form: how the media type starts, in any case. */
  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith(HttpHeaders.MULTIPART_FORM_DATA.toString())
        || type.startsWith(HttpHeaders.APPLICATION_X_WWW_FORM_URLENCODED.toString());
  }

  /** Chunks, or a Content-Length other than 0 (one that does not parse included: the decoder refuses it). */
  private static boolean hasContent(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.strip().equals("0");
  }
}
