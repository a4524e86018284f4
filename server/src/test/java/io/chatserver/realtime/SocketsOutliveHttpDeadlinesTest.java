package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.TestServer;
import io.chatserver.TestServer.Account;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP head and body deadlines (here 300 ms) do not touch Socket.IO: a long-poll waiting for data
 * and a WebSocket both stay connected for many deadlines and then still answer.
 */
class SocketsOutliveHttpDeadlinesTest {

  @Test
  void longPollsAndWebSocketsAreNotCutByTheHttpDeadlines() throws Exception {
    try (TestServer server = TestServer.start(Files.createTempDirectory("chat-deadlines"), Map.of(
        "HTTP_HEADER_TIMEOUT_MS", "300", "HTTP_BODY_TIMEOUT_MS", "300"))) {
      Account alice = server.account("deadline");
      int port = server.chatServer().port();
      try (ChatClient polling = ChatClient.connected(port, alice.token(), "polling");
           ChatClient websocket = ChatClient.connected(port, alice.token(), "websocket")) {
        // Ten deadlines long, the poll in progress is not answered (nothing to say) and not cut either.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
            .until(() -> polling.isConnected() && websocket.isConnected());
        assertThat(polling.call("get_online_users").getBoolean("ok")).isTrue();
        assertThat(websocket.call("get_online_users").getBoolean("ok")).isTrue();
        assertThat(polling.disconnected).isNotDone();
        assertThat(websocket.disconnected).isNotDone();
      }
    }
  }
}
