package io.chatserver;

import ch.qos.logback.classic.Level;
import io.chatserver.core.InvalidConfig;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one node from the environment; SIGTERM closes it gracefully. */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Config config;
    try {
      config = Config.fromEnv();
    } catch (InvalidConfig e) {
      fail(e.getMessage());
      return;
    }
    applyLogLevel(config.logLevel());
    Vertx vertx = Vertx.vertx();
    ChatServer server;
    try {
      server = ChatServer.start(vertx, config).await(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      Throwable cause = e instanceof InvalidConfig ? e : e.getCause() != null ? e.getCause() : e;
      if (cause instanceof InvalidConfig) {
        fail(cause.getMessage());
      } else {
        log.error("Start-up failed", e);
      }
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Shutting down");
      try {
        // close() bounds itself by SHUTDOWN_TIMEOUT_MS; the JVM exits when this hook returns.
        server.close().await(config.shutdownTimeoutMs() + 1_000L, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.warn("Unclean shutdown", e);
      }
      // Separately: a future chained onto vertx.close() would complete on a context that is gone.
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("Vert.x did not close cleanly", e);
      }
      log.info("Stopped");
    }, "shutdown"));
  }

  private static void fail(String message) {
    System.err.println("Configuration error: " + message);
    System.exit(2);
  }

  private static void applyLogLevel(String level) {
    org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
