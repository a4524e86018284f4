package io.chatserver.realtime;

import io.chatserver.ClientScript;
import io.chatserver.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** python-socketio 5.x (decision 1's third client) chats over every transport: chat_scenario.py. */
class PythonClientChatTest {

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
  void chatScenario(String transport) throws Exception {
    ClientScript.python("chat_scenario.py", "PYTHON OK", "http://127.0.0.1:" + server.chatServer().port(),
        transport);
  }
}
