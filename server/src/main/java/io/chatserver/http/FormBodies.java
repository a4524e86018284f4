package io.chatserver.http;

import io.chatserver.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Router handler in front of the body handler: a body sent as a form (URL-encoded or multipart) is 400.
 * Every body we take is JSON, and vertx-web's body handler would start decoding a form for any request
 * that declares one (a GET included, which Vert.x refuses with an exception), spending work on data
 * no route reads.
 */
public final class FormBodies {

  private FormBodies() {}

  public static void refuse(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (declaresBody(request) && isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.fail(ApiException.badRequest("Request body must be JSON (Content-Type: application/json), not a form"));
      return;
    }
    ctx.next();
  }

  /** The body handler's own test for a body: either framing header, whatever its value. */
  private static boolean declaresBody(HttpServerRequest request) {
    return request.headers().contains(HttpHeaders.CONTENT_LENGTH)
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /** The body handler's own test for a form: the media type's start, in any case. */
  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith(HttpHeaders.MULTIPART_FORM_DATA.toString())
        || type.startsWith(HttpHeaders.APPLICATION_X_WWW_FORM_URLENCODED.toString());
  }
}
