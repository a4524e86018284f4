package io.chatserver.socketio;

/** Replies to a client event that carried an ack id. Only the first call is sent; thread-safe. */
@FunctionalInterface
public interface Ack {
  void send(Object... args);
}
