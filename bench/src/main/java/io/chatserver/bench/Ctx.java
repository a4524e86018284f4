package io.chatserver.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/** What every scenario shares: one event loop, the clients, the target, the user pool. */
public final class Ctx {
  /** Origin of the nanosecond timestamps embedded in messages (keeps them positive). */
  public static final long T0 = System.nanoTime();

  public final Args args;
  public final Vertx vertx;
  public final String host;
  public final int port;
  public final long serverPid;
  public final boolean plain;
  /** Name of the plain-mode target in results ("floor", "floor_batched"). */
  public final String label;
  public final RawWs.Connector ws;
  private final HttpClient setupHttp;
  private final String run = Users.runId();
  private List<Users.User> users;

  public Ctx(Args args, Vertx vertx) {
    this.args = args;
    this.vertx = vertx;
    this.host = args.str("host", "127.0.0.1");
    this.port = args.integer("port", 5000);
    this.serverPid = args.lng("server-pid", -1);
    this.plain = args.bool("plain", false);
    this.label = args.str("label", "floor");
    this.ws = new RawWs.Connector(vertx);
    this.setupHttp = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(8));
  }

  public HttpClient setupHttp() {
    return setupHttp;
  }

  public static long now() {
    return System.nanoTime() - T0;
  }

  /** The user pool, created on first use (at least {@code min} users). */
  public List<Users.User> users(int min) {
    int want = Math.max(min, args.integer("users", 100));
    if (users == null || users.size() < want) {
      int have = users == null ? 0 : users.size();
      long t = System.nanoTime();
      List<Users.User> more = await(onLoopF(() -> Users.create(setupHttp, host, port, run, have, want,
          args.integer("setup-concurrency", 4))), 600);
      List<Users.User> all = new ArrayList<>(users == null ? List.of() : users);
      all.addAll(more);
      users = all;
      log("created %d users (%d new) in %.1f s", want, want - have, (System.nanoTime() - t) / 1e9);
    }
    return users;
  }

  public String runId() {
    return run;
  }

  /** Runs a supplier on the event loop and waits for its value. */
  public <T> T onLoop(Supplier<T> s) {
    CompletableFuture<T> f = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      try {
        f.complete(s.get());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  /** Starts an asynchronous operation on the event loop. */
  public <T> Future<T> onLoopF(Supplier<Future<T>> s) {
    Promise<T> p = Promise.promise();
    vertx.runOnContext(v -> s.get().onComplete(p));
    return p.future();
  }

  public static <T> T await(Future<T> f, int seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new RuntimeException(e.getCause() != null ? e.getCause() : e);
    }
  }

  public static void sleepUntil(long nanoTime) {
    long ms;
    while ((ms = (nanoTime - System.nanoTime()) / 1_000_000) > 0) {
      try {
        Thread.sleep(Math.min(ms, 100));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public static void sleep(double seconds) {
    sleepUntil(System.nanoTime() + (long) (seconds * 1e9));
  }

  public static void log(String fmt, Object... a) {
    System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(fmt, a));
  }

  /** Outcome of {@link #connectMany}. */
  public static final class Connected {
    public final List<SioConn> conns = new ArrayList<>();
    public int failed;
    public String firstError;
    public final Histogram latency = Result.histogram();
    public long startNanos;
    public long endNanos;
  }

  /**
   * Opens {@code n} connections (Socket.IO, or plain in floor mode) with at most {@code concurrency}
   * handshakes in flight; when {@code join}, each also joins the public room (waiting for the ack).
   * Completes when all have succeeded or failed, or after {@code timeoutSeconds}.
   */
  public Connected connectMany(int n, int concurrency, IntFunction<String> tokenFor, boolean join, SioConn.Listener listener,
      int timeoutSeconds) {
    return connectMany(port, n, concurrency, tokenFor, join, listener, timeoutSeconds);
  }

  /** As {@link #connectMany(int, int, IntFunction, boolean, SioConn.Listener, int)}, to the server on {@code port}. */
  public Connected connectMany(int port, int n, int concurrency, IntFunction<String> tokenFor, boolean join,
      SioConn.Listener listener, int timeoutSeconds) {
    Connected out = new Connected();
    Promise<Void> done = Promise.promise();
    int[] next = {0};
    int[] finished = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (next[0] < n && next[0] - finished[0] < concurrency) {
        int i = next[0]++;
        long t = System.nanoTime();
        Future<SioConn> f = SioConn.connect(ws, host, port, plain ? null : tokenFor.apply(i), plain, i, listener);
        if (join && !plain) {
          f = f.compose(c -> c.emitWithAck("[\"join_public\"]").map(ack -> c));
        }
        f.onComplete(ar -> {
          finished[0]++;
          if (ar.succeeded()) {
            out.conns.add(ar.result());
            Result.record(out.latency, System.nanoTime() - t);
          } else {
            out.failed++;
            if (out.firstError == null) {
              out.firstError = String.valueOf(ar.cause());
            }
          }
          if (finished[0] == n) {
            out.endNanos = System.nanoTime();
            done.tryComplete();
          } else {
            pump[0].run();
          }
        });
      }
    };
    vertx.runOnContext(v -> {
      out.startNanos = System.nanoTime();
      if (n == 0) {
        out.endNanos = out.startNanos;
        done.complete();
      } else {
        pump[0].run();
      }
    });
    try {
      await(done.future(), timeoutSeconds);
    } catch (RuntimeException e) {
      log("connectMany: %s", e.getMessage());
    }
    return onLoop(() -> {
      if (out.endNanos == 0) {
        out.endNanos = System.nanoTime();
      }
      return out;
    });
  }

  public void closeAll(List<SioConn> conns) {
    List<Future<Void>> fs = onLoop(() -> {
      List<Future<Void>> l = new ArrayList<>();
      for (SioConn c : conns) {
        l.add(c.close().recover(e -> Future.succeededFuture()));
      }
      return l;
    });
    try {
      await(Future.join(fs), 60);
    } catch (RuntimeException e) {
      log("closeAll: %s", e.getMessage());
    }
  }
}
