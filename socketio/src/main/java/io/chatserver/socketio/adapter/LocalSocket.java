package io.chatserver.socketio.adapter;

import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.parser.EncodedPacket;

/** What an adapter may do to a socket connected to this node. Thread-safe. */
public interface LocalSocket {
  String id();

  /** Queues an already encoded packet to this socket's connection. */
  void sendEncoded(EncodedPacket packet);

  /** Like {@link #sendEncoded}, unless frames are already waiting for this connection: then nothing. */
  void sendEncodedUnlessBehind(EncodedPacket packet);

  SocketInfo info();

  void disconnect(boolean close);
}
