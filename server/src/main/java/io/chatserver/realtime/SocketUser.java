package io.chatserver.realtime;

import io.chatserver.auth.AuthenticatedUser;
import io.chatserver.socketio.Socket;
import io.vertx.core.json.JsonObject;

/**
 * Who a socket belongs to. Kept in the socket's data (not in a map of ours) so that {@code fetchSockets}
 * tells presence on every node without a second lookup.
 */
record SocketUser(long id, String username, String avatarUrl, String jti) {

  static SocketUser of(AuthenticatedUser user) {
    return new SocketUser(user.userId(), user.username(), user.avatarUrl(), user.jti());
  }

  void storeIn(Socket socket) {
    socket.data()
        .put("user_id", id)
        .put("username", username)
        .put("avatar_url", avatarUrl)
        .put("jti", jti);
  }

  static SocketUser from(JsonObject data) {
    return new SocketUser(data.getLong("user_id"), data.getString("username"), data.getString("avatar_url"),
        data.getString("jti"));
  }

  /** The {@code {"id", "username", "avatar_url"}} entry of {@code connected} and {@code online_users}. */
  JsonObject summary() {
    return new JsonObject().put("id", id).put("username", username).put("avatar_url", avatarUrl);
  }
}
