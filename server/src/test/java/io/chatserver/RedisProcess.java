package io.chatserver;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A redis-server of the test's own on a free port, so that killing it disturbs nobody else. */
public final class RedisProcess implements AutoCloseable {

  public final int port;
  private Process process;

  public RedisProcess() throws Exception {
    this.port = freePort();
    start();
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public void start() throws Exception {
    process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    await().atMost(Duration.ofSeconds(20)).until(() -> listening(port));
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  public static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
