package io.chatserver.realtime;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The users with a socket of this node in {@code public_chat}, by id, with those sockets: what this
 * node knows of presence without asking anyone. Kept per user, so {@code get_online_users} costs
 * O(users) at most (O(log n + page) alone), never O(sockets). Thread-safe (sockets live on every
 * event loop).
 */
final class LocalPresence {

  private record Present(SocketUser user, JsonObject summary, Set<String> sockets) {}

  private final TreeMap<Long, Present> users = new TreeMap<>();

  /** Records that the socket is in the room. */
  synchronized void add(SocketUser user, String socketId) {
    users.computeIfAbsent(user.id(), id -> new Present(user, user.summary(), new HashSet<>(2))).sockets().add(socketId);
  }

  /** Forgets the socket; false if it was not in the room. */
  synchronized boolean remove(long userId, String socketId) {
    Present present = users.get(userId);
    if (present == null || !present.sockets().remove(socketId)) {
      return false;
    }
    if (present.sockets().isEmpty()) {
      users.remove(userId);
    }
    return true;
  }

  /** Whether the user still has a socket of this node in the room. */
  synchronized boolean has(long userId) {
    return users.containsKey(userId);
  }

  synchronized OnlinePage page(Long after, int limit) {
    return OnlinePage.of(users, after, limit, Present::summary);
  }

  /** Every user here, id to summary: this node's share of the cluster-wide list. */
  synchronized TreeMap<Long, JsonObject> summaries() {
    TreeMap<Long, JsonObject> all = new TreeMap<>();
    users.forEach((id, present) -> all.put(id, present.summary()));
    return all;
  }

  synchronized List<SocketUser> users() {
    List<SocketUser> all = new ArrayList<>(users.size());
    users.values().forEach(present -> all.add(present.user()));
    return all;
  }
}
