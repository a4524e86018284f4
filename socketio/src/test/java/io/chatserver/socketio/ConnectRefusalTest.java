package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A middleware may refuse and keep the connection (other namespaces can still connect), or refuse and
 * close it: the client reads the CONNECT_ERROR first, then the connection goes.
 */
class ConnectRefusalTest {
  static Vertx vertx;
  static String ws;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    SocketIoServer io = SocketIoServer.create(vertx, new SocketIoOptions());
    io.of("/").use((socket, next) -> next.refuseAndClose("go away"));
    io.of("/soft").use((socket, next) -> next.refuse("not here"));
    io.of("/open");
    int port = vertx.createHttpServer().requestHandler(io::handle).listen(0).await().actualPort();
    ws = "ws://localhost:" + port + "/socket.io/?EIO=4&transport=websocket";
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void refuseAndCloseSendsTheErrorThenClosesTheConnection() throws Exception {
    RawWs s = RawWs.connect(ws);
    assertThat((String) s.next()).startsWith("0");
    s.send("40{\"token\":\"bad\"}");
    assertThat(s.nextSkippingPings()).isEqualTo("44{\"message\":\"go away\"}");
    assertThat(s.awaitClosed()).isTrue();
  }

  @Test
  void refuseKeepsTheConnectionForOtherNamespaces() throws Exception {
    RawWs s = RawWs.connect(ws);
    assertThat((String) s.next()).startsWith("0");
    s.send("40/soft,");
    assertThat(s.nextSkippingPings()).isEqualTo("44/soft,{\"message\":\"not here\"}");
    s.send("40/open,");
    assertThat((String) s.nextSkippingPings()).startsWith("40/open,{\"sid\":");
  }
}
