package io.chatserver.realtime;

import io.chatserver.ClientScript;
import io.chatserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official JavaScript socket.io-client 4.8 (src/test/js, installed by {@code npm ci} during
 * process-test-resources) plays a whole chat, knowing only the contract: chat-scenario.mjs.
 */
class JsClientChatTest {

  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling", "upgrade"})
  void fullChatScenario(String transport) throws Exception {
    ClientScript.node("chat-scenario.mjs", "SCENARIO OK", "http://127.0.0.1:" + server.chatServer().port(),
        transport);
  }
}
