package io.chatserver.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP floor over real HTTP: the saved page, byte for byte, with the saved headers, every time. */
class BareHttpServerTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void answersTheSavedPageWithItsHeaders() throws Exception {
    byte[] page = "{\"messages\":[{\"id\":1,\"content\":\"h\u00e9llo\"}],\"has_more\":false}".getBytes(StandardCharsets.UTF_8);
    MultiMap headers = BareHttpServer.readHeaders(List.of("content-type: application/json; charset=utf-8",
        "content-length: 999", "X-Content-Type-Options: nosniff", "", "connection: keep-alive"));
    int port = new BareHttpServer(Buffer.buffer(page), headers).listen(vertx, 0).toCompletionStage().toCompletableFuture().get();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // Several requests on one keep-alive connection: the shared body must survive being written more than once.
    for (int i = 0; i < 5; i++) {
      HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages?limit=50"))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, r.statusCode());
      assertEquals(new String(page, StandardCharsets.UTF_8), new String(r.body(), StandardCharsets.UTF_8));
      assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
      assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""));
      assertEquals(Integer.toString(page.length), r.headers().firstValue("content-length").orElse(""));
    }
    assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
    assertEquals(404, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/nope")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
    assertFalse(headers.contains("connection"));
  }
}
