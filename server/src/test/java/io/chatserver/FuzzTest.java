package io.chatserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.TestServer.Account;
import io.chatserver.TestServer.Res;
import io.chatserver.fuzz.Findings;
import io.chatserver.fuzz.Fuzz;
import io.chatserver.fuzz.HandshakeFuzzer;
import io.chatserver.fuzz.RestFuzzer;
import io.chatserver.fuzz.ServerErrors;
import io.chatserver.fuzz.SocketFuzzer;
import io.chatserver.realtime.ChatClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generated malformed input against a running node (issue 11): REST requests and Engine.IO/Socket.IO
 * sessions made from the corpus in src/test/resources/fuzz/, mutated deterministically from one seed.
 * Every answer must be well-formed, no invalid input may be accepted, and afterwards the node must
 * still serve an ordinary client. A failure lists each kind of problem with example inputs and the
 * seed: {@code -Dfuzz.seed=N} replays a run; {@code -Dfuzz.rest=N} and {@code -Dfuzz.sessions=N} change
 * how many requests and sessions are generated.
 */
@ExtendWith(TestServerExtension.class)
class FuzzTest {

  static TestServer server; // started and closed by TestServerExtension

  @Test
  void malformedRestRequestsGetWellFormedAnswers() throws Exception {
    long seed = Fuzz.seed();
    long cpu = cpuMillis();
    Findings findings = new Findings();
    int sent;
    try (ServerErrors errors = new ServerErrors(findings)) {
      sent = new RestFuzzer(server, seed, findings).run(Fuzz.count("fuzz.rest", 1500), 4);
    }
    String report = findings.report("REST fuzzing", seed, sent);
    System.out.println("REST fuzzing used " + (cpuMillis() - cpu) + " ms of CPU");
    System.out.println(report);
    assertThat(findings.kinds()).as(report).isEmpty();
    nodeStillServes("websocket");
  }

  @Test
  void malformedSocketPacketsAreAnsweredWithinTheProtocolOrClosed() throws Exception {
    long seed = Fuzz.seed();
    long cpu = cpuMillis();
    Findings findings = new Findings();
    int sent;
    try (ServerErrors errors = new ServerErrors(findings)) {
      sent = new HandshakeFuzzer(server.chatServer().port(), seed, findings).run(Fuzz.count("fuzz.handshakes", 200), 4)
          + new SocketFuzzer(server, seed, findings).run(Fuzz.count("fuzz.sessions", 400), 4);
    }
    String report = findings.report("Socket.IO fuzzing", seed, sent);
    System.out.println("Socket fuzzing used " + (cpuMillis() - cpu) + " ms of CPU");
    System.out.println(report);
    assertThat(findings.kinds()).as(report).isEmpty();
    nodeStillServes("polling");
  }

  private static long cpuMillis() {
    return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
  }

  /** Health, and an ordinary user's round trip over REST and over a real Socket.IO client. */
  private static void nodeStillServes(String transport) {
    assertThat(server.get("/api/health", null).status()).isEqualTo(200);
    Account user = server.account("afterfuzz");
    Res posted = server.post("/api/messages", user.token(), new JsonObject().put("content", "still here"));
    assertThat(posted.status()).isEqualTo(201);
    Res history = server.get("/api/messages?limit=1", user.token());
    assertThat(history.json().getJsonArray("messages").getJsonObject(0).getString("content")).isEqualTo("still here");
    try (ChatClient client = ChatClient.connected(server.chatServer().port(), user.token(), transport)) {
      JsonObject ack = client.call("send_public_message", new JsonObject().put("content", "still here, live"));
      assertThat(ack.getBoolean("ok")).as(ack.encode()).isTrue();
    }
  }
}
