package io.chatserver.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.NodeProcess;
import io.chatserver.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while REST posts and socket events are in flight: the node drains before it closes, so every
 * write that committed was answered (a 201, or an ack with ok) and every answered write is stored. The
 * messages in the database after a restart are exactly the answered ones.
 */
class GracefulShutdownTest {

  private static final int REST_WRITERS = 6;
  private static final int SOCKET_WRITERS = 3; // one WebSocket, two long-polling

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void everyWriteInFlightAtSigtermIsAnsweredAfterItsCommit() throws Exception {
    Map<String, String> env = Map.of("DATA_DIR", Files.createTempDirectory("chat-drain").toString(),
        "JWT_SECRET", TestServer.SECRET, "AUTH_RATE_LIMIT_PER_MINUTE", "0", "SOCKET_EVENTS_PER_SECOND", "0");
    Set<String> restAnswered = ConcurrentHashMap.newKeySet();
    Set<String> socketAnswered = ConcurrentHashMap.newKeySet();
    List<ChatClient> sockets = new ArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(REST_WRITERS + SOCKET_WRITERS);
    NodeProcess node = new NodeProcess("draining", env);
    try {
      String token = login(node);
      for (int w = 0; w < REST_WRITERS; w++) {
        String writer = "rest " + w;
        writers.submit(() -> postUntilGone(node, token, writer, restAnswered));
      }
      for (int w = 0; w < SOCKET_WRITERS; w++) {
        // Long-polling sockets fetch their answers with polls that go on during the drain.
        ChatClient socket = ChatClient.connected(node.port, token, w == 0 ? "websocket" : "polling");
        sockets.add(socket);
        String writer = "socket " + w;
        writers.submit(() -> emitUntilGone(socket, writer, socketAnswered));
      }
      await().atMost(Duration.ofSeconds(60))
          .until(() -> restAnswered.size() >= 200 && socketAnswered.size() >= 100);

      assertThat(node.terminate(Duration.ofSeconds(15))).as("exits by itself after SIGTERM").isTrue();
      writers.shutdown();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      // Polling sockets are told goodbye. (The Java client's WebSocket never answers a close frame, so
      // it cannot tell; JavaScript and Python clients do.)
      for (ChatClient socket : sockets.subList(1, sockets.size())) {
        await().atMost(Duration.ofSeconds(5)).until(socket.disconnected::isDone);
      }
    } finally {
      writers.shutdownNow();
      sockets.forEach(ChatClient::close);
      node.close();
    }

    Set<String> answered = new HashSet<>(restAnswered);
    answered.addAll(socketAnswered);
    Set<String> stored;
    try (NodeProcess again = new NodeProcess("draining", env)) {
      stored = storedContents(again, login(again));
    }
    assertThat(minus(stored, answered)).as("committed but never answered").isEmpty();
    assertThat(minus(answered, stored)).as("answered but not stored").isEmpty();
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> difference = new HashSet<>(a);
    difference.removeAll(b);
    return difference;
  }

  /** POSTs until the node is gone; records the content of every 201. */
  private void postUntilGone(NodeProcess node, String token, String writer, Set<String> answered) {
    for (int i = 0; ; i++) {
      String content = writer + " message " + i;
      try {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(node.url() + "/api/messages"))
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("content", content).encode()))
            .header("Content-Type", "application/json"), token);
        if (r.statusCode() == 201) {
          answered.add(content);
        }
      } catch (IOException e) {
        return; // the node stopped accepting
      }
    }
  }

  /** Emits until the socket is refused or closed; records the content of every ack with ok. */
  private static void emitUntilGone(ChatClient socket, String writer, Set<String> answered) {
    for (int i = 0; ; i++) {
      String content = writer + " message " + i;
      CompletableFuture<JsonObject> ack = socket.ask("send_public_message", new JsonObject().put("content", content));
      try {
        CompletableFuture.anyOf(ack, socket.disconnected).get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("neither an ack nor a disconnect for " + content, e);
      }
      if (!ack.isDone()) {
        return; // disconnected without an answer: the event was not taken on
      }
      JsonObject answer = ack.join();
      if (!answer.getBoolean("ok")) {
        assertThat(answer.getString("message")).contains("shutting down");
        return;
      }
      answered.add(content);
    }
  }

  private Set<String> storedContents(NodeProcess node, String token) throws IOException {
    Set<String> contents = new HashSet<>();
    String page = "/api/messages?limit=1000";
    while (true) {
      JsonArray messages = new JsonObject(send(HttpRequest.newBuilder(URI.create(node.url() + page)).GET(), token)
          .body()).getJsonArray("messages");
      if (messages.isEmpty()) {
        return contents;
      }
      long oldest = Long.MAX_VALUE;
      for (int i = 0; i < messages.size(); i++) {
        contents.add(messages.getJsonObject(i).getString("content"));
        oldest = Math.min(oldest, messages.getJsonObject(i).getLong("id"));
      }
      page = "/api/messages?limit=1000&before=" + oldest;
    }
  }

  private String login(NodeProcess node) throws IOException {
    String username = "drain" + System.nanoTime() % 1_000_000;
    JsonObject credentials = new JsonObject().put("username", username).put("password", "password123");
    send(HttpRequest.newBuilder(URI.create(node.url() + "/api/auth/register"))
        .POST(HttpRequest.BodyPublishers.ofString(credentials.copy().put("email", username + "@example.com").encode()))
        .header("Content-Type", "application/json"), null);
    return new JsonObject(send(HttpRequest.newBuilder(URI.create(node.url() + "/api/auth/login"))
        .POST(HttpRequest.BodyPublishers.ofString(credentials.encode()))
        .header("Content-Type", "application/json"), null).body()).getString("access_token");
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
