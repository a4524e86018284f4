package io.chatserver.realtime;

import static org.awaitility.Awaitility.await;

import io.chatserver.NodeProcess;
import io.chatserver.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The repository's deploy/nginx.conf, started on loopback in front of the given nodes: only the
 * upstream servers and the listen port are replaced.
 */
final class NginxProcess implements AutoCloseable {

  final int port;
  private final Process process;

  NginxProcess(List<NodeProcess> nodes) throws Exception {
    this.port = RedisProcess.freePort();
    String config = Files.readString(Path.of("..", "deploy", "nginx.conf"));
    String servers = nodes.stream().map(n -> "    server 127.0.0.1:" + n.port + ";")
        .collect(Collectors.joining("\n"));
    config = config.replaceAll("(?m)^    server 127\\.0\\.0\\.1:\\d+;\\n", "")
        .replace("    ip_hash;\n", "    ip_hash;\n" + servers + "\n")
        .replace("listen 8080;", "listen 127.0.0.1:" + port + ";");
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
