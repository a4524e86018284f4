package io.chatserver.realtime;

import io.chatserver.socketio.ConnectMiddleware;
import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.Socket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MAX_SOCKETS_PER_USER, as a connect middleware after {@link SocketAuthenticator}: a socket beyond
 * the cap is refused with a connect error; the user's open sockets are left alone. This node's
 * sockets of a user are counted exactly (a slot is taken here and given back on disconnect). In a
 * cluster, the user's sockets on other nodes are asked of the adapter (the user's room), so the cap
 * holds cluster-wide, give or take connects racing on different nodes at the same moment.
 */
final class SocketsPerUser implements ConnectMiddleware {

  /** A socket accepted here whose client left before it connected gives its slot back after this. */
  private static final long UNCONNECTED_SLOT_MS = 30_000;

  private final Vertx vertx;
  private final Namespace ns;
  private final int max;
  private final boolean clustered;
  /** Per user, this node's sockets: connected ones and ones accepted that are connecting. */
  private final Map<Long, Set<String>> here = new ConcurrentHashMap<>();

  SocketsPerUser(Vertx vertx, Namespace ns, int max, boolean clustered) {
    this.vertx = vertx;
    this.ns = ns;
    this.max = max;
    this.clustered = clustered;
  }

  @Override
  public void handle(Socket socket, Next next) {
    long userId = SocketUser.from(socket.data()).id();
    onOtherNodes(userId).onComplete(others -> {
      if (!take(userId, socket.id(), max - (others.succeeded() ? others.result() : 0))) {
        next.refuseAndClose("Too many connections for this user (at most " + max + "): close another one first");
        return;
      }
      socket.onDisconnect(reason -> giveBack(userId, socket.id()));
      vertx.setTimer(UNCONNECTED_SLOT_MS, t -> {
        if (ns.socket(socket.id()) == null) {
          giveBack(userId, socket.id()); // never connected (a connected one gave it back on disconnect)
        }
      });
      next.accept();
    });
  }

  /** The user's sockets on other nodes: those in the user's room that this node does not hold. */
  private Future<Integer> onOtherNodes(long userId) {
    if (!clustered) {
      return Future.succeededFuture(0);
    }
    return ns.adapter().sockets(Set.of(Rooms.user(userId))).map(ids -> {
      Set<String> mine = here.getOrDefault(userId, Set.of());
      return (int) ids.stream().filter(id -> !mine.contains(id)).count();
    });
  }

  private boolean take(long userId, String socketId, int limit) {
    boolean[] taken = {false};
    here.compute(userId, (id, sockets) -> {
      Set<String> s = sockets == null ? ConcurrentHashMap.newKeySet() : sockets;
      if (s.size() < limit) {
        taken[0] = s.add(socketId);
      }
      return s.isEmpty() ? null : s;
    });
    return taken[0];
  }

  private void giveBack(long userId, String socketId) {
    here.computeIfPresent(userId, (id, sockets) -> {
      sockets.remove(socketId);
      return sockets.isEmpty() ? null : sockets;
    });
  }
}
