package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socket.client.IO;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The upgrade listener (C114: the chat server's connection guard lets an upgraded connection's HTTP state
 * go when told) hears of a WebSocket opened directly and of one upgraded from polling, on the thread of
 * the connection.
 */
class UpgradeListenerTest {

  @Test
  void everyRequestThatBecameAWebSocketIsReported() {
    List<String> heard = new CopyOnWriteArrayList<>();
    ScenarioServer server = new ScenarioServer(new SocketIoOptions().setUpgradeListener(req -> heard.add(
        (req.getParam("sid") == null ? "open" : "upgrade") + (io.vertx.core.Context.isOnEventLoopThread() ? "" : " off-loop"))));
    List<io.socket.client.Socket> clients = List.of(
        client(server, new String[] {WebSocket.NAME}, false),
        client(server, new String[] {Polling.NAME, WebSocket.NAME}, true));
    try {
      clients.forEach(io.socket.client.Socket::connect);
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
      assertThat(heard).containsExactlyInAnyOrder("open", "upgrade");
    } finally {
      clients.forEach(io.socket.client.Socket::close);
      server.close();
    }
  }

  private static io.socket.client.Socket client(ScenarioServer server, String[] transports, boolean upgrade) {
    IO.Options opts = IO.Options.builder().setTransports(transports).setUpgrade(upgrade)
        .setReconnection(false).setForceNew(true).build();
    return IO.socket(URI.create(server.url() + "/"), opts);
  }
}
