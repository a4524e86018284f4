package io.chatserver.edge;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The last answer on a connection, for REST requests and Socket.IO's HTTP requests alike. */
public final class Refusal {

  private Refusal() {}

  /** Answers {@code {"message"}} with {@code Connection: close}, then closes the connection. */
  public static void answerAndClose(HttpServerRequest request, int status, String message) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(new JsonObject().put("message", message).encode())
        .onComplete(done -> request.connection().close());
  }
}
