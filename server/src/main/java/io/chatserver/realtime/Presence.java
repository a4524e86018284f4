package io.chatserver.realtime;

import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.Socket;
import io.chatserver.socketio.SocketInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Presence in {@code public_chat} per user, not per socket (decision 21). Whether a user is present is
 * asked of the adapter ({@code fetchSockets} on the user's room), so the answer holds across nodes once
 * the adapter is clustered. Joins and leaves of one user are serialised on this node so that two tabs
 * joining at once announce the user once.
 */
final class Presence {

  private final Namespace ns;
  private final NodeRoster roster;
  private final Map<Long, Future<Void>> queues = new ConcurrentHashMap<>();

  Presence(Namespace ns, NodeRoster roster) {
    this.ns = ns;
    this.roster = roster;
  }

  /** Joins the room; the room hears of the user only if this is their first socket there. */
  Future<Void> join(Socket socket, SocketUser user) {
    return serialised(user.id(), () -> othersInPublic(socket.id(), user).map(othersPresent -> {
      boolean already = socket.rooms().contains(Rooms.PUBLIC);
      socket.join(Set.of(Rooms.PUBLIC, Rooms.inPublic(user.id())));
      roster.present(user);
      if (othersPresent || already) {
        socket.emit("user_joined", Payloads.userJoined(user));
      } else {
        ns.to(Rooms.PUBLIC).emit("user_joined", Payloads.userJoined(user));
      }
      return null;
    }));
  }

  /** Leaves the room (if in it); the room hears of it only when the user's last socket there left. */
  Future<Void> leave(Socket socket, SocketUser user) {
    if (!socket.rooms().contains(Rooms.PUBLIC)) {
      return Future.succeededFuture();
    }
    socket.leave(Rooms.PUBLIC);
    socket.leave(Rooms.inPublic(user.id()));
    return leftThisNode(socket, user);
  }

  /** A disconnected socket has already left every room; {@code wasInPublic} says if it had been there. */
  Future<Void> disconnected(Socket socket, SocketUser user, boolean wasInPublic) {
    return wasInPublic ? leftThisNode(socket, user) : Future.succeededFuture();
  }

  /** Each user with a socket in the public room, once, in the order their sockets are found. */
  Future<JsonArray> onlineUsers() {
    return ns.in(Rooms.PUBLIC).fetchSockets().map(sockets -> {
      Map<Long, JsonObject> users = new LinkedHashMap<>();
      for (SocketInfo s : sockets) {
        SocketUser user = SocketUser.from(s.data());
        users.putIfAbsent(user.id(), user.summary());
      }
      return new JsonArray(List.copyOf(users.values()));
    });
  }

  private Future<Void> leftThisNode(Socket socket, SocketUser user) {
    roster.leftThisNode(user, socket.id());
    return announceIfGone(socket.id(), user);
  }

  /** For a node found dead: its users leave unless present through another node. */
  void announceIfGone(SocketUser user) {
    announceIfGone(null, user);
  }

  private Future<Void> announceIfGone(String leavingSocketId, SocketUser user) {
    return serialised(user.id(), () -> othersInPublic(leavingSocketId, user).map(othersPresent -> {
      if (!othersPresent) {
        ns.to(Rooms.PUBLIC).emit("user_left", Payloads.userLeft(user));
      }
      return null;
    }));
  }

  /** Whether a socket of the user other than {@code socketId} is in the public room, on any node. */
  private Future<Boolean> othersInPublic(String socketId, SocketUser user) {
    return ns.adapter().sockets(Set.of(Rooms.inPublic(user.id())))
        .map(ids -> ids.stream().anyMatch(id -> !id.equals(socketId)));
  }

  /** Runs {@code step} after the previous presence step of the same user has finished. */
  private Future<Void> serialised(long userId, Supplier<Future<Void>> step) {
    Promise<Void> done = Promise.promise();
    Future<Void> previous = queues.put(userId, done.future());
    Future<Void> start = previous == null ? Future.succeededFuture() : previous.transform(ar -> Future.succeededFuture());
    start.compose(v -> step.get()).onComplete(ar -> {
      queues.remove(userId, done.future());
      done.handle(ar);
    });
    return done.future();
  }
}
