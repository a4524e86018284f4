package io.chatserver.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Encoding helpers: every body we write is JSON. */
public final class Responses {

  private Responses() {}

  /** A {@link JsonObject}, a {@link JsonArray} or a {@link Buffer} of JSON already written. */
  public static void json(RoutingContext ctx, int status, Object body) {
    var response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    if (body instanceof Buffer written) {
      response.end(written);
      return;
    }
    response.end(body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode()
        : String.valueOf(body));
  }

  /** A JSON body encoded earlier (UTF-8), as {@link #json} would have written it. */
  public static void encoded(RoutingContext ctx, int status, byte[] json) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(json));
  }

  public static JsonObject message(String message) {
    return new JsonObject().put("message", message);
  }

  /** Ends the request with {@code status} and the encoded result, or hands the failure to the error mapper. */
  public static <T> void send(RoutingContext ctx, int status, Future<T> result, Function<T, Object> encode) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      try {
        json(ctx, status, encode.apply(ar.result()));
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }
}
