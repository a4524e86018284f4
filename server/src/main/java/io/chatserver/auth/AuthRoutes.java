package io.chatserver.auth;

import io.chatserver.edge.JsonBody;
import io.chatserver.http.ClientAddress;
import io.chatserver.http.RateLimiter;
import io.chatserver.http.Responses;
import io.chatserver.users.UserJson;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /api/auth/register, /login, /logout. Register and login are limited per client address (the
 * limiter here); password attempts are also limited per account inside {@link AuthService#login}.
 */
public final class AuthRoutes {

  private final AuthService auth;
  private final Authn authn;
  private final RateLimiter limiter;

  public AuthRoutes(AuthService auth, Authn authn, RateLimiter limiter) {
    this.auth = auth;
    this.authn = authn;
    this.limiter = limiter;
  }

  public void register(Router router) {
    router.post("/api/auth/register").handler(limiter).handler(this::registerUser);
    router.post("/api/auth/login").handler(limiter).handler(this::login);
    router.post("/api/auth/logout").handler(authn.required()).handler(this::logout);
  }

  private void registerUser(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    var registration = new AuthService.Registration(
        body.requiredString("username"),
        body.requiredString("email"),
        body.requiredString("password"),
        body.string("avatar_url"));
    Responses.send(ctx, 201, auth.register(registration), user -> new JsonObject()
        .put("message", "User registered successfully")
        .put("user", UserJson.account(user)));
  }

  private void login(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx);
    String username = body.requiredString("username");
    String password = body.requiredString("password");
    Responses.send(ctx, 200, auth.login(username, password, ClientAddress.of(ctx)), login -> new JsonObject()
        .put("message", "Login successful")
        .put("access_token", login.accessToken())
        .put("user", UserJson.account(login.user())));
  }

  private void logout(RoutingContext ctx) {
    Responses.send(ctx, 200, auth.logout(Authn.user(ctx)), v -> Responses.message("Logout successful"));
  }
}
