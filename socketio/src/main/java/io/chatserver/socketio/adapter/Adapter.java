package io.chatserver.socketio.adapter;

import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Room membership and fan-out for one namespace (the role of socket.io's Adapter). Membership
 * methods are local and synchronous (a socket's rooms live where the socket lives); anything that
 * may need other nodes returns a Future, so a clustered adapter can extend {@link InMemoryAdapter}
 * and publish/collect without changing the public API. Implementations must be thread-safe.
 */
public interface Adapter {
  default Future<Void> init() {
    return Future.succeededFuture();
  }

  default Future<Void> close() {
    return Future.succeededFuture();
  }

  void addAll(String socketId, Set<String> rooms);

  void del(String socketId, String room);

  void delAll(String socketId);

  /** Sends to every matching socket; the packet is encoded once. */
  Future<Void> broadcast(Packet packet, BroadcastOptions options);

  /** Ids of sockets in any of the rooms (all when empty). */
  Future<Set<String>> sockets(Set<String> rooms);

  /** Rooms of a local socket (empty when unknown). */
  Set<String> socketRooms(String socketId);

  Future<List<SocketInfo>> fetchSockets(BroadcastOptions options);

  Future<Void> addSockets(BroadcastOptions options, Set<String> rooms);

  Future<Void> delSockets(BroadcastOptions options, Set<String> rooms);

  Future<Void> disconnectSockets(BroadcastOptions options, boolean close);

  /** Room names with at least one local member. */
  Set<String> rooms();

  /**
   * The last position of series {@code key} this node delivered to its sockets, or -1 when it does not
   * order that series (see {@link Sequencer}).
   */
  default long sequencePosition(String key) {
    return -1;
  }
}
