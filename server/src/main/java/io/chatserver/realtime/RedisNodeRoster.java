package io.chatserver.realtime;

import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.SocketInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node liveness and per-node presence in Redis. Every node refreshes {@code <prefix>:node:<id>} with
 * an expiry (NODE_TTL_MS) and keeps {@code <prefix>:roster:<id>}, the users it has in the public room.
 * A node whose key expired (it died, e.g. kill -9) is reaped by one survivor (a short NX lock): its
 * roster is read and deleted, and each of its users not present through another node gets
 * {@code user_left}. So presence converges within about 1.3 x NODE_TTL_MS of a node's death.
 */
final class RedisNodeRoster implements NodeRoster {

  private static final Logger log = LoggerFactory.getLogger(RedisNodeRoster.class);

  private final Vertx vertx;
  private final RedisAPI redis;
  private final Namespace ns;
  private final String nodeId;
  private final String prefix;
  private final int ttlMs;
  private Presence presence;
  private long timer = -1;

  RedisNodeRoster(Vertx vertx, RedisAPI redis, Namespace ns, String prefix, String nodeId, int ttlMs) {
    this.vertx = vertx;
    this.redis = redis;
    this.ns = ns;
    this.prefix = prefix;
    this.nodeId = nodeId;
    this.ttlMs = ttlMs;
  }

  private String nodes() {
    return prefix + ":nodes";
  }

  private String alive(String node) {
    return prefix + ":node:" + node;
  }

  private String roster(String node) {
    return prefix + ":roster:" + node;
  }

  /** A previous life of this node id may have left a roster behind: reap it first, then beat. */
  void start(Presence presence) {
    this.presence = presence;
    reap(nodeId).onComplete(ar -> beat());
    timer = vertx.setPeriodic(Math.max(100, ttlMs / 3), t -> {
      beat();
      reapDeadNodes();
    });
  }

  @Override
  public void present(SocketUser user) {
    quietly(redis.hset(List.of(roster(nodeId), Long.toString(user.id()), user.username())), "HSET");
  }

  @Override
  public void leftThisNode(SocketUser user, String leavingSocketId) {
    ns.in(Rooms.inPublic(user.id())).local().fetchSockets().onSuccess(mine -> {
      if (mine.stream().noneMatch(s -> !s.id().equals(leavingSocketId))) {
        quietly(redis.hdel(List.of(roster(nodeId), Long.toString(user.id()))), "HDEL");
      }
    });
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return Future.join(redis.del(List.of(alive(nodeId), roster(nodeId))), redis.srem(List.of(nodes(), nodeId)))
        .<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  private void beat() {
    quietly(redis.set(List.of(alive(nodeId), "1", "PX", Integer.toString(ttlMs))), "SET");
    redis.sadd(List.of(nodes(), nodeId)).onSuccess(added -> {
      if (added.toInteger() == 1) {
        rewriteRoster(); // we were missing: Redis restarted, or we were taken for dead during an outage
      }
    });
  }

  private void rewriteRoster() {
    ns.local().in(Rooms.PUBLIC).fetchSockets().onSuccess(sockets -> {
      for (SocketInfo s : sockets) {
        present(SocketUser.from(s.data()));
      }
    });
  }

  private void reapDeadNodes() {
    redis.smembers(nodes()).onSuccess(members -> {
      for (Response member : members) {
        String node = member.toString();
        if (!node.equals(nodeId)) {
          redis.exists(List.of(alive(node))).onSuccess(exists -> {
            if (exists.toInteger() == 0) {
              lockAndReap(node);
            }
          });
        }
      }
    });
  }

  private void lockAndReap(String node) {
    redis.set(List.of(prefix + ":reaping:" + node, nodeId, "NX", "PX", Integer.toString(ttlMs)))
        .onSuccess(locked -> {
          if (locked != null && "OK".equals(locked.toString())) {
            log.info("Node {} stopped beating; announcing its users as gone", node);
            reap(node);
          }
        });
  }

  /** Removes a dead node's roster and says user_left for each of its users not present elsewhere. */
  private Future<Void> reap(String node) {
    return redis.hgetall(roster(node)).compose(roster -> {
      List<SocketUser> users = new ArrayList<>();
      if (roster.isMap()) { // RESP3
        for (String field : roster.getKeys()) {
          users.add(new SocketUser(Long.parseLong(field), roster.get(field).toString(), null, null));
        }
      } else { // RESP2: field, value, field, value...
        for (int i = 0; i + 1 < roster.size(); i += 2) {
          users.add(new SocketUser(roster.get(i).toLong(), roster.get(i + 1).toString(), null, null));
        }
      }
      return Future.join(redis.del(List.of(roster(node))), redis.srem(List.of(nodes(), node)))
          .map(v -> users);
    }).onSuccess(users -> users.forEach(presence::announceIfGone))
        .<Void>mapEmpty()
        .onFailure(e -> log.debug("Reaping node {} failed: {}", node, e.getMessage()));
  }

  private static void quietly(Future<?> command, String name) {
    command.onFailure(e -> log.debug("Redis {} failed: {}", name, e.getMessage()));
  }
}
