package io.chatserver.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * cluster: two nodes of the chat server on one database and one Redis ({@code scripts/bench.sh} starts them).
 * Senders are sockets on node a outside the public room (so that every delivery is a receiver's); the
 * receivers, in the room, are in turn all on node a ({@code local}), all on node b ({@code cross}: every
 * message reaches them through Redis) and half on each ({@code split}). Same senders, rate and number of
 * receivers in each phase, so the server CPU per delivery of {@code cross} against {@code local} is what a
 * delivery through Redis costs against one on the sender's node. The phases are {@link Fanout}'s: same
 * marker, latency from the intended send time, loss after a drain. Before them, an unmeasured split phase
 * ({@code --cluster-warm}, default true) warms both nodes' paths, so that the first measured phase does not
 * pay node a's JIT compilation and a later one node b's.
 *
 * <p>Options: {@code --port} and {@code --server-pid} (node a), {@code --node-b-port}, {@code --node-b-pid},
 * {@code --redis-pid} (CPU of the redis-server process, reported apart), {@code --receivers}, {@code --senders},
 * {@code --cluster-rates} (default: the first of {@code --rates}), {@code --cluster-phases} (local,cross,split),
 * {@code --cluster-warm}.
 */
public final class Cluster {
  static final String[] NODES = {"node_a", "node_b"};

  private Cluster() {}

  public static List<Result> run(Ctx ctx) {
    Args a = ctx.args;
    int portB = a.integer("node-b-port", -1);
    if (portB <= 0) {
      throw new IllegalArgumentException("cluster needs --node-b-port (the second node; scripts/bench.sh starts both)");
    }
    long pidB = a.lng("node-b-pid", -1);
    long redisPid = a.lng("redis-pid", -1);
    int n = a.integer("receivers", 1000);
    int senders = Math.max(1, a.integer("senders", 20));
    List<Integer> rates = a.ints("cluster-rates", Integer.toString(a.ints("rates", "100,200").get(0)));
    double warm = a.dbl("warmup", 3);
    double dur = a.dbl("duration", 10);
    int concurrency = a.integer("connect-concurrency", 100);
    Meter meter = new Meter(new long[] {ctx.serverPid, pidB}, new String[] {"node_a", "node_b", "redis"},
        new long[] {ctx.serverPid, pidB, redisPid});
    List<Users.User> users = ctx.users(0);
    Fanout fanout = new Fanout(ctx);

    List<Result> out = new ArrayList<>();
    List<String> phases = new ArrayList<>(a.list("cluster-phases", "local,cross,split"));
    if (a.bool("cluster-warm", true)) {
      phases.add(0, "warm");
    }
    for (String phase : phases) {
      int onA = receiversOnA(phase, n);
      Ctx.log("cluster %s: %d senders on node a (not in the room), receivers %d on node a and %d on node b", phase,
          senders, onA, n - onA);
      // Fresh senders each phase (one lost in a phase stays lost to that phase). Not in the room, they get no
      // deliveries; their frames go to the fanout too, so that an error answered to a send (a message never
      // stored, so never delivered) counts in the phase's errors.
      Ctx.Connected sc = ctx.connectMany(ctx.port, senders, concurrency, i -> users.get(i % users.size()).token(), false,
          fanout::onFrame, 120);
      try {
        if (sc.conns.isEmpty()) {
          throw new IllegalStateException("no sender could connect: " + sc.firstError);
        }
        Ctx.Connected ra = receivers(ctx, ctx.port, onA, 0, concurrency, users, fanout);
        Ctx.Connected rb = receivers(ctx, portB, n - onA, onA, concurrency, users, fanout);
        List<SioConn> members = new ArrayList<>(ra.conns);
        members.addAll(rb.conns);
        try {
          if (members.isEmpty()) {
            throw new IllegalStateException("no receiver could connect: "
                + (ra.firstError != null ? ra.firstError : rb.firstError));
          }
          Ctx.sleep(a.dbl("settle", 1.5));
          for (int rate : rates) {
            Result r = new Result("cluster_" + phase + "_" + rate, "cluster", "cluster").put("phase", phase)
                .put("receivers_node_a", ra.conns.size()).put("receivers_node_b", rb.conns.size())
                .put("failed_connections", ra.failed + rb.failed + sc.failed);
            r = fanout.phase(new Fanout.Phase(r, sc.conns, members, NODES, rate, warm, dur, 0, meter));
            if (!phase.equals("warm")) { // the warm-up's numbers are only logged
              out.add(r);
            }
          }
        } finally {
          ctx.closeAll(members);
        }
      } finally {
        ctx.closeAll(sc.conns);
      }
    }
    return out;
  }

  /** How many of the phase's {@code n} receivers are on node a (the senders' node); the rest are on node b. */
  static int receiversOnA(String phase, int n) {
    return switch (phase) {
      case "local" -> n;
      case "cross" -> 0;
      case "split", "warm" -> n / 2;
      default -> throw new IllegalArgumentException("unknown cluster phase " + phase + " (local, cross, split)");
    };
  }

  /** {@code count} receivers in the public room on the node at {@code port}; {@code node} in their attachment. */
  private static Ctx.Connected receivers(Ctx ctx, int port, int count, int from, int concurrency, List<Users.User> users,
      Fanout fanout) {
    int node = port == ctx.port ? 0 : 1;
    Ctx.Connected cn = ctx.connectMany(port, count, concurrency, i -> users.get((from + i) % users.size()).token(), true,
        fanout::onFrame, 120);
    if (cn.failed > 0) {
      Ctx.log("cluster: %d receivers on node %s failed, first: %s", cn.failed, NODES[node], cn.firstError);
    }
    ctx.onLoop(() -> {
      cn.conns.forEach(c -> c.attachment = node);
      return null;
    });
    return cn;
  }
}
