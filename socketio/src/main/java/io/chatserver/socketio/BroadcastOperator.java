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
  private final boolean dropWhenBehind;

  BroadcastOperator(Namespace ns, Set<String> rooms, Set<String> except, boolean local) {
    this(ns, rooms, except, local, false);
  }

  private BroadcastOperator(Namespace ns, Set<String> rooms, Set<String> except, boolean local,
      boolean dropWhenBehind) {
    this.ns = ns;
    this.rooms = rooms;
    this.except = except;
    this.local = local;
    this.dropWhenBehind = dropWhenBehind;
  }

  public BroadcastOperator to(String... more) {
    Set<String> r = new HashSet<>(rooms);
    r.addAll(List.of(more));
    return new BroadcastOperator(ns, r, except, local, dropWhenBehind);
  }

  public BroadcastOperator in(String... more) {
    return to(more);
  }

  public BroadcastOperator except(String... more) {
    Set<String> e = new HashSet<>(except);
    e.addAll(List.of(more));
    return new BroadcastOperator(ns, rooms, e, local, dropWhenBehind);
  }

  public BroadcastOperator local() {
    return new BroadcastOperator(ns, rooms, except, true, dropWhenBehind);
  }

  /**
   * Socket.IO's {@code volatile}: the packet may be lost. A socket that is behind (frames of its own
   * still waiting to be written) is skipped instead of queuing one more, so a notice that is stale by the
   * time it could arrive (e.g. "typing") never adds to a slow client's backlog.
   */
  public BroadcastOperator asVolatile() {
    return new BroadcastOperator(ns, rooms, except, local, true);
  }

  public BroadcastOptions options() {
    return new BroadcastOptions(rooms, except, local, dropWhenBehind);
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
