package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
    File dir = new File("src/test/js");
    assertThat(new File(dir, "node_modules/socket.io-client")).as("npm ci ran").exists();
    Process node = new ProcessBuilder("node", "chat-scenario.mjs",
        "http://127.0.0.1:" + server.chatServer().port(), transport)
        .directory(dir).redirectErrorStream(true).start();
    boolean finished = node.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly();
    }
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(finished).as("node finished: " + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains("SCENARIO OK");
  }
}
