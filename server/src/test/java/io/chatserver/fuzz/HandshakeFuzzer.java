package io.chatserver.fuzz;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of Engine.IO: handshakes, polls, posts and WebSocket upgrades from the corpus
 * fuzz/engine-http.jsonl, mutated in query, method, path, headers and body. Each must be answered
 * promptly with a status of the protocol, and an error as JSON with a message (request i comes from
 * the random stream (seed, "engine-http", i)).
 */
public final class HandshakeFuzzer {

  static final int TIMEOUT_MS = 5_000;
  static final Set<Integer> STATUSES = Set.of(101, 200, 204, 400, 403, 404, 405, 413, 414, 431);
  private static final String QUERY_VALUES = "|3|5|abc|%zz|%|4%00|websocket|polling|POLLING|%E0%A5%A9|../|x";

  private final int port;
  private final long seed;
  private final Findings findings;
  private final Corpus corpus = Corpus.load("engine-http.jsonl");

  public HandshakeFuzzer(int port, long seed, Findings findings) {
    this.port = port;
    this.seed = seed;
    this.findings = findings;
  }

  /** Sends the corpus as it is, then {@code count} mutated requests; returns how many were sent. */
  public int run(int count, int parallel) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < corpus.seeds().size(); i++) {
        JsonObject s = corpus.seeds().get(i);
        sent.add(pool.submit(() -> send(s, new SplittableRandom(0), 0)));
      }
      for (int i = 0; i < count; i++) {
        SplittableRandom random = Fuzz.random(seed, "engine-http", i);
        JsonObject s = corpus.draw(random);
        int mutations = 1 + random.nextInt(2);
        sent.add(pool.submit(() -> send(s, random, mutations)));
      }
      for (Future<?> f : sent) {
        f.get(5, TimeUnit.MINUTES);
      }
      return sent.size();
    } finally {
      pool.shutdownNow();
    }
  }

  private Void send(JsonObject s, SplittableRandom random, int mutations) throws IOException {
    Request r = new Request(s);
    for (int i = 0; i < mutations; i++) {
      r.mutate(random);
    }
    PollingLink session = r.target.contains("{sid}") ? PollingLink.open(port, TIMEOUT_MS) : null;
    if (session != null) {
      // a CONNECT without a token: its refusal waits in the session, so a poll is answered at once
      session.send(List.of(EngineFrame.text("40")));
    }
    try {
      String target = session == null ? r.target : r.target.replace("{sid}", session.sid());
      RestRequest request = r.build(target);
      RawHttp.Response response;
      try {
        response = RawHttp.exchange(port, request.head(), request.body(), request.isHead(), TIMEOUT_MS);
      } catch (SocketTimeoutException e) {
        findings.add("Engine.IO request not answered within " + TIMEOUT_MS + " ms", request.signature(),
            request.describe(), "nothing");
        return null;
      } catch (IOException e) {
        findings.add("Engine.IO request: " + e.getMessage(), request.signature(), request.describe(), "-");
        return null;
      }
      for (String problem : problems(request, response)) {
        findings.add(problem, request.signature(), request.describe(), RestOracle.answer(response));
      }
      return null;
    } finally {
      if (session != null) {
        session.close();
      }
    }
  }

  private static List<String> problems(RestRequest request, RawHttp.Response response) {
    List<String> problems = new ArrayList<>();
    int status = response.status();
    if (!STATUSES.contains(status)) {
      problems.add("Engine.IO status " + status + " outside the protocol's");
    }
    String body = response.bodyText();
    if (body.contains("Exception") || body.contains("\tat ")) {
      problems.add("Engine.IO answer with a stack trace marker");
    }
    if (status >= 400 && !request.isHead()) {
      String type = response.header("content-type");
      boolean json;
      try {
        json = type != null && type.startsWith("application/json")
            && new JsonObject(body).getValue("message") instanceof String;
      } catch (RuntimeException e) {
        json = false;
      }
      if (!json) {
        problems.add("Engine.IO status " + status + " without a JSON error body");
      }
    }
    return problems;
  }

  /** One request being mutated. */
  private static final class Request {
    final String seed;
    String method;
    String target;
    final List<String> headers = new ArrayList<>();
    byte[] body;
    boolean host = true;
    final List<String> notes = new ArrayList<>();

    Request(JsonObject s) {
      seed = s.getString("name");
      method = s.getString("method");
      target = s.getString("target");
      if (s.containsKey("headers")) {
        s.getJsonArray("headers").forEach(h -> headers.add((String) h));
      }
      body = s.getString("body", "").getBytes(StandardCharsets.UTF_8);
    }

    void mutate(SplittableRandom random) {
      switch (random.nextInt(6)) {
        case 0 -> {
          String name = Fuzz.pick(random, List.of("EIO", "transport", "sid", "EIO", "transport"));
          String value = Fuzz.pick(random, List.of(QUERY_VALUES.split("\\|", -1)));
          target = target.replaceAll("([?&])" + name + "=[^&]*", "$1" + name + "=" + value.replace("$", "\\$"));
          if (!target.contains(name + "=")) {
            target += "&" + name + "=" + value;
          }
          notes.add("query " + name + "=" + value);
        }
        case 1 -> {
          String junk = Fuzz.pick(random, List.of("&%zz", "&=", "&&", "&EIO=3", "&t=%", "&b64=1", "&j=0", "#x",
              "&sid=", "&x=" + "a".repeat(9_000)));
          target += junk;
          notes.add("query junk " + Fuzz.shorten(junk.length() > 30 ? junk.substring(0, 30) : junk));
        }
        case 2 -> {
          method = Fuzz.pick(random, List.of("PUT", "DELETE", "PATCH", "HEAD", "FOO", "POST", "GET"));
          notes.add("method " + method);
        }
        case 3 -> {
          String prefix = Fuzz.pick(random, List.of("/socket.io", "/socket.io//", "/socket.io/x/", "/SOCKET.IO/",
              "/socket.io/%2e%2e/api/users/", "/socket.io%2F"));
          target = prefix + target.substring(target.indexOf('?'));
          notes.add("path " + prefix);
        }
        case 4 -> {
          if (!headers.isEmpty() && random.nextBoolean()) {
            notes.add("drop header " + headers.remove(random.nextInt(headers.size())));
          } else {
            String h = Fuzz.pick(random, List.of("Origin: http://evil.example", "Content-Type: application/octet-stream",
                "Upgrade: websocket", "Sec-WebSocket-Version: 8", "Connection: Upgrade", "Host", "X-Big: " + "a".repeat(10_000)));
            if (h.equals("Host")) {
              host = false;
            } else {
              headers.add(h);
            }
            notes.add("header " + (h.length() > 40 ? h.substring(0, 40) : h));
          }
        }
        default -> {
          body = Fuzz.pick(random, List.of("", "1", "\u001e", "b!!", "4\u001e\u001e42[\"x\"]", "2probe", "a".repeat(1_000_001)))
              .getBytes(StandardCharsets.UTF_8);
          if (random.nextInt(4) == 0) {
            body = new byte[] {'4', (byte) 0xff, (byte) 0xfe};
          }
          if (method.equals("GET")) {
            method = "POST";
          }
          notes.add("body of " + body.length + " bytes");
        }
      }
    }

    RestRequest build(String finalTarget) {
      List<String> all = new ArrayList<>();
      if (host) {
        all.add("Host: 127.0.0.1");
      }
      if (headers.stream().noneMatch(h -> h.startsWith("Connection:"))) {
        all.add("Connection: close");
      }
      all.addAll(headers);
      if (body.length > 0 || method.equals("POST")) {
        all.add("Content-Length: " + body.length);
      }
      return new RestRequest(method, finalTarget, "HTTP/1.1", all, body, null, seed, List.copyOf(notes));
    }
  }
}
