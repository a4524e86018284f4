package io.chatserver.users;

import io.chatserver.edge.Timestamps;
import io.vertx.core.json.JsonObject;

/** User JSON shapes. Email is shown only to the user themself (decision 16). */
public final class UserJson {

  private UserJson() {}

  /** The shape of register/login: the caller's own account, email included. */
  public static JsonObject account(User user) {
    return new JsonObject()
        .put("id", user.id())
        .put("username", user.username())
        .put("email", user.email())
        .put("avatar_url", user.avatarUrl());
  }

  /** The public profile, with email only when {@code viewerId} is that user. */
  public static JsonObject profile(User user, Long viewerId) {
    JsonObject json = new JsonObject().put("id", user.id()).put("username", user.username());
    if (viewerId != null && viewerId == user.id()) {
      json.put("email", user.email());
    }
    return json
        .put("avatar_url", user.avatarUrl())
        .put("created_at", Timestamps.of(user.createdAt()));
  }
}
