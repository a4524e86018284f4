package io.chatserver.socketio;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Immutable selection of sockets (rooms, exclusions, local flag); every operation goes through the
 * namespace's adapter, so a clustered adapter reaches other nodes transparently.
 */
public final class BroadcastOperator {
  private final Namespace ns;
  private final Set<String> rooms;
  private final Set<String> except;
  private final boolean local;

  BroadcastOperator(Namespace ns, Set<String> rooms, Set<String> except, boolean local) {
    this.ns = ns;
    this.rooms = rooms;
    this.except = except;
    this.local = local;
  }

  public BroadcastOperator to(String... more) {
    Set<String> r = new HashSet<>(rooms);
    r.addAll(List.of(more));
    return new BroadcastOperator(ns, r, except, local);
  }

  public BroadcastOperator in(String... more) {
    return to(more);
  }

  public BroadcastOperator except(String... more) {
    Set<String> e = new HashSet<>(except);
    e.addAll(List.of(more));
    return new BroadcastOperator(ns, rooms, e, local);
  }

  public BroadcastOperator local() {
    return new BroadcastOperator(ns, rooms, except, true);
  }

  public BroadcastOptions options() {
    return new BroadcastOptions(rooms, except, local);
  }

  /** Encoded once by the adapter, whatever the number of receivers. Acks are not supported here. */
  public Future<Void> emit(String event, Object... args) {
    return ns.adapter().broadcast(Packet.event(ns.name(), event, args), options());
  }

  public Future<List<SocketInfo>> fetchSockets() {
    return ns.adapter().fetchSockets(options());
  }

  public Future<Void> disconnectSockets(boolean close) {
    return ns.adapter().disconnectSockets(options(), close);
  }

  public Future<Void> socketsJoin(String... more) {
    return ns.adapter().addSockets(options(), Set.of(more));
  }

  public Future<Void> socketsLeave(String... more) {
    return ns.adapter().delSockets(options(), Set.of(more));
  }
}
