package io.chatserver.socketio.recovery;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * What connection state recovery keeps of a socket: its public id, its private id (the {@code pid}
 * the client presents to recover), its namespace, its rooms and the application's {@code data}.
 * {@code data} is opaque to the library: the application attached it (e.g. who the user is) and gets
 * it back on the recovered socket.
 */
public record Session(String pid, String sid, String namespace, Set<String> rooms, JsonObject data) {

  public Session {
    rooms = Set.copyOf(rooms);
    data = data == null ? new JsonObject() : data;
  }
}
