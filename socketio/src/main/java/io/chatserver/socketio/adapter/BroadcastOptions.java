package io.chatserver.socketio.adapter;

import java.util.Set;

/**
 * Target of a broadcast: sockets in any of {@code rooms} (all sockets of the namespace when empty),
 * minus sockets in any of {@code except}. {@code local} restricts a cluster-wide adapter to this node.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean local) {
  public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), false);

  public BroadcastOptions {
    rooms = Set.copyOf(rooms);
    except = Set.copyOf(except);
  }
}
