package io.chatserver.socketio.adapter;

import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.Packet;
import io.chatserver.socketio.parser.PacketEncoder;
import io.chatserver.socketio.recovery.SessionStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Set;

/**
 * Single-node adapter: two maps (room -> sockets, socket -> rooms) under one lock. Fan-out takes a
 * snapshot of the targets under the lock and sends outside it.
 */
public class InMemoryAdapter implements Adapter {
  private static final Logger log = LoggerFactory.getLogger(InMemoryAdapter.class);

  protected final NamespaceRef nsp;
  private final Map<String, Set<String>> rooms = new HashMap<>();
  private final Map<String, Set<String>> sids = new HashMap<>();

  /** How long a sequenced broadcast waits for the positions before it before they are read back. */
  public static final long GAP_WAIT_MS = 150;
  /** A series unused this long is forgotten (and waits {@link #GAP_WAIT_MS} once when it comes back). */
  static final long SERIES_IDLE_MS = 10 * 60_000;

  protected final Sequencer sequencer;

  public InMemoryAdapter(NamespaceRef nsp) {
    this.nsp = nsp;
    this.sequencer = new Sequencer(nsp.vertx(), nsp::sequenceSource,
        filled -> broadcastNow(filled.packet(), filled.options()), GAP_WAIT_MS, SERIES_IDLE_MS);
  }

  /** This node's ordering of sequenced broadcasts (see {@link Sequencer}). */
  public Sequencer sequencer() {
    return sequencer;
  }

  @Override
  public long sequencePosition(String key) {
    return sequencer.position(key);
  }

  @Override
  public synchronized void addAll(String socketId, Set<String> toAdd) {
    Set<String> mine = sids.computeIfAbsent(socketId, k -> new HashSet<>(4));
    for (String room : toAdd) {
      if (mine.add(room)) rooms.computeIfAbsent(room, k -> new HashSet<>(4)).add(socketId);
    }
  }

  @Override
  public synchronized void del(String socketId, String room) {
    Set<String> mine = sids.get(socketId);
    if (mine != null) mine.remove(room);
    removeFromRoom(room, socketId);
  }

  @Override
  public synchronized void delAll(String socketId) {
    Set<String> mine = sids.remove(socketId);
    if (mine == null) return;
    for (String room : mine) removeFromRoom(room, socketId);
  }

  private void removeFromRoom(String room, String socketId) {
    Set<String> members = rooms.get(room);
    if (members != null && members.remove(socketId) && members.isEmpty()) rooms.remove(room);
  }

  @Override
  public Future<Void> broadcast(Packet packet, BroadcastOptions options) {
    if (options.sequence() != null) {
      sequencer.offer(options.sequence(), () -> broadcastNow(packet, options));
      return Future.succeededFuture();
    }
    return broadcastNow(packet, options);
  }

  /** Sends to the local sockets now: recorded for recovery when it can be replayed. */
  protected Future<Void> broadcastNow(Packet packet, BroadcastOptions options) {
    SessionStore store = nsp.sessionStore();
    if (store != null && persistable(packet, options)) {
      EncodedPacket encoded = PacketEncoder.encode(packet);
      // One order for the log and for every receiver: a client's last offset is then the last packet
      // it got, and a replay after it neither repeats nor skips one.
      synchronized (this) {
        String offset = store.append(nsp.name(), encoded, options);
        deliver(offset == null ? encoded : SessionStore.withOffset(encoded, offset), computeTargets(options), options,
            offset != null);
      }
      return Future.succeededFuture();
    }
    List<String> targets = computeTargets(options);
    if (!targets.isEmpty()) deliver(PacketEncoder.encode(packet), targets, options, true);
    return Future.succeededFuture();
  }

  /**
   * Events without an acknowledgement are recorded for recovery (an ack cannot be replayed), as in
   * socket.io; volatile ones are not (they may be lost by definition).
   */
  protected static boolean persistable(Packet packet, BroadcastOptions options) {
    return packet.type() == Packet.EVENT && packet.id() < 0 && !options.dropWhenBehind();
  }

  /**
   * Sends an already encoded packet to the matching sockets of this node: a clustered adapter relays
   * a remote broadcast with it, encoded once per node rather than once per receiver. {@code logged}:
   * whether a packet that recovery persists carries its offset (see {@link LocalSocket#sendPersisted}).
   */
  protected void broadcastLocally(EncodedPacket encoded, BroadcastOptions options, boolean logged) {
    deliver(encoded, computeTargets(options), options, logged);
  }

  private void deliver(EncodedPacket encoded, List<String> targets, BroadcastOptions options, boolean logged) {
    boolean persisted = !options.dropWhenBehind() && (options.sequence() != null || !logged);
    for (String id : targets) {
      LocalSocket s = nsp.localSocket(id);
      if (s == null) continue;
      try {
        if (options.dropWhenBehind()) {
          s.sendEncodedUnlessBehind(encoded);
        } else if (persisted) {
          s.sendPersisted(encoded, options.sequence(), logged);
        } else {
          s.sendEncoded(encoded);
        }
      } catch (RuntimeException e) {
        // One broken connection must not cost the rest of the room its packet.
        log.warn("Broadcast to socket {} failed: {}", id, e.toString());
      }
    }
  }

  /** Local socket ids matching the options (snapshot). */
  protected synchronized List<String> computeTargets(BroadcastOptions options) {
    Set<String> excluded = null;
    if (!options.except().isEmpty()) {
      excluded = new HashSet<>();
      for (String room : options.except()) {
        Set<String> members = rooms.get(room);
        if (members != null) excluded.addAll(members);
      }
    }
    List<String> out = new ArrayList<>();
    if (options.rooms().isEmpty()) {
      for (String id : sids.keySet()) if (excluded == null || !excluded.contains(id)) out.add(id);
    } else {
      Set<String> seen = options.rooms().size() > 1 ? new HashSet<>() : null;
      for (String room : options.rooms()) {
        Set<String> members = rooms.get(room);
        if (members == null) continue;
        for (String id : members) {
          if ((excluded == null || !excluded.contains(id)) && (seen == null || seen.add(id))) out.add(id);
        }
      }
    }
    return out;
  }

  @Override
  public Future<Set<String>> sockets(Set<String> roomSet) {
    return Future.succeededFuture(new HashSet<>(computeTargets(new BroadcastOptions(roomSet, Set.of(), true))));
  }

  @Override
  public synchronized Set<String> socketRooms(String socketId) {
    Set<String> mine = sids.get(socketId);
    return mine == null ? Set.of() : Set.copyOf(mine);
  }

  @Override
  public synchronized Set<String> rooms() {
    return Set.copyOf(rooms.keySet());
  }

  @Override
  public Future<List<SocketInfo>> fetchSockets(BroadcastOptions options) {
    List<SocketInfo> out = new ArrayList<>();
    for (String id : computeTargets(options)) {
      LocalSocket s = nsp.localSocket(id);
      if (s != null) out.add(s.info());
    }
    return Future.succeededFuture(out);
  }

  @Override
  public Future<Void> addSockets(BroadcastOptions options, Set<String> toAdd) {
    for (String id : computeTargets(options)) {
      if (nsp.localSocket(id) != null) addAll(id, toAdd);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> delSockets(BroadcastOptions options, Set<String> toDel) {
    for (String id : computeTargets(options)) {
      for (String room : toDel) del(id, room);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> disconnectSockets(BroadcastOptions options, boolean close) {
    for (String id : computeTargets(options)) {
      LocalSocket s = nsp.localSocket(id);
      if (s != null) s.disconnect(close);
    }
    return Future.succeededFuture();
  }
}
