package io.chatserver.socketio;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The handshake of a socket: the CONNECT auth payload (empty object if none, and once the connection
 * handlers have run) plus the first HTTP request of its connection.
 */
public record Handshake(
    JsonObject auth, MultiMap query, MultiMap headers, String address, long issued, String url, boolean secure) {

  /** Issue time as an ISO-8601 string (socket.io's {@code handshake.time}). */
  public String time() {
    return Instant.ofEpochMilli(issued).toString();
  }
}
