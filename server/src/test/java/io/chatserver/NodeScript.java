package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the JavaScript client scripts of src/test/js (the official socket.io-client, installed by
 * {@code npm ci} during process-test-resources) and asserts that it finished with its success line.
 */
public final class NodeScript {

  private NodeScript() {}

  public static void passes(String script, String successLine, String... args) throws Exception {
    File dir = new File("src/test/js");
    assertThat(new File(dir, "node_modules/socket.io-client")).as("npm ci ran").exists();
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Process node = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
    boolean finished = node.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly();
    }
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(finished).as("node finished: " + output).isTrue();
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).contains(successLine);
  }
}
