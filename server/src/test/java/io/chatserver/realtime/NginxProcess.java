package io.chatserver.realtime;

import static org.awaitility.Awaitility.await;

import io.chatserver.NodeProcess;
import io.chatserver.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A config file of the repository's deploy/ (nginx.conf unless told), started on loopback in front of
 * the given nodes: only the upstream servers, the listen ports and such paths are replaced.
 */
final class NginxProcess implements AutoCloseable {

  final int port;
  private final Process process;

  NginxProcess(List<NodeProcess> nodes) throws Exception {
    this(Path.of("..", "deploy", "nginx.conf"), nodes.stream().map(n -> n.port).toList(),
        Map.of("listen 8080;", "listen 127.0.0.1:{port};"));
  }

  /**
   * A config file of deploy/ in front of the given upstream ports; each replacement's value may name
   * {@code {port}}, the free port chosen for nginx, which is the one {@link #port} waits on.
   */
  NginxProcess(Path template, List<Integer> upstreamPorts, Map<String, String> replacements) throws Exception {
    this.port = RedisProcess.freePort();
    String config = Files.readString(template);
    String servers = upstreamPorts.stream().map(p -> "    server 127.0.0.1:" + p + ";")
        .collect(Collectors.joining("\n"));
    config = config.replaceAll("(?m)^    server 127\\.0\\.0\\.1:\\d+;\\n", "")
        .replace("    ip_hash;\n", "    ip_hash;\n" + servers + "\n");
    for (Map.Entry<String, String> r : replacements.entrySet()) {
      if (!config.contains(r.getKey())) {
        throw new IllegalArgumentException(template + " has no '" + r.getKey() + "' to replace");
      }
      config = config.replace(r.getKey(), r.getValue().replace("{port}", String.valueOf(port)));
    }
    Path dir = Files.createTempDirectory("chat-nginx");
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, config);
    process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", file.toString(),
        "-g", "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log " + dir.resolve("error.log") + ";")
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log")));
      }
      return RedisProcess.listening(port);
    });
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
