package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatserver.socketio.conformance.ConformanceServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Socket.IO behaviours of the official socket.io-protocol suite, over a raw WebSocket. */
class SocketIoProtocolTest {
  static Vertx vertx;
  static String ws;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    int port = ConformanceServer.start(vertx, 0).await().actualPort();
    ws = "ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket";
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static RawWs engine() throws InterruptedException {
    RawWs s = RawWs.connect(ws);
    assertThat((String) s.next()).startsWith("0");
    return s;
  }

  static RawWs connected() throws InterruptedException {
    RawWs s = engine();
    s.send("40");
    assertThat((String) s.nextSkippingPings()).startsWith("40");
    assertThat(s.nextSkippingPings()).isEqualTo("42[\"auth\",{}]");
    return s;
  }

  @Test
  void connectToMainNamespace() throws Exception {
    RawWs s = engine();
    s.send("40");
    String connect = (String) s.nextSkippingPings();
    assertThat(connect).startsWith("40");
    assertThat(new JsonObject(connect.substring(2)).fieldNames()).containsExactly("sid");
    assertThat(s.nextSkippingPings()).isEqualTo("42[\"auth\",{}]");
  }

  @Test
  void connectWithPayload() throws Exception {
    RawWs s = engine();
    s.send("40{\"token\":\"123\"}");
    assertThat((String) s.nextSkippingPings()).startsWith("40{\"sid\":");
    assertThat(s.nextSkippingPings()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
  }

  @Test
  void connectToCustomNamespace() throws Exception {
    RawWs s = engine();
    s.send("40/custom,{\"token\":\"abc\"}");
    String connect = (String) s.nextSkippingPings();
    assertThat(connect).startsWith("40/custom,");
    assertThat(new JsonObject(connect.substring(10)).fieldNames()).containsExactly("sid");
    assertThat(s.nextSkippingPings()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
  }

  @Test
  void unknownNamespaceIsRefused() throws Exception {
    RawWs s = engine();
    s.send("40/random");
    assertThat(s.nextSkippingPings()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
  }

  @Test
  void nonObjectAuthIsRefused() throws Exception {
    RawWs s = engine();
    s.send("40\"not-an-object\"");
    assertThat(s.awaitClosed()).isTrue();
  }

  @Test
  void invalidHandshakeCloses() throws Exception {
    RawWs s = engine();
    s.send("4abc");
    assertThat(s.awaitClosed()).isTrue();
  }

  @Test
  void noHandshakeClosesAfterConnectTimeout() throws Exception {
    RawWs s = engine();
    // connectTimeout is 1 s; the pings are answered so only the connect timeout can close it
    long start = System.nanoTime();
    while (!s.closed.isDone()) {
      Object m = s.messages.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
      if ("2".equals(m)) s.send("3");
      assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    }
  }

  @Test
  void disconnectFromMainNamespace() throws Exception {
    RawWs s = connected();
    s.send("41");
    assertThat(s.next()).isEqualTo("2"); // connection stays up
  }

  @Test
  void connectThenDisconnectCustomNamespace() throws Exception {
    RawWs s = connected();
    s.send("40/custom");
    assertThat((String) s.nextSkippingPings()).startsWith("40/custom,");
    assertThat(s.nextSkippingPings()).isEqualTo("42/custom,[\"auth\",{}]");
    s.send("41/custom");
    s.send("42[\"message\",\"message to main namespace\"]");
    assertThat(s.nextSkippingPings()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
  }

  @Test
  void plainEvent() throws Exception {
    RawWs s = connected();
    s.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
    assertThat(s.nextSkippingPings()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
  }

  @Test
  void binaryEvent() throws Exception {
    RawWs s = connected();
    s.send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    s.sendBinary(new byte[] {1, 2, 3});
    s.sendBinary(new byte[] {4, 5, 6});
    assertThat(s.nextSkippingPings())
        .isEqualTo("452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    assertThat((byte[]) s.nextSkippingPings()).containsExactly(1, 2, 3);
    assertThat((byte[]) s.nextSkippingPings()).containsExactly(4, 5, 6);
  }

  @Test
  void eventWithAck() throws Exception {
    RawWs s = connected();
    s.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
    assertThat(s.nextSkippingPings()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
  }

  @Test
  void binaryEventWithAck() throws Exception {
    RawWs s = connected();
    s.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    s.sendBinary(new byte[] {1, 2, 3});
    s.sendBinary(new byte[] {4, 5, 6});
    assertThat(s.nextSkippingPings())
        .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    assertThat((byte[]) s.nextSkippingPings()).containsExactly(1, 2, 3);
    assertThat((byte[]) s.nextSkippingPings()).containsExactly(4, 5, 6);
  }

  @Test
  void invalidPacketsClose() throws Exception {
    List<String> bad = new ArrayList<>(List.of("4abc", "42{}", "42abc[\"message-with-ack\",1]", "42[1", "42[]",
        "42[{}]", "42[\"connect\"]", "41{}", "49", "43[1]"));
    for (String packet : bad) {
      RawWs s = connected();
      s.send(packet);
      assertThat(s.awaitClosed()).as(packet).isTrue();
    }
  }
}
