package io.chatserver.realtime;

import io.chatserver.ClientScript;
import io.chatserver.TestServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decision 34 on one node, with the official socket.io-client (recovery-scenario.mjs): recovery with
 * the messages sent meanwhile, a revoked token and another user's token refused before any replay,
 * presence without flicker; and, with a one-second window, user_left once the window passed.
 */
class RecoveryTest {

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling"})
  void recovers(String transport) throws Exception {
    try (TestServer server = TestServer.start()) {
      ClientScript.node("recovery-scenario.mjs", "RECOVERY OK", url(server), transport, "recover");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket"})
  void userLeftOnlyAfterTheWindow(String transport) throws Exception {
    try (TestServer server = TestServer.start(Files.createTempDirectory("chat-test"),
        Map.of("RECOVERY_WINDOW_MS", "1000"))) {
      ClientScript.node("recovery-scenario.mjs", "RECOVERY OK", url(server), transport, "expire");
    }
  }

  private static String url(TestServer server) {
    return "http://127.0.0.1:" + server.chatServer().port();
  }
}
