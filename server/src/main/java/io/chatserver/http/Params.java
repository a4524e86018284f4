package io.chatserver.http;

import io.chatserver.core.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Path ids and query parameters. A path id that is not a positive integer is 400 (it can never name a
 * resource, so it is a malformed request rather than an unknown one); a well-formed unknown id is 404.
 * Numbers are ASCII digits only: no sign, no spaces, no other script's digits (which
 * {@link Long#parseLong} would take, so that {@code /users/%D9%A3} named user 3).
 */
public final class Params {

  private Params() {}

  public static long pathId(RoutingContext ctx, String name) {
    return positiveLong(ctx.pathParam(name), name);
  }

  /** An optional integer query parameter within [min, max]; absent gives null. */
  public static Long query(RoutingContext ctx, String name, long min, long max) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return null;
    }
    String raw = values.get(0);
    long value;
    try {
      value = digits(raw);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be an integer");
    }
    if (value < min || value > max) {
      throw ApiException.badRequest(name + " must be between " + min + " and " + max);
    }
    return value;
  }

  static long positiveLong(String raw, String name) {
    try {
      long value = digits(raw);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // fall through to the 400
    }
    throw ApiException.badRequest(name + " must be a positive integer");
  }

  /** {@code [0-9]+} as a long; anything else, or too large, is a NumberFormatException. */
  static long digits(String raw) {
    if (raw == null || raw.isEmpty() || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException("not ASCII digits");
    }
    return Long.parseLong(raw);
  }
}
