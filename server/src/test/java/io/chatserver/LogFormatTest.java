package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Logs" and "Stopping": a node in a process of its own with the production log
 * configuration (not the tests' one): one line per request in the documented format, LOG_LEVEL obeyed,
 * no secret in the log, and SIGTERM's shutdown logged from start to end.
 */
class LogFormatTest {

  private static final String PASSWORD = "pw-that-must-not-be-logged";
  private static final String CONTENT = "content-that-must-not-be-logged";
  private static final String REQUEST_LINE =
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[[^\\]]+\\] http - POST /api/messages 201 \\d+ms";

  private final HttpClient http = HttpClient.newHttpClient();

  private static Map<String, String> env(String logLevel) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DATA_DIR", Files.createTempDirectory("chat-logs").toString());
    env.put("JWT_SECRET", TestServer.SECRET);
    env.put("LOG_LEVEL", logLevel);
    // The jar's own logback.xml, not src/test/resources/logback-test.xml that wins on the test classpath.
    env.put("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile="
        + Path.of("target", "classes", "logback.xml").toAbsolutePath());
    return env;
  }

  @Test
  void oneLinePerRequestWithoutSecretsAndAGracefulStopOnSigterm() throws Exception {
    NodeProcess node = new NodeProcess("logs", env("INFO"));
    String token;
    try {
      token = chat(node);
    } finally {
      node.close(); // SIGTERM
    }
    List<String> log = Files.readAllLines(node.log, StandardCharsets.UTF_8);
    assertThat(log).anySatisfy(line -> assertThat(line).matches(REQUEST_LINE));
    assertThat(log).anySatisfy(line -> assertThat(line).matches(".* http - POST /api/auth/login 401 \\d+ms"));
    assertThat(String.join("\n", log))
        .doesNotContain(PASSWORD, CONTENT, token, TestServer.SECRET, "$argon2", "@example.com");
    assertThat(log.stream().filter(l -> l.contains("Shutting down") || l.contains("Stopped")).toList())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("INFO"));
  }

  @Test
  void logLevelWarnLeavesOutTheRequestLines() throws Exception {
    NodeProcess node = new NodeProcess("quiet", env("WARN"));
    try {
      chat(node);
    } finally {
      node.close();
    }
    assertThat(Files.readAllLines(node.log, StandardCharsets.UTF_8))
        .noneSatisfy(line -> assertThat(line).contains(" http - "));
  }

  /** Registers, fails a login, logs in and posts; answers the token. */
  private String chat(NodeProcess node) throws Exception {
    String username = TestServer.uniqueName("logs");
    assertThat(post(node, "/api/auth/register", null, new JsonObject().put("username", username)
        .put("email", username + "@example.com").put("password", PASSWORD)).statusCode()).isEqualTo(201);
    assertThat(post(node, "/api/auth/login", null, new JsonObject().put("username", username)
        .put("password", "wrong-" + PASSWORD)).statusCode()).isEqualTo(401);
    String token = new JsonObject(post(node, "/api/auth/login", null, new JsonObject().put("username", username)
        .put("password", PASSWORD)).body()).getString("access_token");
    assertThat(post(node, "/api/messages", token, new JsonObject().put("content", CONTENT)).statusCode())
        .isEqualTo(201);
    return token;
  }

  private HttpResponse<String> post(NodeProcess node, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
