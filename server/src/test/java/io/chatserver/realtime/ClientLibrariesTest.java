package io.chatserver.realtime;

import io.chatserver.ClientScript;
import io.chatserver.TestServer;
import io.chatserver.TestServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decision 1's clients beside the Java one, each knowing only the contract, over every transport: the
 * official JavaScript socket.io-client 4.8 plays a whole chat (chat-scenario.mjs) and python-socketio 5
 * a shorter one (chat_scenario.py).
 */
@ExtendWith(TestServerExtension.class)
class ClientLibrariesTest {

  static TestServer server; // started and closed by TestServerExtension

  private static String url() {
    return "http://127.0.0.1:" + server.chatServer().port();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling", "upgrade"})
  void javascriptClient(String transport) throws Exception {
    ClientScript.node("chat-scenario.mjs", "SCENARIO OK", url(), transport);
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling", "upgrade"})
  void pythonClient(String transport) throws Exception {
    ClientScript.python("chat_scenario.py", "PYTHON OK", url(), transport);
  }
}
