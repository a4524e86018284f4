package io.chatserver.http;

import io.chatserver.core.ApiException;
import io.chatserver.edge.Refusal;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where failures become HTTP: typed domain errors by kind, framework failures
 * (413/417 from the body handler, 404/405 from the router, 400 for a missing Host) by status, a body
 * that broke off in transit as 400, and anything else as a 500 whose body never carries the exception
 * (it is logged instead). What a client got wrong is logged at DEBUG at most, so it cannot flood the
 * log; a client that hung up gets no answer and no log line above DEBUG.
 */
public final class ErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  private ErrorHandler() {}

  public static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    if (failure instanceof HttpClosedException || ctx.response().closed()) {
      // The client hung up (often mid-body): nobody to answer, and not a failure of ours.
      log.debug("Connection closed before the answer to {} {}", ctx.request().method(), ctx.request().path());
      return;
    }
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
    } else if (failure != null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // vertx-web refused the request itself (no or an unparseable Host, ...): the client's error.
      status = ctx.statusCode();
      message = refusalMessage(ctx, status);
      log.debug("Refused {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
    } else if (failure == null && ctx.statusCode() > 0) {
      status = ctx.statusCode();
      message = defaultMessage(status);
    } else if (failure != null && ConnectionGuard.hasBody(ctx.request()) && !ctx.request().isEnded()) {
      // The body handler holds a request with a body back until it has ended: so the request stream
      // itself failed while the body was arriving (a broken chunk, ...). Vert.x closes the connection.
      status = 400;
      message = "Malformed request body";
      log.debug("Malformed body of {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
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
      case REUSED_KEY -> 409;
      case TOO_MANY_REQUESTS -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  /**
   * The router's handler for status 400 without a failure: vertx-web answers so when decoding the path or
   * the query while matching routes throws (an invalid percent-escape such as {@code %zz} or a lone
   * {@code %}). Registering it also keeps vertx-web from logging that as an ERROR.
   */
  public static void malformedTarget(RoutingContext ctx) {
    if (!ctx.response().ended()) {
      log.debug("Malformed request target of {} {}", ctx.request().method(), ctx.request().path());
      Responses.json(ctx, 400, Responses.message("Invalid percent-encoding in the request path or query"));
    }
  }

  private static String refusalMessage(RoutingContext ctx, int status) {
    HttpServerRequest request = ctx.request();
    if (status == 400 && request.version() != HttpVersion.HTTP_1_0 && request.authority() == null) {
      return "Missing or invalid Host header";
    }
    return defaultMessage(status);
  }

  static String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Authentication required";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Request body too large";
      case 417 -> "Only the expectation 'Expect: 100-continue' is supported";
      case 429 -> "Too many requests";
      default -> status >= 500 ? "Internal server error" : "Request failed";
    };
  }

  /**
   * The server's handler for requests its HTTP decoder refused, before any route: 431 (a header too
   * large), 414 (a request line too long), 505 (an HTTP version other than 1.0 and 1.1, see
   * {@link HttpVersionCheck}) or 400 (a malformed line, conflicting Content-Length and
   * Transfer-Encoding, ...). The connection is closed: what follows on it cannot be trusted.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpHeaderException) {
      Refusal.answerAndClose(request, 431, "Request headers too large");
    } else if (cause instanceof TooLongHttpLineException) {
      Refusal.answerAndClose(request, 414, "Request line too long");
    } else if (cause instanceof HttpVersionCheck.UnsupportedVersion) {
      Refusal.answerAndClose(request, 505, "Unsupported HTTP version: only HTTP/1.1 and HTTP/1.0 are served");
    } else {
      Refusal.answerAndClose(request, 400, "Malformed HTTP request");
    }
  }
}
