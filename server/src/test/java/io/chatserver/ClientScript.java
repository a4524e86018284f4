package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client script against a started server and asserts that it finished with its success line:
 * the official JavaScript socket.io-client (src/test/js, installed by {@code npm ci} during
 * process-test-resources) or python-socketio (src/test/python, Debian's python3-socketio).
 */
public final class ClientScript {

  private ClientScript() {}

  public static void node(String script, String successLine, String... args) throws Exception {
    node(Map.of(), script, successLine, args);
  }

  /** With extra environment variables, e.g. NODE_EXTRA_CA_CERTS to trust a test's certificate. */
  public static void node(Map<String, String> env, String script, String successLine, String... args)
      throws Exception {
    File dir = new File("src/test/js");
    assertThat(new File(dir, "node_modules/socket.io-client")).as("npm ci ran").exists();
    run(dir, env, "node", script, successLine, args);
  }

  /** Debian's interpreter, where apt installs python3-socketio (not a pyenv or venv one). */
  public static void python(String script, String successLine, String... args) throws Exception {
    run(new File("src/test/python"), Map.of(), "/usr/bin/python3", script, successLine, args);
  }

  private static void run(File dir, Map<String, String> env, String interpreter, String script, String successLine,
      String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(interpreter, script));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(finished).as(script + " finished: " + output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains(successLine);
  }
}
