package io.chatserver.socketio.adapter;

import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.recovery.SessionStore;
import io.vertx.core.Vertx;
import java.util.Collection;

/** The namespace an adapter serves, as the adapter sees it. */
public interface NamespaceRef {
  String name();

  Vertx vertx();

  /** Where persisted broadcasts are recorded when connection state recovery is on; null when off. */
  default SessionStore sessionStore() {
    return null;
  }

  /** Where gaps in sequenced broadcasts are read back from; null when the application set none. */
  default SequenceSource sequenceSource() {
    return null;
  }

  /** A socket of this namespace connected to this node, or null. */
  LocalSocket localSocket(String id);

  /**
   * Sends one encoded packet to the local sockets among {@code socketIds} (unknown ids are
   * skipped). Implementations may batch per event loop; the default sends socket by socket.
   */
  default void deliver(Collection<String> socketIds, EncodedPacket packet) {
    for (String id : socketIds) {
      LocalSocket s = localSocket(id);
      if (s != null) s.sendEncoded(packet);
    }
  }
}
