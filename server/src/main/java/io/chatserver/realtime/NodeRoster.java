package io.chatserver.realtime;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What this node tells the cluster about who is in the public room through it, so that if the node
 * dies, a surviving node can say {@code user_left} for its users, and so that any node can list who
 * is online without asking every socket. Alone, a node needs none of it.
 */
interface NodeRoster {

  /** {@code user} has at least one socket of this node in the public room; done once recorded. */
  Future<Void> present(SocketUser user);

  /** The user's last socket of this node left the public room; done once recorded. */
  Future<Void> absent(long userId);

  /** Users in the public room through other nodes: user id to {@code {"id", "username", "avatar_url"}}. */
  Future<Map<Long, JsonObject>> onOtherNodes();

  Future<Void> close();

  NodeRoster NONE = new NodeRoster() {
    @Override public Future<Void> present(SocketUser user) {
      return Future.succeededFuture();
    }

    @Override public Future<Void> absent(long userId) {
      return Future.succeededFuture();
    }

    @Override public Future<Map<Long, JsonObject>> onOtherNodes() {
      return Future.succeededFuture(Map.of());
    }

    @Override public Future<Void> close() {
      return Future.succeededFuture();
    }
  };
}
