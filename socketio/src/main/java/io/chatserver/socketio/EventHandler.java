package io.chatserver.socketio;

import io.vertx.core.json.JsonArray;

/** Handles one client event; {@code ack} is null when the client expects no acknowledgement. */
@FunctionalInterface
public interface EventHandler {
  void handle(JsonArray args, Ack ack);
}
