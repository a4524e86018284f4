package io.chatserver.realtime;

import java.util.List;
import java.util.function.Function;
import io.vertx.core.http.HttpServerRequest;

/**
 * The settings of the real-time layer, as plain values (the wiring place reads them from the node's
 * configuration). {@code redisUrl} null: a single node; otherwise rooms and presence span every node on
 * that Redis. {@code maxSocketsPerUser} 0: no cap. {@code recoveryWindowMs} 0: no connection state recovery.
 */
public record RealtimeSettings(
    List<String> corsOrigins,
    int maxSessionsPerAddress,
    Function<HttpServerRequest, String> clientAddress,
    String redisUrl,
    String redisPrefix,
    String nodeId,
    int nodeTtlMillis,
    int maxSocketsPerUser,
    int eventsPerSecond,
    int eventBurst,
    int recoveryWindowMs) {

  boolean clustered() {
    return redisUrl != null;
  }
}
