package io.chatserver.socketio.recovery;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.Sequence;
import io.chatserver.socketio.parser.EncodedPacket;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Where connection state recovery keeps sessions and the packets a disconnected client may have
 * missed (the role of socket.io's session-aware adapters). A recovery succeeds only if the store can
 * vouch for the whole gap: {@link #find} answers null when the session is unknown, expired or its
 * offset is older than what the store still holds. Implementations must be thread-safe.
 */
public interface SessionStore {

  /**
   * Records a persisted broadcast of {@code namespace} and returns its offset (appended to the
   * packet as its last argument), or null when it was not recorded: then it is delivered without an
   * offset. The in-memory adapter calls it under its lock, so it must not block. A store whose
   * adapter records broadcasts itself (a cluster-wide log) answers null here.
   */
  String append(String namespace, EncodedPacket packet, BroadcastOptions target);

  /** A socket connected, or its rooms changed: a store that must survive its node writes it now. */
  Future<Void> save(Session session);

  /**
   * The socket disconnected. {@code recoverable}: keep the session for the recovery window (the
   * client lost its connection); otherwise forget it (the client or the server ended it).
   */
  Future<Void> disconnected(Session session, boolean recoverable);

  /**
   * The session with that private id in that namespace, if it is recoverable with {@code offset}
   * (the client's last offset): null otherwise. A found session is taken: a second attempt with the
   * same pid finds nothing until the recovered socket saves it again.
   */
  Future<Session> find(String pid, String namespace, String offset);

  /**
   * The packets of {@code namespace} after {@code offset} that reached any of {@code rooms} (and
   * none of their exceptions), in order, each with its offset as last argument.
   */
  Future<List<Missed>> missedPackets(String namespace, String offset, Set<String> rooms);

  /** A missed packet, and its place in a series when it was a sequenced broadcast (else null). */
  record Missed(EncodedPacket packet, Sequence sequence) {}

  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /** Whether a broadcast to {@code target} reached a socket in {@code rooms} (socket.io's rule). */
  static boolean reached(BroadcastOptions target, Set<String> rooms) {
    boolean included = target.rooms().isEmpty();
    for (String room : rooms) {
      if (target.except().contains(room)) return false;
      if (!included && target.rooms().contains(room)) included = true;
    }
    return included;
  }

  /**
   * The packet with {@code offset} as its last argument: spliced into the encoded text (an event
   * packet's text ends with its data array's {@code ]}), so that a broadcast is encoded once for all
   * of its receivers. Offsets are plain tokens (letters, digits, {@code -}), no JSON escaping needed.
   */
  static EncodedPacket withOffset(EncodedPacket packet, String offset) {
    String text = packet.engineText();
    return new EncodedPacket(text.substring(0, text.length() - 1) + ",\"" + offset + "\"]", packet.attachments());
  }
}
