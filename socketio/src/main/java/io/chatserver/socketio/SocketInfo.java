package io.chatserver.socketio;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A snapshot of a socket, possibly on another node (returned by fetchSockets): its id, namespace,
 * rooms and public {@code data}. Never its handshake: a clustered adapter sends snapshots to other
 * nodes, and the handshake holds credentials (auth token, query, cookies and other headers).
 */
public record SocketInfo(String id, String namespace, Set<String> rooms, JsonObject data) {}
