package io.chatserver.http;

import io.chatserver.core.ApiException;
import io.chatserver.core.NumberRules;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Path ids and query parameters. A path id that is not a positive integer is 400 (it can never name a
 * resource, so it is a malformed request rather than an unknown one); a well-formed unknown id is 404.
 * Numbers are ASCII digits only ({@link NumberRules#digits}), so that {@code /users/%D9%A3} does not name user 3.
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
    long value;
    try {
      value = NumberRules.digits(values.get(0));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be an integer");
    }
    return NumberRules.between(name, value, min, max);
  }

  static long positiveLong(String raw, String name) {
    long value;
    try {
      value = NumberRules.digits(raw);
    } catch (NumberFormatException e) {
      value = 0; // not a number: refused like a number that is no id
    }
    return NumberRules.id(name, value);
  }
}
