package io.chatserver.socketio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.Sequence;
import io.chatserver.socketio.adapter.SequenceSource;
import io.chatserver.socketio.parser.Packet;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sequenced broadcasts from two nodes with recovery on (the stream in Redis): Redis takes a series only
 * in order, so a position emitted before its predecessor is held until the predecessor is published
 * by the other node, or read back from the source when it never comes; receivers get the series in
 * order, each position once.
 */
class SequencedAcrossNodesTest {

  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private Node node(String prefix) {
    Node node = new Node("redis://127.0.0.1:6379", prefix, true);
    open.add(node);
    return node;
  }

  private static void emit(Node node, long position) {
    node.main.to("r").sequenced("s", position).emit("said", "p" + position).await();
  }

  @Test
  void aSeriesEmittedOutOfOrderOnTwoNodesReachesEveryReceiverInOrderOnce() throws Exception {
    String prefix = "test-" + UUID.randomUUID();
    Node a = node(prefix);
    Node b = node(prefix);
    // What the application stored (for a chat, its database): every node reads the same back.
    SequenceSource stored = (key, after, before) -> Future.succeededFuture(after < 4 && before > 4
        ? List.of(new SequenceSource.Sequenced(Packet.event("/", "said", new Object[] {"p4 read back"}),
            new BroadcastOptions(Set.of("r"), Set.of(), false, false, new Sequence("s", 4))))
        : List.of());
    a.main.sequenceSource(stored);
    b.main.sequenceSource(stored);
    List<String> onA = listen(a);
    List<String> onB = listen(b);

    emit(a, 1);
    emit(a, 3); // refused by Redis until 2 is in: held on a
    emit(b, 2); // its publication releases 3
    emit(a, 5); // 4 never comes: read back from a's source, then 5
    emit(b, 5); // a repeat
    List<String> expected = List.of("p1", "p2", "p3", "p4 read back", "p5");
    for (List<String> said : List.of(onA, onB)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> said.size() >= expected.size());
      assertThat(said).containsExactlyElementsOf(expected);
    }
  }

  /** A client of {@code node} in room "r"; what it is told, in order. */
  private List<String> listen(Node node) throws Exception {
    Socket socket = IO.socket(URI.create("http://127.0.0.1:" + node.port), IO.Options.builder()
        .setAuth(Map.of("name", "r")).setForceNew(true).setReconnection(false)
        .setTransports(new String[] {"websocket"}).build());
    List<String> said = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> connected = new CompletableFuture<>();
    socket.on("said", args -> said.add((String) args[0]));
    socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
    socket.connect();
    open.add(socket::close);
    connected.get(20, TimeUnit.SECONDS);
    CompletableFuture<Object> joined = new CompletableFuture<>();
    socket.emit("join", "r", (Ack) args -> joined.complete(args[0]));
    joined.get(20, TimeUnit.SECONDS);
    return said;
  }
}
