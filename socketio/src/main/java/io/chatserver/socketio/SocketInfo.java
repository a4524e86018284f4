package io.chatserver.socketio;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A snapshot of a socket, possibly on another node (returned by fetchSockets). */
public record SocketInfo(String id, String namespace, Set<String> rooms, JsonObject data, Handshake handshake) {}
