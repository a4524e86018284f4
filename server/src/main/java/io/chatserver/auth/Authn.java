package io.chatserver.auth;

import io.chatserver.core.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Route handlers that identify the caller from {@code Authorization: Bearer <token>}:
 * {@link #required()} refuses with 401, {@link #optional()} lets anonymous requests through (but a token
 * that is present and bad is still 401: a client that sends one expects it to count).
 */
public final class Authn {

  private static final String KEY = "chat.user";

  private final AuthService auth;

  public Authn(AuthService auth) {
    this.auth = auth;
  }

  public Handler<RoutingContext> required() {
    return ctx -> identify(ctx, true);
  }

  public Handler<RoutingContext> optional() {
    return ctx -> identify(ctx, false);
  }

  /** The caller of a route behind {@link #required()}. */
  public static AuthenticatedUser user(RoutingContext ctx) {
    AuthenticatedUser user = ctx.get(KEY);
    if (user == null) {
      throw ApiException.unauthorized("Authentication required");
    }
    return user;
  }

  /** The caller of a route behind {@link #optional()}, or null when anonymous. */
  public static AuthenticatedUser userOrNull(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  private void identify(RoutingContext ctx, boolean required) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      if (required) {
        ctx.fail(ApiException.unauthorized("Missing Authorization header"));
      } else {
        ctx.next();
      }
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      ctx.fail(ApiException.unauthorized("Authorization header must be 'Bearer <token>'"));
      return;
    }
    auth.authenticate(header.substring(7).trim())
        .onSuccess(user -> {
          ctx.put(KEY, user);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }
}
