package io.chatserver.socketio;

import io.vertx.core.json.JsonArray;

/** Sees every incoming event of a socket (see {@link Socket#onAny}). */
@FunctionalInterface
public interface AnyEventHandler {
  void handle(String event, JsonArray args, Ack ack);
}
