package io.chatserver.realtime;

import io.vertx.core.Future;

/**
 * What this node tells the cluster about who is in the public room through it, so that if the node
 * dies, a surviving node can say {@code user_left} for its users. Alone, a node needs none of it.
 */
interface NodeRoster {

  /** {@code user} has at least one socket of this node in the public room. */
  void present(SocketUser user);

  /** A socket of {@code user} on this node left the public room (it may have been the last one here). */
  void leftThisNode(SocketUser user, String leavingSocketId);

  Future<Void> close();

  NodeRoster NONE = new NodeRoster() {
    @Override public void present(SocketUser user) {}

    @Override public void leftThisNode(SocketUser user, String leavingSocketId) {}

    @Override public Future<Void> close() {
      return Future.succeededFuture();
    }
  };
}
