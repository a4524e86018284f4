package io.chatserver.socketio.adapter;

import java.util.Set;

/**
 * Target of a broadcast: sockets in any of {@code rooms} (all sockets of the namespace when empty),
 * minus sockets in any of {@code except}. {@code local} restricts a cluster-wide adapter to this node.
 * {@code dropWhenBehind} is Socket.IO's "volatile" flag: a socket whose connection already has frames
 * waiting to be written (a slow reader, a polling client between polls) does not get the packet at all,
 * rather than get it late.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean local, boolean dropWhenBehind) {
  public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), false);

  public BroadcastOptions {
    rooms = Set.copyOf(rooms);
    except = Set.copyOf(except);
  }

  public BroadcastOptions(Set<String> rooms, Set<String> except, boolean local) {
    this(rooms, except, local, false);
  }
}
