package io.chatserver;

import static org.awaitility.Awaitility.await;

import io.chatserver.Main;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A chat node in a process of its own, started exactly as in production ({@link Main} reading the
 * environment), so that a test can kill it with SIGKILL. Its log goes to target/cluster-logs.
 */
public final class NodeProcess implements AutoCloseable {

  public final String nodeId;
  public final int port;
  /** Everything the node printed (stdout and stderr). */
  public final Path log;
  private final Process process;

  public NodeProcess(String nodeId, Map<String, String> env) throws Exception {
    this(nodeId, env, RedisProcess.freePort());
  }

  /** On a given port, e.g. to restart a killed node where its clients look for it. */
  public NodeProcess(String nodeId, Map<String, String> env, int port) throws Exception {
    this.nodeId = nodeId;
    this.port = port;
    Path logs = Files.createDirectories(Path.of("target", "cluster-logs"));
    this.log = logs.resolve(nodeId + "-" + port + "-" + System.nanoTime() + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("NODE_ID", nodeId);
    if (!env.containsKey("DATA_DIR")) {
      builder.environment().put("DATA_DIR", Files.createTempDirectory("chat-node").toString());
    }
    this.process = builder.start();
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + nodeId + " exited, see target/cluster-logs");
      }
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/api/health")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The operating system's process id, for a client script that kills the node itself. */
  public long pid() {
    return process.pid();
  }

  /** kill -9: no shutdown hook, no goodbye to Redis. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }

  /** SIGTERM, the graceful path; true if the node exited by itself within {@code limit}. */
  public boolean terminate(Duration limit) throws InterruptedException {
    process.destroy();
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the graceful path
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
