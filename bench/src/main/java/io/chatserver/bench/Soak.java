package io.chatserver.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * soak: a long mixed load that must leave nothing behind on the server. Stable sockets sit in the public
 * room; every second some of them disconnect and fresh ones connect and join; slow readers join and stop
 * reading (their backlog piles up on the server until it drops them) and are replaced every minute; public
 * and private messages and REST history reads run at fixed rates. After the warm-up, every few minutes and
 * at the end the server's heap after a full GC, threads, open files and RSS are taken: none may grow.
 */
public final class Soak {
  private final Ctx ctx;
  private final Random random = new Random(42);
  private final int seconds;
  private final int warmup;
  private final int sockets;
  private final int churnPerSecond;
  private final int slowReaders;
  private final int publicRate;
  private final int privateRate;
  private final int restRate;
  private final int sampleSeconds;
  private List<Users.User> users;
  private final List<SioConn> stable = new ArrayList<>();
  private final List<SioConn> slow = new ArrayList<>();
  private long publicSent;
  private long privateSent;
  private long framesReceived;
  private long errorFrames;
  private String firstError;
  private long connects;
  private long connectFailures;
  private long disconnects;
  private long restOk;
  private long restFailed;
  private long seq;
  private volatile boolean stopping;

  private Soak(Ctx ctx) {
    this.ctx = ctx;
    Args a = ctx.args;
    seconds = a.integer("soak-seconds", 1800);
    warmup = a.integer("soak-warmup", 60);
    sockets = a.integer("soak-sockets", 300);
    churnPerSecond = a.integer("soak-churn", 10);
    slowReaders = a.integer("soak-slow", 10);
    publicRate = a.integer("soak-public-rate", 20);
    privateRate = a.integer("soak-private-rate", 20);
    restRate = a.integer("soak-rest-rate", 20);
    sampleSeconds = a.integer("soak-sample-seconds", 300);
  }

  public static Result run(Ctx ctx) {
    return new Soak(ctx).go();
  }

  private Result go() {
    users = ctx.users(sockets + slowReaders + 20);
    Ctx.Connected first = ctx.connectMany(sockets, 50, i -> users.get(i).token(), true, this::onFrame, 120);
    ctx.onLoop(() -> {
      for (SioConn c : first.conns) {
        c.attachment = users.get(c.index);
      }
      stable.addAll(first.conns);
      return null;
    });
    Ctx.log("soak: %d stable sockets (%d failed), %d s after a %d s warm-up", first.conns.size(), first.failed, seconds, warmup);
    long[] timers = ctx.onLoop(() -> new long[] {
        ctx.vertx.setPeriodic(100, id -> tick()),
        ctx.vertx.setPeriodic(1000, id -> churn()),
        ctx.vertx.setPeriodic(60_000, id -> replaceSlowReaders()),
    });
    ctx.onLoop(() -> {
      replaceSlowReaders();
      return null;
    });

    Ctx.sleep(warmup);
    JsonArray samples = new JsonArray();
    JsonObject start = sample(0);
    samples.add(start);
    ProcStats.Snapshot a = ProcStats.Snapshot.take(ctx.serverPid);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long next = System.nanoTime() + sampleSeconds * 1_000_000_000L;
    while (next < end) {
      Ctx.sleepUntil(next);
      samples.add(sample((int) ((next - (end - seconds * 1_000_000_000L)) / 1_000_000_000L)));
      next += sampleSeconds * 1_000_000_000L;
    }
    Ctx.sleepUntil(end);
    JsonObject last = sample(seconds);
    samples.add(last);
    ProcStats.Snapshot b = ProcStats.Snapshot.take(ctx.serverPid);

    stopping = true;
    ctx.onLoop(() -> {
      for (long t : timers) {
        ctx.vertx.cancelTimer(t);
      }
      return null;
    });
    List<SioConn> all = ctx.onLoop(() -> {
      List<SioConn> l = new ArrayList<>(stable);
      l.addAll(slow);
      return l;
    });
    ctx.closeAll(all);

    Result r = new Result("soak", "soak", "server");
    ctx.onLoop(() -> {
      r.window(a, b, publicSent + privateSent, "messages", ctx.serverPid);
      r.put("soak_seconds", seconds).put("stable_sockets", sockets).put("churn_per_s", churnPerSecond)
          .put("slow_readers", slowReaders).put("public_rate", publicRate).put("private_rate", privateRate)
          .put("rest_rate", restRate).put("public_sent", publicSent).put("private_sent", privateSent)
          .put("frames_received", framesReceived).put("error_frames", errorFrames).put("first_error_frame", firstError).put("connects", connects)
          .put("connect_failures", connectFailures).put("disconnects", disconnects).put("rest_ok", restOk)
          .put("rest_failed", restFailed).put("samples", samples);
      for (String k : List.of("heap_after_gc_kb", "threads", "open_files", "rss_kb")) {
        r.put("start_" + k, start.getLong(k)).put("end_" + k, last.getLong(k));
      }
      return null;
    });
    Ctx.log("soak: heap after GC %d -> %d KiB, threads %d -> %d, open files %d -> %d, RSS %d -> %d KiB",
        start.getLong("heap_after_gc_kb"), last.getLong("heap_after_gc_kb"), start.getLong("threads"),
        last.getLong("threads"), start.getLong("open_files"), last.getLong("open_files"), start.getLong("rss_kb"),
        last.getLong("rss_kb"));
    return r;
  }

  /** The server's state now: heap after a full GC, threads, descriptors, RSS (the load keeps running). */
  private JsonObject sample(int atSecond) {
    ProcStats.requestGc(ctx.serverPid);
    JsonObject s = new JsonObject().put("at_s", atSecond)
        .put("heap_after_gc_kb", ProcStats.heapUsedKb(ctx.serverPid))
        .put("threads", ProcStats.threads(ctx.serverPid))
        .put("open_files", ProcStats.openFiles(ctx.serverPid))
        .put("rss_kb", ProcStats.rssKb(ctx.serverPid));
    Ctx.log("soak sample %s", s.encode());
    return s;
  }

  private void onFrame(SioConn c, byte[] f, int off, int len) {
    framesReceived++;
    if (Marker.startsWith(f, off, len, "42[\"error\"")) {
      if (errorFrames++ == 0) {
        firstError = new String(f, off, Math.min(len, 200), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
  }

  /** One tenth of a second of messages and history reads. */
  private void tick() {
    if (stopping || stable.size() < 2) {
      return;
    }
    for (int i = 0; i < publicRate / 10; i++) {
      SioConn c = stable.get(random.nextInt(stable.size()));
      c.emit("[\"send_public_message\",{\"content\":\"soak " + seq++ + "\"}]");
      publicSent++;
    }
    for (int i = 0; i < privateRate / 10; i++) {
      SioConn from = stable.get(random.nextInt(stable.size()));
      Users.User to = (Users.User) stable.get(random.nextInt(stable.size())).attachment;
      if (to == from.attachment) {
        continue;
      }
      from.emit("[\"send_private_message\",{\"other_user_id\":" + to.id() + ",\"content\":\"soak " + seq++ + "\"}]");
      privateSent++;
    }
    for (int i = 0; i < restRate / 10; i++) {
      Users.User u = users.get(random.nextInt(users.size()));
      Users.call(ctx.setupHttp(), ctx.host, ctx.port, HttpMethod.GET, "/api/messages?limit=50", u.token(), null)
          .onComplete(ar -> {
            if (ar.succeeded() && ar.result().status() == 200) {
              restOk++;
            } else {
              restFailed++;
            }
          });
    }
  }

  /** Some stable sockets leave (closing the WebSocket) and as many new ones connect and join. */
  private void churn() {
    if (stopping) {
      return;
    }
    for (int i = 0; i < churnPerSecond && !stable.isEmpty(); i++) {
      SioConn gone = stable.remove(random.nextInt(stable.size()));
      gone.close();
      disconnects++;
      connect((Users.User) gone.attachment, false);
    }
  }

  /** Closes the slow readers (whatever the server did with them) and opens new ones. */
  private void replaceSlowReaders() {
    if (stopping) {
      return;
    }
    for (SioConn c : slow) {
      c.close();
      disconnects++;
    }
    slow.clear();
    for (int i = 0; i < slowReaders; i++) {
      connect(users.get(sockets + i), true);
    }
  }

  private void connect(Users.User u, boolean slowReader) {
    SioConn.connect(ctx.ws, ctx.host, ctx.port, u.token(), false, u.index(), this::onFrame)
        .compose(c -> c.emitWithAck("[\"join_public\"]").map(ack -> c))
        .onComplete(ar -> {
          if (ar.failed()) {
            connectFailures++;
            return;
          }
          connects++;
          SioConn c = ar.result();
          c.attachment = u;
          if (stopping) {
            c.close();
          } else if (slowReader) {
            c.pauseReading();
            slow.add(c);
          } else {
            stable.add(c);
          }
        });
  }
}
