package io.chatserver.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.Sequence;
import io.chatserver.socketio.adapter.SequenceSource;
import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sequenced broadcasts ({@link BroadcastOperator#sequenced}) over a real Engine.IO session: whatever
 * order they are emitted in, a socket gets each series in position order, once; a position that never
 * comes is read back from the namespace's {@link SequenceSource}, and one the source no longer has is
 * skipped, so a series never stalls.
 */
class SequencedBroadcastTest {
  static Vertx vertx;
  static SocketIoServer io;
  static int port;
  static final Map<String, Socket> sockets = new ConcurrentHashMap<>();
  /** What the source "stored": series key -> positions it can read back. */
  static final Map<String, List<Long>> stored = new ConcurrentHashMap<>();
  static final List<String> reads = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    io = SocketIoServer.create(vertx, new SocketIoOptions());
    io.of("/").onConnection(s -> sockets.put(s.id(), s)).sequenceSource((key, after, before) -> {
      reads.add(key + ":" + after + ":" + before);
      List<SequenceSource.Sequenced> out = new ArrayList<>();
      for (long p : stored.getOrDefault(key, List.of())) {
        if (p > after && p < before) {
          out.add(new SequenceSource.Sequenced(Packet.event("/", "e", new Object[] {key + p + "(read back)"}),
              new BroadcastOptions(Set.of(key), Set.of(), false, false, new Sequence(key, p))));
        }
      }
      return Future.succeededFuture(out);
    });
    port = vertx.createHttpServer(io.options.tune(new HttpServerOptions())).requestHandler(io::handle)
        .listen(0).await().actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  static String poll(String sid) {
    return "http://localhost:" + port + "/socket.io/?EIO=4&transport=polling&sid=" + sid;
  }

  static String openAndConnect(String room) {
    String sid = new JsonObject(Http.get("http://localhost:" + port + "/socket.io/?EIO=4&transport=polling")
        .body().substring(1)).getString("sid");
    assertThat(Http.post(poll(sid), "40").statusCode()).isEqualTo(200);
    String connect = Http.get(poll(sid)).body();
    String socketId = new JsonObject(connect.substring(2)).getString("sid");
    await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(socketId));
    sockets.get(socketId).join(room);
    return sid;
  }

  /** Polls until {@code count} events arrived; answers their payloads in arrival order. */
  static List<String> receive(String sid, int count) {
    List<String> got = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      for (String packet : Http.get(poll(sid)).body().split("\u001e")) {
        if (packet.startsWith("42")) got.add(packet.substring(packet.indexOf(',') + 2, packet.length() - 2));
      }
      return got.size() >= count;
    });
    return got;
  }

  static void emit(String key, long position) {
    io.of("/").to(key).sequenced(key, position).emit("e", key + position).await();
  }

  @Test
  void positionsEmittedOutOfOrderArriveInOrderAndRepeatsAreDropped() {
    String sid = openAndConnect("a");
    emit("a", 1);
    emit("a", 3);
    emit("a", 2);
    emit("a", 2);
    emit("a", 4);
    assertThat(receive(sid, 4)).containsExactly("a1", "a2", "a3", "a4");
    assertThat(reads).noneMatch(r -> r.startsWith("a:"));
  }

  @Test
  void aPositionThatNeverComesIsReadBackFromTheSource() {
    String sid = openAndConnect("b");
    stored.put("b", List.of(2L));
    emit("b", 1);
    emit("b", 3);
    assertThat(receive(sid, 3)).containsExactly("b1", "b2(read back)", "b3");
    assertThat(reads).contains("b:1:3");
  }

  @Test
  void aPositionTheSourceNoLongerHasIsSkipped() {
    String sid = openAndConnect("c");
    emit("c", 1);
    emit("c", 3);
    emit("c", 4);
    assertThat(receive(sid, 3)).containsExactly("c1", "c3", "c4");
    emit("c", 2); // too late: it was superseded by 3
    emit("c", 5);
    assertThat(receive(sid, 1)).containsExactly("c5");
  }

  @Test
  void anUnknownSeriesStartsAtTheSmallestPositionThatArrivesWithinTheWait() {
    String sid = openAndConnect("d");
    emit("d", 8);
    emit("d", 7);
    emit("d", 9);
    assertThat(receive(sid, 3)).containsExactly("d7", "d8", "d9");
  }
}
