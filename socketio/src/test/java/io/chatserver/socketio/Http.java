package io.chatserver.socketio;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Tiny raw HTTP helper for polling tests. */
final class Http {
  private Http() {}

  static HttpResponse<String> get(String url) {
    return getAsync(url).join();
  }

  static CompletableFuture<HttpResponse<String>> getAsync(String url) {
    return RawWs.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String url, String body) {
    return postAsync(url, body).join();
  }

  static CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
    return RawWs.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> method(String url, String method) {
    return RawWs.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).join();
  }
}
