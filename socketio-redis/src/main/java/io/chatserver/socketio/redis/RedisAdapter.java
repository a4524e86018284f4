package io.chatserver.socketio.redis;

import io.chatserver.socketio.SocketInfo;
import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.InMemoryAdapter;
import io.chatserver.socketio.adapter.NamespaceRef;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.Packet;
import io.chatserver.socketio.parser.PacketEncoder;
import io.chatserver.socketio.recovery.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory adapter, plus Redis pub/sub so that broadcasts, socket queries and forced
 * disconnects reach every node. Membership stays local: each node knows its own sockets' rooms. A
 * broadcast is encoded once, delivered locally, and crosses Redis once (every node subscribes to the
 * namespace's channel); a query asks the other nodes and waits for as many answers as there are
 * subscribers, at most the request timeout, so a dead node costs a delay, never a hang.
 */
public final class RedisAdapter extends InMemoryAdapter {

  private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);

  private final RedisPubSub redis;
  private final String uid;
  private final String prefix;
  private final long timeoutMs;
  private final String broadcastChannel;
  private final String requestChannel;
  private final Map<String, PendingFetch> pending = new ConcurrentHashMap<>();
  private final OrderedPublisher ordered;

  RedisAdapter(NamespaceRef nsp, RedisPubSub redis, String uid, RedisAdapterOptions options) {
    super(nsp);
    this.redis = redis;
    this.uid = uid;
    this.prefix = options.keyPrefix();
    this.timeoutMs = options.requestTimeout().toMillis();
    this.broadcastChannel = prefix + "#" + nsp.name() + "#";
    this.requestChannel = prefix + "-request#" + nsp.name() + "#";
    this.ordered = nsp.sessionStore() instanceof RedisSessionStore sessions
        ? new OrderedPublisher(nsp.vertx(), nsp::sequenceSource,
            (packet, target, acceptGap) -> sessions.appendAndPublish(nsp.name(), packet, target, broadcastChannel,
                uid, acceptGap),
            (packet, target) -> deliverHereOnly(packet, target, false), GAP_WAIT_MS)
        : null;
    // Back from an outage: what the other nodes committed meanwhile is read back, series by series.
    redis.onLink(up -> {
      if (up) sequencer.catchUp();
    });
    redis.subscribe(broadcastChannel, this::onBroadcast);
    redis.subscribe(requestChannel, this::onRequest);
    redis.subscribe(responseChannel(uid), this::onResponse);
  }

  private String responseChannel(String node) {
    return prefix + "-response#" + nsp.name() + "#" + node + "#";
  }

  @Override
  public Future<Void> broadcast(Packet packet, BroadcastOptions options) {
    if (options.local()) {
      return super.broadcast(packet, options);
    }
    EncodedPacket encoded = PacketEncoder.encode(packet);
    if (nsp.sessionStore() instanceof RedisSessionStore sessions && persistable(packet, options) && redis.connected()) {
      // Recorded and published in one step; every node, this one included, delivers it when the
      // publication arrives, so that live order is stream order (see RedisSessionStore).
      if (options.sequence() != null) {
        ordered.publish(encoded, options);
      } else {
        sessions.appendAndPublish(nsp.name(), encoded, options, broadcastChannel, uid, false).onFailure(e -> {
          log.debug("Persisted broadcast on {} failed, delivered here only: {}", nsp.name(), e.getMessage());
          deliverHereOnly(encoded, options, false); // Redis away: this node's sockets still get it, without an offset
        });
      }
      return Future.succeededFuture();
    }
    // Without an offset, though recovery would have recorded it (Redis away): the receivers' sessions
    // no longer recover, on this node and on any other that gets it.
    boolean logged = nsp.sessionStore() == null || !persistable(packet, options);
    deliverHereOnly(encoded, options, logged);
    publish(broadcastChannel, new JsonObject().put("uid", uid).put("packet", Wire.packet(encoded))
        .put("target", Wire.target(options)).put("logged", logged));
    return Future.succeededFuture();
  }

  /** To this node's sockets, sequenced broadcasts in their series' order; {@code logged}: see broadcastLocally. */
  private void deliverHereOnly(EncodedPacket encoded, BroadcastOptions options, boolean logged) {
    if (options.sequence() != null) {
      sequencer.offer(options.sequence(), () -> broadcastLocally(encoded, options, logged));
    } else {
      broadcastLocally(encoded, options, logged);
    }
  }

  @Override
  public Future<Void> disconnectSockets(BroadcastOptions options, boolean close) {
    super.disconnectSockets(options, close);
    return remote(options, "disconnect", new JsonObject().put("close", close));
  }

  @Override
  public Future<Void> addSockets(BroadcastOptions options, Set<String> rooms) {
    super.addSockets(options, rooms);
    return remote(options, "join", new JsonObject().put("rooms", new JsonArray(List.copyOf(rooms))));
  }

  @Override
  public Future<Void> delSockets(BroadcastOptions options, Set<String> rooms) {
    super.delSockets(options, rooms);
    return remote(options, "leave", new JsonObject().put("rooms", new JsonArray(List.copyOf(rooms))));
  }

  @Override
  public Future<Set<String>> sockets(Set<String> rooms) {
    return fetchSockets(new BroadcastOptions(rooms, Set.of(), false)).map(sockets -> {
      Set<String> ids = new HashSet<>();
      sockets.forEach(s -> ids.add(s.id()));
      return ids;
    });
  }

  @Override
  public Future<List<SocketInfo>> fetchSockets(BroadcastOptions options) {
    Future<List<SocketInfo>> local = super.fetchSockets(options);
    if (options.local() || !redis.connected()) {
      return local;
    }
    return redis.subscribers(requestChannel)
        .compose(nodes -> nodes <= 1 ? local : local.compose(mine -> askOthers(options, mine, nodes - 1)))
        .recover(e -> {
          log.debug("fetchSockets on {} answered locally: {}", nsp.name(), e.getMessage());
          return local; // Redis away: this node's answer is the best there is
        });
  }

  private Future<List<SocketInfo>> askOthers(BroadcastOptions options, List<SocketInfo> mine, int expected) {
    String requestId = UUID.randomUUID().toString();
    PendingFetch fetch = new PendingFetch(mine, expected);
    pending.put(requestId, fetch);
    long timer = nsp.vertx().setTimer(timeoutMs, t -> {
      if (pending.remove(requestId) != null) {
        log.debug("fetchSockets on {}: {} node(s) did not answer in {} ms", nsp.name(), fetch.missing(), timeoutMs);
        fetch.finish();
      }
    });
    fetch.promise.future().onComplete(ar -> nsp.vertx().cancelTimer(timer));
    publish(requestChannel, new JsonObject().put("uid", uid).put("type", "fetch").put("requestId", requestId)
        .put("target", Wire.target(options)));
    return fetch.promise.future();
  }

  private Future<Void> remote(BroadcastOptions options, String type, JsonObject request) {
    if (!options.local()) {
      publish(requestChannel, request.put("uid", uid).put("type", type).put("target", Wire.target(options)));
    }
    return Future.succeededFuture();
  }

  private void publish(String channel, JsonObject message) {
    redis.publish(channel, message.encode())
        .onFailure(e -> log.debug("Publishing to {} failed: {}", channel, e.getMessage()));
  }

  private void onBroadcast(String message) {
    JsonObject m = new JsonObject(message);
    String offset = m.getString("offset");
    BroadcastOptions target = Wire.localTarget(m.getJsonObject("target"));
    if (offset != null) { // a persisted broadcast: every node delivers it, its emitter too
      if (target.sequence() != null && ordered != null) {
        ordered.published(target.sequence().key(), target.sequence().position());
      }
      deliverHereOnly(SessionStore.withOffset(Wire.packet(m.getJsonObject("packet")), offset), target, true);
    } else if (!uid.equals(m.getString("uid"))) {
      deliverHereOnly(Wire.packet(m.getJsonObject("packet")), target, m.getBoolean("logged", true));
    }
  }

  private void onRequest(String message) {
    JsonObject m = new JsonObject(message);
    String from = m.getString("uid");
    if (uid.equals(from)) {
      return;
    }
    BroadcastOptions target = Wire.localTarget(m.getJsonObject("target"));
    switch (m.getString("type")) {
      case "disconnect" -> super.disconnectSockets(target, m.getBoolean("close", false));
      case "join" -> super.addSockets(target, Wire.strings(m.getJsonArray("rooms")));
      case "leave" -> super.delSockets(target, Wire.strings(m.getJsonArray("rooms")));
      case "fetch" -> super.fetchSockets(target).onSuccess(sockets -> {
        JsonArray found = new JsonArray();
        sockets.forEach(s -> found.add(Wire.socket(s)));
        publish(responseChannel(from), new JsonObject().put("requestId", m.getString("requestId"))
            .put("sockets", found));
      });
      default -> log.debug("Unknown request type {}", m.getString("type"));
    }
  }

  private void onResponse(String message) {
    JsonObject m = new JsonObject(message);
    PendingFetch fetch = pending.get(m.getString("requestId"));
    if (fetch == null) {
      return; // answered after the timeout
    }
    List<SocketInfo> sockets = new ArrayList<>();
    for (Object s : m.getJsonArray("sockets")) {
      sockets.add(Wire.socket((JsonObject) s));
    }
    if (fetch.add(sockets) && pending.remove(m.getString("requestId")) != null) {
      fetch.finish();
    }
  }

  @Override
  public Future<Void> close() {
    pending.values().forEach(PendingFetch::finish);
    pending.clear();
    return Future.succeededFuture();
  }

  /** Answers gathered for one fetchSockets; complete when every expected node answered. */
  private static final class PendingFetch {
    final Promise<List<SocketInfo>> promise = Promise.promise();
    private final List<SocketInfo> sockets;
    private int missing;

    PendingFetch(List<SocketInfo> mine, int expected) {
      this.sockets = new ArrayList<>(mine);
      this.missing = expected;
    }

    synchronized boolean add(List<SocketInfo> more) {
      sockets.addAll(more);
      return --missing <= 0;
    }

    synchronized int missing() {
      return missing;
    }

    synchronized void finish() {
      promise.tryComplete(List.copyOf(sockets));
    }
  }
}
