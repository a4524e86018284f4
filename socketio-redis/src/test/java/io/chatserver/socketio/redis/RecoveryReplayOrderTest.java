package io.chatserver.socketio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.InMemoryAdapter;
import io.chatserver.socketio.adapter.Sequence;
import io.chatserver.socketio.adapter.SequenceSource;
import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ChaosTest's failure of 2026-11-27 made deterministic: a recovery replays from the Redis stream what a
 * node has not delivered yet. After Redis lost its state, the stream takes a series from whatever
 * position comes first (here 5), while a node's own order of that series is still reading 2..4 back from
 * the application. A socket recovering on that node must still get 2, 3, 4, 5, once each, never 5 first.
 */
class RecoveryReplayOrderTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
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

  private RawClient client(Node node, JsonObject auth) throws Exception {
    RawClient c = RawClient.connect(node.port, auth);
    open.add(c);
    return c;
  }

  private static SequenceSource.Sequenced stored(long position) {
    return new SequenceSource.Sequenced(Packet.event("/", "said", new Object[] {"p" + position}),
        new BroadcastOptions(Set.of("r"), Set.of(), false, false, new Sequence("s", position)));
  }

  private static List<SequenceSource.Sequenced> between(long after, long before) {
    List<SequenceSource.Sequenced> out = new ArrayList<>();
    for (long p = after + 1; p < before && p <= 4; p++) out.add(stored(p));
    return out;
  }

  @Test
  void aRecoveryOnANodeStillReadingASeriesBackGetsItInOrderOnce() throws Exception {
    String prefix = "test-" + UUID.randomUUID();
    Node a = node(prefix);
    Node b = node(prefix);
    // a reads back only when the test says so; b at once.
    AtomicReference<Promise<List<SequenceSource.Sequenced>>> slow = new AtomicReference<>();
    a.main.sequenceSource((key, after, before) -> {
      Promise<List<SequenceSource.Sequenced>> p = Promise.promise();
      slow.set(p);
      return p.future().map(found -> between(after, before));
    });
    b.main.sequenceSource((key, after, before) -> Future.succeededFuture(between(after, before)));

    a.main.to("r").sequenced("s", 1).emit("said", "p1").await();
    await().atMost(WAIT).until(() -> sequencer(a).position("s") == 1 && sequencer(b).position("s") == 1);
    // Redis loses the stream and the series' state (as when it restarts empty); 2..4 are committed meanwhile.
    a.redis.client().send(Request.cmd(Command.DEL).arg(prefix + "-stream#/#").arg(prefix + "-seq#/#s"))
        .await(10, TimeUnit.SECONDS);

    RawClient first = client(a, new JsonObject());
    first.join("r");
    a.main.to("r").emit("said", "hello").await();
    await().atMost(WAIT).until(() -> first.lastOffset() != null);
    b.main.to("r").sequenced("s", 5).emit("said", "p5").await(); // the stream's first of the series
    await().atMost(WAIT).until(() -> slow.get() != null); // a waits for 2..4, reading them back
    assertThat(first.texts()).containsExactly("hello");

    first.drop();
    await().atMost(WAIT).until(() -> a.main.socket(first.sid) == null);
    a.redis.client().send(Request.cmd(Command.PING)).await(10, TimeUnit.SECONDS);
    RawClient again = client(a, new JsonObject().put("pid", first.pid).put("offset", first.lastOffset()));
    assertThat(again.sid).as("recovered").isEqualTo(first.sid);

    slow.get().complete(List.of());
    await().atMost(WAIT).until(() -> again.texts().size() >= 4);
    assertThat(again.texts()).containsExactly("p2", "p3", "p4", "p5");
  }

  /**
   * The other half of that failure: the recovering client presented an offset from before Redis lost its
   * stream (socket.io-client keeps its last offset across a session that was not recovered). Every entry
   * of the new stream is later than it, but the stream cannot vouch for what came between: refused.
   * (Deleting the stream stands for the restart; the session is of the node's current epoch, as one
   * opened after the restart is.)
   */
  @Test
  void anOffsetFromAStreamRedisLostDoesNotRecover() throws Exception {
    String prefix = "test-" + UUID.randomUUID();
    Node a = node(prefix);
    RawClient first = client(a, new JsonObject());
    first.join("r");
    a.main.to("r").emit("said", "before").await();
    await().atMost(WAIT).until(() -> first.lastOffset() != null);
    first.drop();
    await().atMost(WAIT).until(() -> a.main.socket(first.sid) == null);
    a.main.to("r").emit("said", "lost with the stream").await();
    a.redis.client().send(Request.cmd(Command.DEL).arg(prefix + "-stream#/#")).await(10, TimeUnit.SECONDS);
    a.main.to("r").emit("said", "after").await();

    RawClient again = client(a, new JsonObject().put("pid", first.pid).put("offset", first.lastOffset()));
    assertThat(again.sid).as("not recovered").isNotEqualTo(first.sid);
    a.main.to("r").emit("said", "live").await();
    assertThat(again.texts()).isEmpty(); // a new socket, in no room: nothing replayed
  }

  /**
   * A socket given a packet that recovery persists without its offset (here a position read back from
   * the application) is not recovered: the client's last offset no longer says what it has (it may hold
   * positions the stream has after that offset, or never had), so it catches up instead. Its session is
   * forgotten at once, so that a recovery elsewhere after its node died is refused too.
   */
  @Test
  void aSessionGivenAPacketWithoutItsOffsetDoesNotRecover() throws Exception {
    String prefix = "test-" + UUID.randomUUID();
    Node a = node(prefix);
    a.main.sequenceSource((key, after, before) -> Future.succeededFuture(between(after, before)));
    RawClient first = client(a, new JsonObject());
    first.join("r");
    a.main.to("r").sequenced("s", 1).emit("said", "p1").await();
    await().atMost(WAIT).until(() -> first.texts().contains("p1"));
    a.redis.client().send(Request.cmd(Command.DEL).arg(prefix + "-seq#/#s")).await(10, TimeUnit.SECONDS);
    a.main.to("r").sequenced("s", 3).emit("said", "p3").await(); // the stream takes 3; a reads 2 back
    await().atMost(WAIT).until(() -> first.texts().size() == 3);
    assertThat(first.texts()).containsExactly("p1", "p2", "p3");
    assertThat(first.said.get(1)).as("read back: no offset").hasSize(2);
    // Forgotten at once, not only when it disconnects: a node that dies cannot leave it recoverable.
    await().atMost(WAIT).until(() -> a.redis.client().send(Request.cmd(Command.EXISTS)
        .arg(prefix + "-session#" + first.pid)).await(10, TimeUnit.SECONDS).toInteger() == 0);

    first.drop();
    await().atMost(WAIT).until(() -> a.main.socket(first.sid) == null);
    a.redis.client().send(Request.cmd(Command.PING)).await(10, TimeUnit.SECONDS);
    RawClient again = client(a, new JsonObject().put("pid", first.pid).put("offset", first.lastOffset()));
    assertThat(again.sid).as("not recovered").isNotEqualTo(first.sid);
  }

  private static io.chatserver.socketio.adapter.Sequencer sequencer(Node node) {
    return ((InMemoryAdapter) node.main.adapter()).sequencer();
  }
}
