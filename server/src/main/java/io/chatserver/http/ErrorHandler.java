package io.chatserver.http;

import io.chatserver.core.ApiException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where failures become HTTP: typed domain errors by kind, framework failures
 * (413 from the body limit, 404/405 from the router) by status, and anything else as a 500 whose
 * body never carries the exception (it is logged instead).
 */
public final class ErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  private ErrorHandler() {}

  public static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    int status;
    String message;
    if (failure instanceof ApiException api) {
      status = status(api.kind());
      message = api.getMessage();
      if (api.retryAfterSeconds() > 0) {
        ctx.response().putHeader("Retry-After", Long.toString(api.retryAfterSeconds()));
      }
    } else if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      message = defaultMessage(status);
    } else if (failure == null && ctx.statusCode() > 0) {
      status = ctx.statusCode();
      message = defaultMessage(status);
    } else {
      status = 500;
      message = defaultMessage(500);
      log.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
    }
    if (status >= 500 && failure == null) {
      log.error("Request failed with {} on {} {}", status, ctx.request().method(), ctx.request().path());
    }
    Responses.json(ctx, status, Responses.message(message));
  }

  /** The status code of each kind of domain error (a duplicate is a 400 in our API). */
  static int status(ApiException.Kind kind) {
    return switch (kind) {
      case BAD_REQUEST, CONFLICT -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case TOO_MANY_REQUESTS -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  static String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Authentication required";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Request body too large";
      case 429 -> "Too many requests";
      default -> status >= 500 ? "Internal server error" : "Request failed";
    };
  }

  /**
   * The server's handler for requests its HTTP decoder refused, before any route: 431 (a header too
   * large), 414 (a request line too long) or 400 (a malformed line, conflicting Content-Length and
   * Transfer-Encoding, ...). The connection is closed: what follows on it cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpHeaderException) {
      answerAndClose(request, 431, "Request headers too large");
    } else if (cause instanceof TooLongHttpLineException) {
      answerAndClose(request, 414, "Request line too long");
    } else {
      answerAndClose(request, 400, "Malformed HTTP request");
    }
  }

  /** Answers {@code {"message"}} with {@code Connection: close}, then closes the connection. */
  public static void answerAndClose(HttpServerRequest request, int status, String message) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Responses.message(message).encode())
        .onComplete(done -> request.connection().close());
  }
}
