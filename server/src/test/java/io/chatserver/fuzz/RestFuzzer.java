package io.chatserver.fuzz;

import io.chatserver.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sends the REST corpus, then {@code count} mutated requests made from it, over a few lanes at once
 * (each lane has its own users and messages, see {@link RestFixture}); request i is made from the
 * random stream (seed, "rest", i) whatever lane sends it. Every answer is judged by {@link RestOracle}.
 */
public final class RestFuzzer {

  static final int TIMEOUT_MS = 10_000;

  private final TestServer server;
  private final long seed;
  private final Findings findings;
  private final Corpus corpus = Corpus.load("rest.jsonl");

  public RestFuzzer(TestServer server, long seed, Findings findings) {
    this.server = server;
    this.seed = seed;
    this.findings = findings;
  }

  /** Returns how many requests were sent. */
  public int run(int count, int lanes) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(lanes);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int lane = 0; lane < lanes; lane++) {
        int l = lane;
        running.add(pool.submit(() -> {
          lane(l, lanes, count);
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return count + corpus.seeds().size();
  }

  private void lane(int lane, int lanes, int count) {
    RestFixture fixture = new RestFixture(server, "fz" + lane);
    if (lane == 0) {
      for (int i = 0; i < corpus.seeds().size(); i++) {
        fixture.repair();
        send(fixture, RestMutator.request(fixture.resolve(corpus.seeds().get(i), "seed" + i),
            new SplittableRandom(0), port(), fixture.token(false), 0));
      }
    }
    for (long i = lane; i < count; i += lanes) {
      SplittableRandom random = Fuzz.random(seed, "rest", i);
      JsonObject s = corpus.draw(random);
      fixture.repair();
      RestFixture.Template template = fixture.resolve(s, "fz" + Long.toString(i, 36));
      send(fixture, RestMutator.request(template, random, port(), fixture.token(false), RestMutator.count(random)));
    }
  }

  private void send(RestFixture fixture, RestRequest request) {
    RawHttp.Response response = null;
    Exception error = null;
    try {
      response = RawHttp.exchange(port(), request.head(), request.body(), request.isHead(), TIMEOUT_MS);
    } catch (IOException e) {
      error = e;
    }
    RestOracle.check(request, response, error, findings);
    if (response != null) {
      fixture.observe(request, response);
    }
  }

  private int port() {
    return server.chatServer().port();
  }
}
