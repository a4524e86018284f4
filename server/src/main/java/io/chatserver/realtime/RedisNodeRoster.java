package io.chatserver.realtime;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node liveness and per-node presence in Redis. Every node refreshes {@code <prefix>:node:<id>} with
 * an expiry (NODE_TTL_MS) and keeps {@code <prefix>:roster:<id>}, the users it has in the public room
 * (user id to {@code {"id", "username", "avatar_url"}}); the rosters together say who is online.
 * A node whose key expired (it died, e.g. kill -9) is reaped by one survivor (a short NX lock): its
 * roster is read and deleted, and each of its users not present through another node gets
 * {@code user_left}. So presence converges within about 1.3 x NODE_TTL_MS of a node's death.
 */
final class RedisNodeRoster implements NodeRoster {

  private static final Logger log = LoggerFactory.getLogger(RedisNodeRoster.class);
  /** How long a roster write or read may take before presence goes on without it. */
  private static final long WAIT_MS = 2_000;

  private final Vertx vertx;
  private final RedisAPI redis;
  private final String nodeId;
  private final String prefix;
  private final int ttlMs;
  private Presence presence;
  private long timer = -1;

  RedisNodeRoster(Vertx vertx, RedisAPI redis, String prefix, String nodeId, int ttlMs) {
    this.vertx = vertx;
    this.redis = redis;
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
  public Future<Void> present(SocketUser user) {
    return written(redis.hset(List.of(roster(nodeId), Long.toString(user.id()), user.summary().encode())));
  }

  @Override
  public Future<Void> absent(long userId) {
    return written(redis.hdel(List.of(roster(nodeId), Long.toString(userId))));
  }

  /**
   * The rosters of the other nodes that Redis knows of, merged: O(users). A node that died keeps its
   * users listed until it is reaped, which is also when they get {@code user_left}.
   */
  @Override
  public Future<Map<Long, JsonObject>> onOtherNodes() {
    return redis.smembers(nodes()).compose(members -> {
      List<Future<Response>> rosters = new ArrayList<>();
      for (Response member : members) {
        if (!member.toString().equals(nodeId)) {
          rosters.add(redis.hgetall(roster(member.toString())));
        }
      }
      return Future.all(rosters).map(all -> {
        Map<Long, JsonObject> users = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
          for (SocketUser user : users(all.<Response>resultAt(i))) {
            users.putIfAbsent(user.id(), user.summary());
          }
        }
        return users;
      });
    }).timeout(WAIT_MS, TimeUnit.MILLISECONDS);
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
    List<String> fields = new ArrayList<>(List.of(roster(nodeId)));
    for (SocketUser user : presence.usersHere()) {
      fields.add(Long.toString(user.id()));
      fields.add(user.summary().encode());
    }
    if (fields.size() > 1) {
      quietly(redis.hset(fields), "HSET");
    }
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
      List<SocketUser> users = users(roster);
      return Future.join(redis.del(List.of(roster(node))), redis.srem(List.of(nodes(), node)))
          .map(v -> users);
    }).onSuccess(users -> users.forEach(presence::announceIfGone))
        .<Void>mapEmpty()
        .onFailure(e -> log.debug("Reaping node {} failed: {}", node, e.getMessage()));
  }

  /** A roster hash: user id to the user's summary JSON (an older node wrote the bare username). */
  private static List<SocketUser> users(Response roster) {
    List<SocketUser> users = new ArrayList<>();
    if (roster.isMap()) { // RESP3
      for (String field : roster.getKeys()) {
        users.add(user(Long.parseLong(field), roster.get(field).toString()));
      }
    } else { // RESP2: field, value, field, value...
      for (int i = 0; i + 1 < roster.size(); i += 2) {
        users.add(user(roster.get(i).toLong(), roster.get(i + 1).toString()));
      }
    }
    return users;
  }

  private static SocketUser user(long id, String value) {
    if (!value.startsWith("{")) {
      return new SocketUser(id, value, null, null);
    }
    JsonObject summary = new JsonObject(value);
    return new SocketUser(id, summary.getString("username"), summary.getString("avatar_url"), null);
  }

  /** Done once Redis has it; bounded, so that a hung Redis does not hold a join or a leave. */
  private static Future<Void> written(Future<Response> command) {
    return command.<Void>mapEmpty().timeout(WAIT_MS, TimeUnit.MILLISECONDS);
  }

  private static void quietly(Future<?> command, String name) {
    command.onFailure(e -> log.debug("Redis {} failed: {}", name, e.getMessage()));
  }
}
