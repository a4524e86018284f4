package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MAX_SESSIONS_PER_ADDRESS caps the Socket.IO connections one client address may hold open. */
class SessionsPerAddressTest {

  @Test
  void handshakesOverTheCapAreRefusedWithTheEngineIoError() throws Exception {
    try (TestServer server = TestServer.start(Files.createTempDirectory("chat-sessions"),
        Map.of("MAX_SESSIONS_PER_ADDRESS", "2"))) {
      HttpClient http = HttpClient.newHttpClient();
      URI handshake = URI.create("http://127.0.0.1:" + server.chatServer().port()
          + "/socket.io/?EIO=4&transport=polling");
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(handshake).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{\"sid\":");
      }
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(handshake).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(refused.body()).getInteger("code")).isEqualTo(4);
    }
  }

  @Test
  void behindATrustedProxyTheCapCountsPerForwardedClient() throws Exception {
    try (TestServer server = TestServer.start(Files.createTempDirectory("chat-sessions"),
        Map.of("MAX_SESSIONS_PER_ADDRESS", "1", "TRUSTED_PROXIES", "127.0.0.1"))) {
      HttpClient http = HttpClient.newHttpClient();
      URI handshake = URI.create("http://127.0.0.1:" + server.chatServer().port()
          + "/socket.io/?EIO=4&transport=polling");
      for (String client : new String[] {"203.0.113.7", "203.0.113.8"}) {
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(handshake)
            .header("X-Forwarded-For", client).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).as(client).isEqualTo(200);
      }
      HttpResponse<String> again = http.send(HttpRequest.newBuilder(handshake)
          .header("X-Forwarded-For", "203.0.113.7").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).isEqualTo(403);
    }
  }
}
