package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JavaScript socket.io-client 4.8 (src/test/js, installed by `npm ci` during
 * process-test-resources) runs client-scenario.mjs against our server.
 */
class JsClientTest {
  static ScenarioServer server;

  @BeforeAll
  static void start() {
    server = new ScenarioServer(new SocketIoOptions());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling", "upgrade"})
  void scenario(String transport) throws Exception {
    File dir = new File("src/test/js");
    assertThat(new File(dir, "node_modules/socket.io-client")).as("npm ci ran").exists();
    Process p = new ProcessBuilder("node", "client-scenario.mjs", server.url(), transport)
        .directory(dir).redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("node finished: " + out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("OK " + transport);
  }
}
