package io.chatserver.bench.floor;

import io.chatserver.bench.ProcStats;
import io.chatserver.chats.PrivateChatService;
import io.chatserver.chats.PrivateChatStore;
import io.chatserver.db.Database;
import io.chatserver.events.ChatEvents;
import io.chatserver.messages.MessageService;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.metrics.Metrics;
import io.chatserver.reads.ReadMoved;
import io.chatserver.reads.ReadStore;
import io.chatserver.users.DeletedUser;
import io.chatserver.users.User;
import io.chatserver.users.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write path's floor: sends through the chat server's own {@link MessageService}, {@link Database} and
 * SQLite writer (group commit, {@code synchronous=FULL}), with no HTTP, no sockets and no pushes: what a
 * stored message costs at least on this machine, the way the bare servers are the floors of HTTP and
 * WebSocket. {@code private}: P pairs, each with W sends in flight, alternating direction as the private
 * scenario's round trips do; {@code public}: P authors with W posts in flight each, as REST POST. Prints
 * one JSON line: sends/s and the process's CPU per send, with and without the JIT compiler's threads.
 *
 * <pre>java -cp server/target/chat-server.jar:bench/target/chat-bench.jar \
 *   io.chatserver.bench.floor.WritePathFloor private|public [pairs] [window] [warm-up s] [duration s]</pre>
 */
public final class WritePathFloor {

  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private WritePathFloor() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length > 0 ? args[0] : "private";
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 5;
    double duration = args.length > 4 ? Double.parseDouble(args[4]) : 10;
    if (!kind.equals("private") && !kind.equals("public")) {
      throw new IllegalArgumentException("private or public, not " + kind);
    }
    Path dir = Files.createTempDirectory("write-floor");
    Vertx vertx = Vertx.vertx();
    BatchSizes batches = new BatchSizes();
    Database db = Database.open(vertx, "jdbc:sqlite:" + dir.resolve("chat.db"), 4, Database.DEFAULT_WRITE_STALL_MS,
        batches);
    Clock clock = Clock.systemUTC();
    UserStore users = new UserStore();
    List<User> people = new ArrayList<>();
    for (int i = 0; i < 2 * pairs; i++) {
      String name = "floor" + i;
      people.add(db.tx(h -> users.insert(h, name, name + "@example.com", "unused", null, clock.millis()))
          .await(30, TimeUnit.SECONDS));
    }
    MessageService messages = new MessageService(db, new MessageStore(), new ReadStore(),
        new PrivateChatService(db, new PrivateChatStore(), users, clock), NO_EVENTS, clock);

    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[] counter = new long[1];
    vertx.runOnContext(v -> {
      for (int p = 0; p < pairs; p++) {
        for (int w = 0; w < window; w++) {
          loop(messages, kind, people.get(2 * p).id(), people.get(2 * p + 1).id(), counter, sent, failed);
        }
      }
    });
    sleep(warmup);
    long pid = ProcessHandle.current().pid();
    long cpu0 = ProcStats.cpuNanos(pid);
    long jit0 = ProcStats.compilerCpuNanos(pid);
    long sent0 = sent.get();
    long batches0 = batches.count.get();
    long t0 = System.nanoTime();
    sleep(duration);
    long units = sent.get() - sent0;
    long batchCount = batches.count.get() - batches0;
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu = ProcStats.cpuNanos(pid) - cpu0;
    long jit = ProcStats.compilerCpuNanos(pid) - jit0;
    // One result in the shape of the load generator's, so that the report lists it with the others.
    System.out.println(String.format(Locale.ROOT,
        "[{\"name\":\"floor_write_%s\",\"scenario\":\"floor_write\",\"target\":\"write floor\",\"unit\":\"send\","
            + "\"pairs\":%d,\"window\":%d,\"window_s\":%.3f,\"units\":%d,\"rate_per_s\":%.1f,"
            + "\"server_cpu_util\":%.3f,\"server_cpu_us_per_unit\":%.3f,\"server_cpu_us_per_unit_without_jit\":%.3f,"
            + "\"mean_batch\":%.1f,\"failed\":%d}]",
        kind, pairs, window, seconds, units, units / seconds, cpu / 1e9 / seconds, cpu / 1e3 / units,
        (cpu - jit) / 1e3 / units, batchCount == 0 ? 0.0 : (double) units / batchCount, failed.get()));
    STOPPING.set(true);
    Thread.sleep(500); // what is in flight lands before the writer closes
    db.close();
    CountDownLatch closed = new CountDownLatch(1);
    vertx.close().onComplete(v -> closed.countDown());
    closed.await(10, TimeUnit.SECONDS);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    System.exit(0);
  }

  /** One send, and the next when it is stored (private: the other way, as a reply). */
  private static void loop(MessageService messages, String kind, long a, long b, long[] counter, AtomicLong sent,
      AtomicLong failed) {
    String content = "~q~" + counter[0]++ + "~" + System.nanoTime() + "~";
    Future<?> stored = kind.equals("private") ? messages.postPrivate(a, b, content, null)
        : messages.postPublic(a, content, null);
    stored.onComplete(r -> {
      if (r.succeeded()) {
        sent.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      if (!STOPPING.get()) {
        loop(messages, kind, b, a, counter, sent, failed);
      }
    });
  }

  private static void sleep(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }

  /** Counts the writer's batches (group commits). */
  private static final class BatchSizes extends Metrics {
    final AtomicLong count = new AtomicLong();

    @Override public void writeBatch(int transactions) {
      count.incrementAndGet();
    }
  }

  /** The floor pushes nothing: nobody listens. */
  private static final ChatEvents NO_EVENTS = new ChatEvents() {
    @Override public void onPublicMessage(PublicMessage message) { }

    @Override public void onPrivateMessage(PrivateMessage message) { }

    @Override public void onMessageDeleted(long messageId, Long chatId, long seq, List<Long> participantIds) { }

    @Override public void onReadMoved(ReadMoved moved) { }

    @Override public void onMessageUpdated(PublicMessage message) { }

    @Override public void onMessageUpdated(PrivateMessage message) { }

    @Override public void onTokenRevoked(String jti, long userId) { }

    @Override public void onUserDeleted(DeletedUser user) { }

    @Override public void onPasswordChanged(long userId) { }
  };
}
