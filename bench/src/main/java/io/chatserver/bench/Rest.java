package io.chatserver.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * rest and login: HTTP/1.1 keep-alive requests. Closed loop (C requests always in flight over C connections)
 * for peak throughput, and open loop at a fixed rate (latency from the intended start time) for tail latency.
 */
public final class Rest {
  private final Ctx ctx;
  private final HttpClient http;
  private long ok;
  private long bad;
  private long winOk;
  private int lastStatus;
  private volatile long winStart = Long.MAX_VALUE;
  private volatile long winEnd = Long.MAX_VALUE;
  private volatile boolean stopping;
  private Histogram hist = Result.histogram();
  private long counter;
  /** Phase number: requests and timers of an earlier phase stop instead of leaking into the next. */
  private int gen;
  private int outstanding;
  private long skipped;
  private final int maxOutstanding;
  /** The catch-up request of the "changes" op: the last {@link #CATCH_UP} changes of the public room. */
  private String changesUri;
  static final int CATCH_UP = 100;

  private Rest(Ctx ctx, int connections) {
    this.ctx = ctx;
    this.maxOutstanding = Math.max(64, 8 * connections);
    this.http = ctx.vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
        .setPipelining(false), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /** One request of the given kind; completes with the HTTP status. */
  private Future<Integer> request(String op, List<Users.User> users) {
    long i = counter++;
    Users.User u = users.get((int) (i % users.size()));
    switch (op) {
      case "post":
        return Users.call(http, ctx.host, ctx.port, HttpMethod.POST, "/api/messages", u.token(),
            "{\"content\":\"rest bench message " + i + "\"}").map(Users.Http::status);
      case "get":
        return Users.call(http, ctx.host, ctx.port, HttpMethod.GET, "/api/messages?limit=50", u.token(), null)
            .map(Users.Http::status);
      case "changes":
        return Users.call(http, ctx.host, ctx.port, HttpMethod.GET, changesUri, u.token(), null).map(Users.Http::status);
      case "login":
        return Users.call(http, ctx.host, ctx.port, HttpMethod.POST, "/api/auth/login", null,
            "{\"username\":\"" + u.username() + "\",\"password\":\"" + Users.PASSWORD + "\"}").map(Users.Http::status);
      default:
        throw new IllegalArgumentException("unknown op " + op);
    }
  }

  private void done(long startNanos, Future<Integer> f) {
    int g = gen;
    outstanding++;
    f.onComplete(ar -> {
      outstanding--;
      if (g != gen) {
        return;
      }
      long now = System.nanoTime();
      boolean good = ar.succeeded() && ar.result() / 100 == 2;
      if (good) {
        ok++;
      } else {
        bad++;
        lastStatus = ar.succeeded() ? ar.result() : -1;
      }
      if (now >= winStart && now < winEnd) {
        if (good) {
          winOk++;
        }
        Result.record(hist, now - startNanos);
      }
    });
  }

  private void loop(String op, List<Users.User> users, int g) {
    long t = System.nanoTime();
    Future<Integer> f = request(op, users);
    done(t, f);
    f.onComplete(ar -> {
      if (!stopping && g == gen) {
        loop(op, users, g);
      }
    });
  }

  /** Closed loop with {@code conc} requests in flight. */
  private Result closed(String name, String op, List<Users.User> users, int conc, double warm, double dur) {
    ctx.onLoop(() -> {
      for (int i = 0; i < conc; i++) {
        loop(op, users, gen);
      }
      return null;
    });
    return measure(name, op, warm, dur, "closed", conc, 0);
  }

  /** Open loop at {@code rate} requests per second. */
  private Result fixed(String name, String op, List<Users.User> users, int rate, int conns, double warm, double dur) {
    long start = System.nanoTime() + 50_000_000L;
    double interval = 1e9 / rate;
    ctx.onLoop(() -> {
      long[] sent = {0};
      int g = gen;
      ctx.vertx.setPeriodic(1, id -> {
        if (stopping || g != gen) {
          ctx.vertx.cancelTimer(id);
          return;
        }
        long now = System.nanoTime();
        long due = now < start ? 0 : (long) ((now - start) / interval) + 1;
        while (sent[0] < due) {
          long intended = start + (long) (sent[0]++ * interval);
          if (outstanding >= maxOutstanding) {
            skipped++; // the server is this far behind: do not queue without bound
            continue;
          }
          done(intended, request(op, users));
        }
      });
      return null;
    });
    return measure(name, op, warm + 0.05, dur, "fixed", conns, rate);
  }

  private Result measure(String name, String op, double warm, double dur, String mode, int conc, int rate) {
    Ctx.log("%s: %s %s, %s, %.0f s warm-up + %.0f s measured", name, mode, op, rate > 0 ? rate + " req/s" : conc + " in flight",
        warm, dur);
    Ctx.sleep(warm);
    ProcStats.Snapshot s0 = ProcStats.Snapshot.take(ctx.serverPid);
    winStart = s0.wallNanos();
    Ctx.sleepUntil(s0.wallNanos() + (long) (dur * 1e9));
    ProcStats.Snapshot s1 = ProcStats.Snapshot.take(ctx.serverPid);
    winEnd = s1.wallNanos();
    stopping = true;
    Ctx.sleep(op.equals("login") ? 2 : 1);
    Result r = ctx.onLoop(() -> new Result(name, op.equals("login") ? "login" : "rest", ctx.plain ? ctx.label : "server").put("op", op)
        .put("mode", mode).put(rate > 0 ? "target_rate" : "concurrency", rate > 0 ? rate : conc)
        .window(s0, s1, winOk, op.equals("login") ? "login" : "request", ctx.serverPid).latency(hist)
        .put("ok_total", ok).put("failed_total", bad).put("last_failed_status", lastStatus)
        .put("skipped_over_backlog", skipped));
    Ctx.log("  %s", r);
    return r;
  }

  private void reset() {
    // Let the previous phase's requests finish first (30 s at most) so that they do not queue ahead.
    long until = System.nanoTime() + 30_000_000_000L;
    while (ctx.onLoop(() -> outstanding) > 0 && System.nanoTime() < until) {
      Ctx.sleep(0.1);
    }
    ctx.onLoop(() -> {
      skipped = 0;
      gen++;
      ok = bad = winOk = 0;
      lastStatus = 0;
      hist = Result.histogram();
      stopping = false;
      winStart = winEnd = Long.MAX_VALUE;
      return null;
    });
  }

  /**
   * With {@code --plain true} (a floor server: no accounts) the requests go without a token as one user, and
   * results are named after the floor ({@code floor_http_rest_get}); only reads make sense there
   * ({@code --rest-ops get --rest-rate 0}). With {@code --save-page FILE} one page of {@code GET
   * /api/messages?limit=50} is saved (body to FILE, headers to FILE.headers) right after the GET run, for the
   * HTTP floor to answer with the same bytes.
   */
  public static List<Result> runRest(Ctx ctx) {
    Args a = ctx.args;
    int conc = a.integer("http-connections", 64);
    double warm = a.dbl("warmup", 3);
    double dur = a.dbl("duration", 10);
    List<Users.User> users = ctx.plain ? List.of(new Users.User(0, 0, "floor", null)) : ctx.users(0);
    String prefix = ctx.plain ? ctx.label + "_rest_" : "rest_";
    String savePage = a.str("save-page", null);
    Rest r = new Rest(ctx, conc);
    List<Result> out = new ArrayList<>();
    boolean saved = false;
    for (String op : a.list("rest-ops", "post,get,changes")) {
      r.reset();
      if (op.equals("changes")) {
        r.prepareCatchUp(users.get(0));
      }
      out.add(r.closed(prefix + op, op, users, conc, warm, dur));
      if (op.equals("get") && savePage != null) {
        r.savePage(users.get(0), savePage);
        saved = true;
      }
    }
    int rate = a.integer("rest-rate", 1000);
    if (rate > 0) {
      for (String op : a.list("rest-fixed-ops", "post,get")) {
        r.reset();
        out.add(r.fixed(prefix + op + "_fixed" + rate, op, users, rate, conc, warm, dur));
      }
    }
    if (savePage != null && !saved) {
      r.savePage(users.get(0), savePage);
    }
    r.http.close();
    return out;
  }

  /**
   * Points the "changes" op at the public room's last {@link #CATCH_UP} changes (decision 33), as a client
   * back from an outage asks for them, and checks once that the answer holds that many.
   */
  private void prepareCatchUp(Users.User u) {
    long latest = Ctx.await(ctx.onLoopF(() -> Users.call(http, ctx.host, ctx.port, HttpMethod.GET,
        "/api/messages/changes?since=0&limit=1", u.token(), null)), 30).json().getLong("latest_seq");
    if (latest < CATCH_UP) {
      throw new IllegalStateException("catch-up needs " + CATCH_UP + " changes, the room has " + latest);
    }
    changesUri = "/api/messages/changes?since=" + (latest - CATCH_UP) + "&limit=" + CATCH_UP;
    int n = Ctx.await(ctx.onLoopF(() -> Users.call(http, ctx.host, ctx.port, HttpMethod.GET, changesUri, u.token(), null)),
        30).json().getJsonArray("changes").size();
    if (n != CATCH_UP) {
      throw new IllegalStateException(changesUri + " answered " + n + " changes");
    }
  }

  /** One page as the server answers it: body to {@code file}, response headers to {@code file.headers}. */
  private void savePage(Users.User u, String file) {
    reset();
    Ctx.await(ctx.onLoopF(() -> http.request(HttpMethod.GET, ctx.port, ctx.host, "/api/messages?limit=50").compose(req -> {
      if (u.token() != null) {
        req.putHeader("Authorization", "Bearer " + u.token());
      }
      return req.send();
    }).compose(resp -> resp.body().map(b -> {
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("GET /api/messages?limit=50: HTTP " + resp.statusCode() + " " + b);
      }
      StringBuilder h = new StringBuilder();
      resp.headers().forEach(e -> h.append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
      try {
        Files.write(Path.of(file), b.getBytes());
        Files.writeString(Path.of(file + ".headers"), h);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Ctx.log("saved one page of GET /api/messages?limit=50 (%d B) to %s", b.length(), file);
      return null;
    }))), 30);
  }

  public static Result runLogin(Ctx ctx) {
    Args a = ctx.args;
    int conc = a.integer("login-concurrency", 4);
    List<Users.User> users = ctx.users(0);
    Rest r = new Rest(ctx, conc);
    Result res = r.closed("login", "login", users, conc, a.dbl("login-warmup", 2), a.dbl("login-duration", 10));
    r.http.close();
    return res;
  }
}
