package io.chatserver.socketio;

import io.vertx.core.json.JsonObject;

/**
 * Runs before a socket joins a namespace. Call exactly one of {@link Next#accept()} or
 * {@link Next#refuse(JsonObject)}, from any thread, possibly later (e.g. after a database lookup).
 * A refused socket gets a CONNECT_ERROR and is never registered nor added to any room.
 */
@FunctionalInterface
public interface ConnectMiddleware {
  void handle(Socket socket, Next next);

  interface Next {
    void accept();

    /** {@code error} is sent as the CONNECT_ERROR payload: {"message": ..., "data": ... (optional)}. */
    void refuse(JsonObject error);

    default void refuse(String message) {
      refuse(new JsonObject().put("message", message));
    }

    /**
     * Refuses, and closes the whole connection shortly after (once the client had time to read the
     * CONNECT_ERROR), unless another namespace of the same connection was accepted meanwhile.
     */
    void refuseAndClose(JsonObject error);

    default void refuseAndClose(String message) {
      refuseAndClose(new JsonObject().put("message", message));
    }
  }
}
