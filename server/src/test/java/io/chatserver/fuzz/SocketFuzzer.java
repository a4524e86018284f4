package io.chatserver.fuzz;

import io.chatserver.TestServer;
import io.chatserver.TestServer.Account;
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
 * Fuzz sessions of Engine.IO/Socket.IO: each opens a session over WebSocket or polling, maybe connects
 * to the default namespace with a valid token first, sends mutated packets made from the socket corpus,
 * and then asks a question every live session must answer: a CONNECT and an acknowledged
 * {@code get_online_users}. The session must answer it (a CONNECT answer or the acknowledgement) or be
 * closed, within {@link #ANSWER_MS}, and everything it sent must pass {@link SocketOracle}. Session i is
 * made from the random stream (seed, "socket", i).
 */
public final class SocketFuzzer {

  static final int ANSWER_MS = 5_000;
  static final int REFUSAL_MS = 2_000;
  static final long PROBE_ACK = 987_654_321L;

  private final TestServer server;
  private final long seed;
  private final Findings findings;
  private final Corpus corpus = Corpus.load("socket.jsonl");
  private final List<Account> accounts = new ArrayList<>();

  public SocketFuzzer(TestServer server, long seed, Findings findings) {
    this.server = server;
    this.seed = seed;
    this.findings = findings;
  }

  /** Runs the corpus as it is, then {@code count} mutated sessions, {@code parallel} at a time; returns the number of packets sent. */
  public int run(int count, int parallel) throws Exception {
    for (int i = 0; i < 4; i++) {
      accounts.add(server.account("sock"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<Integer>> sessions = new ArrayList<>();
    try {
      int seeds = corpus.seeds().size();
      for (int i = 0; i < seeds * 2; i++) {
        int index = i;
        // each seed as it is, over both transports, after a valid CONNECT
        sessions.add(pool.submit(() -> session(-1 - index, plain(index % seeds, index / seeds == 0))));
      }
      for (int i = 0; i < count; i++) {
        int index = i;
        sessions.add(pool.submit(() -> session(index, plan(index))));
      }
      int packets = 0;
      for (Future<Integer> s : sessions) {
        packets += s.get(5, TimeUnit.MINUTES);
      }
      return packets;
    } finally {
      pool.shutdownNow();
    }
  }

  /** What one session does. */
  record Plan(boolean websocket, boolean connectFirst, List<List<EngineFrame>> batches, List<String> notes) {
    int packets() {
      return batches.stream().mapToInt(List::size).sum();
    }
  }

  private Plan plain(int seedIndex, boolean websocket) {
    JsonObject s = corpus.seeds().get(seedIndex);
    Account me = accounts.get(seedIndex % accounts.size());
    Account other = accounts.get((seedIndex + 1) % accounts.size());
    return new Plan(websocket, true, List.of(SocketMutator.frames(s, me.token(), me.id(), other.id())),
        List.of(s.getString("name")));
  }

  private Plan plan(long index) {
    SplittableRandom random = Fuzz.random(seed, "socket", index);
    Account me = accounts.get((int) (index % accounts.size()));
    Account other = accounts.get((int) ((index + 1) % accounts.size()));
    boolean websocket = random.nextBoolean();
    boolean connectFirst = random.nextInt(10) < 7;
    List<List<EngineFrame>> batches = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int seeds = 1 + random.nextInt(3);
    for (int i = 0; i < seeds; i++) {
      JsonObject s = corpus.draw(random);
      notes.add(s.getString("name"));
      int mutations = random.nextInt(7) == 0 ? 0 : 1 + random.nextInt(2);
      batches.add(SocketMutator.mutate(SocketMutator.frames(s, me.token(), me.id(), other.id()), random, mutations,
          notes));
    }
    return new Plan(websocket, connectFirst, batches, notes);
  }

  private int session(long index, Plan plan) {
    String token = accounts.get((int) Math.floorMod(index, accounts.size())).token();
    String input = "session " + index + " over " + (plan.websocket() ? "websocket" : "polling")
        + (plan.connectFirst() ? " after a valid CONNECT" : " before any CONNECT") + ", seeds and mutations "
        + plan.notes() + ":\n    " + String.join("\n    ", plan.batches().stream().flatMap(List::stream)
        .limit(12).map(EngineFrame::describe).toList());
    String signature = plan.notes().stream().map(n -> n.replaceAll("[ :].*", "")).toList().toString();
    SocketOracle oracle = new SocketOracle();
    EngineLink link;
    try {
      link = plan.websocket() ? WsLink.open(port(), RestFuzzer.TIMEOUT_MS) : PollingLink.open(port(), RestFuzzer.TIMEOUT_MS);
    } catch (IOException e) {
      findings.add("Engine.IO handshake failed", signature, input, String.valueOf(e.getMessage()));
      return 0;
    }
    List<String> received = new ArrayList<>();
    try (link) {
      if (plan.connectFirst() && !connect(link, token, oracle, received)) {
        oracle.add("a valid CONNECT was not answered");
      } else {
        for (List<EngineFrame> batch : plan.batches()) {
          oracle.expect(batch);
          link.send(batch);
        }
        Boolean answer = answersOrCloses(link, token, oracle, received);
        if (answer == null) {
          oracle.add("session neither answered nor closed");
        } else if (answer && oracle.awaitsRefusal()) {
          // writes are answered after the probe (no database): give their acknowledgements a moment
          await(link, oracle, received, p -> !oracle.awaitsRefusal(), REFUSAL_MS);
        }
      }
    } catch (IOException e) {
      oracle.add("transport failure: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>(oracle.takeProblems());
    if (link instanceof PollingLink polling) {
      problems.addAll(polling.takeProblems());
    }
    String answer = "received " + received.stream().limit(8).map(Fuzz::shorten).toList();
    for (String problem : problems) {
      findings.add(problem, signature, input, answer);
    }
    return plan.packets();
  }

  private boolean connect(EngineLink link, String token, SocketOracle oracle, List<String> received) throws IOException {
    link.send(List.of(EngineFrame.text("40{\"token\":\"" + token + "\"}")));
    return await(link, oracle, received, p -> p.startsWith("40{"), ANSWER_MS) == Boolean.TRUE;
  }

  /**
   * The question every session must answer, or be closed: TRUE when the socket acknowledged it (it
   * was connected), FALSE when it answered the CONNECT or closed, null when it did neither.
   */
  private Boolean answersOrCloses(EngineLink link, String token, SocketOracle oracle, List<String> received)
      throws IOException {
    link.send(List.of(EngineFrame.text("40{\"token\":\"" + token + "\"}"),
        EngineFrame.text("42" + PROBE_ACK + "[\"get_online_users\"]")));
    boolean[] acked = {false};
    Boolean answered = await(link, oracle, received, p -> {
      acked[0] |= p.startsWith("43" + PROBE_ACK + "[");
      return acked[0] || p.startsWith("40") && !p.startsWith("40/") || p.startsWith("44") && !p.startsWith("44/");
    }, ANSWER_MS);
    return answered == null ? null : acked[0];
  }

  /** TRUE when a matching packet came, FALSE when the session closed, null when nothing within the time. */
  private static Boolean await(EngineLink link, SocketOracle oracle, List<String> received,
      java.util.function.Predicate<String> answer, int timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() < deadline) {
      List<Object> packets = link.receive((int) ((deadline - System.nanoTime()) / 1_000_000));
      if (packets == null) {
        return Boolean.FALSE;
      }
      boolean found = false;
      for (Object p : packets) {
        oracle.check(p);
        received.add(p instanceof String s ? s : "<binary>");
        found |= p instanceof String s && answer.test(s);
      }
      if (found) {
        return Boolean.TRUE;
      }
    }
    return null;
  }

  private int port() {
    return server.chatServer().port();
  }
}
