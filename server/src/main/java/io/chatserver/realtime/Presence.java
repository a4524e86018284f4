package io.chatserver.realtime;

import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.Socket;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence in {@code public_chat} per user, not per socket (decision 21). Whether a user is present is
 * asked of the adapter (the user's own public room), so the answer holds across nodes once the adapter
 * is clustered. Who is online is kept per user: this node's users in {@link LocalPresence}, other
 * nodes' in the {@link NodeRoster}, so listing them never walks sockets. Joins and leaves of one user
 * are serialised on this node so that two tabs joining at once announce the user once.
 */
final class Presence {

  private static final Logger log = LoggerFactory.getLogger(Presence.class);

  private final Namespace ns;
  private final NodeRoster roster;
  private final boolean clustered;
  private final LocalPresence here = new LocalPresence();
  /** Cluster-wide online users, id to summary: concurrent askers share one read of the roster. */
  private final SharedRead<TreeMap<Long, JsonObject>> everyone;
  private final Map<Long, Future<Void>> queues = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long recoveryWindowMs;
  /** Sockets that dropped and may recover, to the timer that lets them leave when the window passes. */
  private final Map<String, Long> awaitingRecovery = new ConcurrentHashMap<>();

  Presence(Vertx vertx, Namespace ns, NodeRoster roster, long recoveryWindowMs) {
    this.vertx = vertx;
    this.recoveryWindowMs = recoveryWindowMs;
    this.ns = ns;
    this.roster = roster;
    this.clustered = roster != NodeRoster.NONE;
    this.everyone = new SharedRead<>(() -> roster.onOtherNodes()
        .recover(e -> {
          log.debug("Online users of other nodes unavailable, answering with this node's: {}", e.getMessage());
          return Future.succeededFuture(Map.of());
        })
        .map(others -> {
          TreeMap<Long, JsonObject> all = new TreeMap<>(others);
          all.putAll(here.summaries());
          return all;
        }));
  }

  /** Joins the room; the room hears of the user only if this is their first socket there. */
  Future<Void> join(Socket socket, SocketUser user) {
    return serialised(user.id(), () -> othersInPublic(socket.id(), user).compose(othersPresent -> {
      boolean already = socket.rooms().contains(Rooms.PUBLIC);
      socket.join(Set.of(Rooms.PUBLIC, Rooms.inPublic(user.id())));
      here.add(user, socket.id());
      // Announced once the cluster's roster has the user, so whoever hears of it can list them.
      return recorded(roster.present(user), "present").map(v -> {
        if (othersPresent || already) {
          socket.emit("user_joined", Payloads.userJoined(user));
        } else {
          ns.to(Rooms.PUBLIC).emit("user_joined", Payloads.userJoined(user));
        }
        return null;
      });
    }));
  }

  /** Leaves the room (if in it); the room hears of it only when the user's last socket there left. */
  Future<Void> leave(Socket socket, SocketUser user) {
    if (!socket.rooms().contains(Rooms.PUBLIC)) {
      return Future.succeededFuture();
    }
    socket.leave(Rooms.PUBLIC);
    socket.leave(Rooms.inPublic(user.id()));
    return leftThisNode(socket.id(), user);
  }

  /**
   * A disconnected socket has already left every room; it leaves presence if it was there. Decision
   * 34: one that lost its connection (its session kept for recovery) stays listed, and leaves only
   * when the window passes without a recovery, so that presence does not flicker.
   */
  Future<Void> disconnected(Socket socket, SocketUser user) {
    if (socket.recoverable() && recoveryWindowMs > 0) {
      String id = socket.id();
      Long previous = awaitingRecovery.put(id, vertx.setTimer(recoveryWindowMs, t -> {
        if (awaitingRecovery.remove(id, t)) {
          leftAfterWindow(id, user).onFailure(e -> log.warn("Presence update after the recovery window failed", e));
        }
      }));
      if (previous != null) vertx.cancelTimer(previous);
      return Future.succeededFuture();
    }
    return leftThisNode(socket.id(), user);
  }

  /**
   * A socket recovered (decision 34), here or from another node: back in the room with its rooms, it
   * is listed again, and nobody hears {@code user_joined}: for them the user never left.
   */
  void recovered(Socket socket, SocketUser user) {
    Long timer = awaitingRecovery.remove(socket.id());
    if (timer != null) vertx.cancelTimer(timer);
    if (socket.rooms().contains(Rooms.PUBLIC)) {
      serialised(user.id(), () -> {
        here.add(user, socket.id());
        return recorded(roster.present(user), "present");
      });
    }
  }

  /**
   * A page of the users in the public room, by id, each once. Alone: O(log n + limit) from this
   * node's state. In a cluster: O(users), one roster read shared by every asker meanwhile.
   */
  Future<OnlinePage> onlineUsers(Long after, int limit) {
    if (!clustered) {
      return Future.succeededFuture(here.page(after, limit));
    }
    return everyone.get().map(all -> OnlinePage.of(all, after, limit));
  }

  /** This node's users in the public room, for a roster rewritten after a Redis restart. */
  List<SocketUser> usersHere() {
    return here.users();
  }

  private Future<Void> leftThisNode(String socketId, SocketUser user) {
    return serialised(user.id(), () -> {
      if (!here.remove(user.id(), socketId)) {
        return Future.succeededFuture(); // it was not in the room
      }
      if (here.has(user.id())) {
        return Future.succeededFuture(); // another socket of the user here is in the room, or may recover
      }
      return recorded(roster.absent(user.id()), "absent").compose(v -> announceUnlessPresent(socketId, user));
    });
  }

  /** The window passed: the socket is gone from here; if its id is in the room elsewhere, it recovered there. */
  private Future<Void> leftAfterWindow(String socketId, SocketUser user) {
    return serialised(user.id(), () -> {
      if (!here.remove(user.id(), socketId) || here.has(user.id())) {
        return Future.succeededFuture();
      }
      return recorded(roster.absent(user.id()), "absent").compose(v -> announceUnlessPresent(null, user));
    });
  }

  /** For a node found dead: its users leave unless present through another node. */
  void announceIfGone(SocketUser user) {
    serialised(user.id(), () -> announceUnlessPresent(null, user));
  }

  private Future<Void> announceUnlessPresent(String leavingSocketId, SocketUser user) {
    return othersInPublic(leavingSocketId, user).map(othersPresent -> {
      if (!othersPresent) {
        ns.to(Rooms.PUBLIC).emit("user_left", Payloads.userLeft(user));
      }
      return null;
    });
  }

  /** Whether a socket of the user other than {@code socketId} is in the public room, on any node. */
  private Future<Boolean> othersInPublic(String socketId, SocketUser user) {
    return ns.adapter().sockets(Set.of(Rooms.inPublic(user.id())))
        .map(ids -> ids.stream().anyMatch(id -> !id.equals(socketId)));
  }

  /** A roster write that failed (Redis away) is logged, not fatal: the roster is rewritten on return. */
  private static Future<Void> recorded(Future<Void> write, String what) {
    return write.recover(e -> {
      log.debug("Roster {} not recorded: {}", what, e.getMessage());
      return Future.succeededFuture();
    });
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
