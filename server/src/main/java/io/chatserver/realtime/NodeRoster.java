package io.chatserver.realtime;

import io.vertx.core.Future;

/**
 * What this node tells the cluster about who is in the public room through it, so that if the node
 * dies, a surviving node can say {@code user_left} for its users. Alone, a node needs none of it.
 */
interface NodeRoster {

  /** {@code user} has at least one socket of this node in the public room. */
  void present(SocketUser user);

  /** {@code userId} has no socket of this node in the public room any more. */
  void absent(long userId);

  Future<Void> close();

  NodeRoster NONE = new NodeRoster() {
    @Override public void present(SocketUser user) {}

    @Override public void absent(long userId) {}

    @Override public Future<Void> close() {
      return Future.succeededFuture();
    }
  };
}
