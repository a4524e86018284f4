package io.chatserver.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SequencerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static SequenceSource.Sequenced stored(long position) {
    return new SequenceSource.Sequenced(Packet.event("/", "e", new Object[] {position}),
        new BroadcastOptions(Set.of(), Set.of(), false, false, new Sequence("k", position)));
  }

  /**
   * Redis came back while a gap was being read back: the read to the end that the link asks for is not
   * lost in the one under way, or what was committed elsewhere meanwhile would wait for the series' next
   * push, and the last message of a conversation would never come.
   */
  @Test
  void aCatchUpAskedForDuringAReadBackFollowsIt() {
    Promise<List<SequenceSource.Sequenced>> first = Promise.promise();
    List<long[]> reads = new CopyOnWriteArrayList<>();
    SequenceSource source = (key, after, before) -> {
      reads.add(new long[] {after, before});
      if (reads.size() == 1) return first.future();
      List<SequenceSource.Sequenced> out = new ArrayList<>();
      for (long p = after + 1; p < before && p <= 5; p++) out.add(stored(p));
      return Future.succeededFuture(out);
    };
    List<Long> delivered = new CopyOnWriteArrayList<>();
    Sequencer sequencer = new Sequencer(vertx, () -> source,
        found -> delivered.add(found.options().sequence().position()), 50, 600_000);
    sequencer.seed("k", 1);
    sequencer.offer(new Sequence("k", 3), () -> delivered.add(3L)); // 2 is missing: read back after 50 ms
    await().atMost(Duration.ofSeconds(10)).until(() -> reads.size() == 1);

    sequencer.catchUp(); // the link to Redis is back; 4 and 5 were committed elsewhere meanwhile
    first.complete(List.of(stored(2)));

    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 4);
    assertThat(delivered).containsExactly(2L, 3L, 4L, 5L);
    assertThat(reads.get(1)).containsExactly(3, Long.MAX_VALUE);
  }
}
