package io.chatserver.users;

import io.chatserver.auth.AuthenticatedUser;
import io.chatserver.auth.Authn;
import io.chatserver.edge.JsonBody;
import io.chatserver.http.ClientAddress;
import io.chatserver.http.Params;
import io.chatserver.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /api/users: reading needs no token (email only for oneself); changing needs that user's token. */
public final class UserRoutes {

  private final UserService users;
  private final Authn authn;

  public UserRoutes(UserService users, Authn authn) {
    this.users = users;
    this.authn = authn;
  }

  public void register(Router router) {
    for (String root : new String[] {"/api/users", "/api/users/"}) { // the same route, no redirect
      router.get(root).handler(authn.optional()).handler(this::list);
    }
    router.get("/api/users/:user_id").handler(authn.optional()).handler(this::get);
    router.put("/api/users/:user_id").handler(authn.required()).handler(this::update);
    router.delete("/api/users/:user_id").handler(authn.required()).handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    Long viewer = viewerId(ctx);
    Responses.send(ctx, 200, users.list(), all -> new JsonObject().put("users",
        new JsonArray(all.stream().map(u -> UserJson.profile(u, viewer)).toList())));
  }

  private void get(RoutingContext ctx) {
    long id = Params.pathId(ctx, "user_id");
    Long viewer = viewerId(ctx);
    Responses.send(ctx, 200, users.get(id), u -> new JsonObject().put("user", UserJson.profile(u, viewer)));
  }

  private void update(RoutingContext ctx) {
    long id = Params.pathId(ctx, "user_id");
    JsonBody body = JsonBody.of(ctx);
    var update = new UserService.UserUpdate(
        body.string("username"),
        body.string("email"),
        body.string("avatar_url"),
        body.present("avatar_url") && body.string("avatar_url") == null,
        body.string("password"),
        body.string("current_password"));
    long caller = Authn.user(ctx).userId();
    Responses.send(ctx, 200, users.update(caller, id, update, ClientAddress.of(ctx)), updated -> withFreshToken(
        new JsonObject().put("message", "User updated successfully"), updated.accessToken())
        .put("user", UserJson.profile(updated.user(), caller)));
  }

  /**
   * A password change revoked every token of the user, the one of this request included: the answer
   * carries the replacement where login's answer has it.
   */
  private static JsonObject withFreshToken(JsonObject answer, String accessToken) {
    return accessToken == null ? answer : answer.put("access_token", accessToken).put("token_type", "Bearer");
  }

  private void delete(RoutingContext ctx) {
    long id = Params.pathId(ctx, "user_id");
    Responses.send(ctx, 200, users.delete(Authn.user(ctx).userId(), id),
        v -> Responses.message("User deleted successfully"));
  }

  private static Long viewerId(RoutingContext ctx) {
    AuthenticatedUser viewer = Authn.userOrNull(ctx);
    return viewer == null ? null : viewer.userId();
  }
}
