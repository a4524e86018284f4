package io.chatserver.socketio;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.Sequence;
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
  private final BroadcastOptions target;

  BroadcastOperator(Namespace ns, Set<String> rooms, Set<String> except, boolean local) {
    this(ns, new BroadcastOptions(rooms, except, local));
  }

  private BroadcastOperator(Namespace ns, BroadcastOptions target) {
    this.ns = ns;
    this.target = target;
  }

  public BroadcastOperator to(String... more) {
    Set<String> r = new HashSet<>(target.rooms());
    r.addAll(List.of(more));
    return with(r, target.except(), target.local(), target.dropWhenBehind(), target.sequence());
  }

  public BroadcastOperator in(String... more) {
    return to(more);
  }

  public BroadcastOperator except(String... more) {
    Set<String> e = new HashSet<>(target.except());
    e.addAll(List.of(more));
    return with(target.rooms(), e, target.local(), target.dropWhenBehind(), target.sequence());
  }

  public BroadcastOperator local() {
    return with(target.rooms(), target.except(), true, target.dropWhenBehind(), target.sequence());
  }

  /**
   * Socket.IO's {@code volatile}: the packet may be lost. A socket that is behind (frames of its own
   * still waiting to be written) is skipped instead of queuing one more, so a notice that is stale by the
   * time it could arrive (e.g. "typing") never adds to a slow client's backlog.
   */
  public BroadcastOperator asVolatile() {
    return with(target.rooms(), target.except(), target.local(), true, target.sequence());
  }

  /**
   * Position {@code position} of the ordered series {@code key}: every socket gets the series in order
   * and once, on every node, gaps filled from the namespace's {@link io.chatserver.socketio.adapter.SequenceSource}.
   */
  public BroadcastOperator sequenced(String key, long position) {
    return with(target.rooms(), target.except(), target.local(), target.dropWhenBehind(),
        new Sequence(key, position));
  }

  private BroadcastOperator with(Set<String> rooms, Set<String> except, boolean local, boolean dropWhenBehind,
      Sequence sequence) {
    return new BroadcastOperator(ns, new BroadcastOptions(rooms, except, local, dropWhenBehind, sequence));
  }

  public BroadcastOptions options() {
    return target;
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
