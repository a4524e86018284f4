package io.chatserver.socketio.adapter;

import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.parser.EncodedPacket;

/** What an adapter may do to a socket connected to this node. Thread-safe. */
public interface LocalSocket {
  String id();

  /** Queues an already encoded packet to this socket's connection. */
  void sendEncoded(EncodedPacket packet);

  /**
   * Queues a broadcast that connection state recovery persists. {@code sequence} (null when none): the
   * socket drops it if it already had that position of the series or a later one. {@code logged}: false
   * when it goes without an offset (the store did not record it: Redis away, a position read back from
   * the application); the socket's session then no longer recovers, since the client's last offset no
   * longer says what it has.
   */
  default void sendPersisted(EncodedPacket packet, Sequence sequence, boolean logged) {
    sendEncoded(packet);
  }

  /** Like {@link #sendEncoded}, unless frames are already waiting for this connection: then nothing. */
  void sendEncodedUnlessBehind(EncodedPacket packet);

  SocketInfo info();

  void disconnect(boolean close);
}
