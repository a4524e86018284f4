package io.chatserver.socketio.redis;

import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.Sequence;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.recovery.Session;
import io.chatserver.socketio.recovery.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection state recovery across nodes. Each namespace's persisted broadcasts go to one Redis
 * stream, trimmed to the window, and are published in the same script with the stream id as their
 * offset ({@link RedisAdapter} delivers them when the publication arrives, on every node, so what live
 * sockets see is in stream order and a replay from the stream agrees with it). A session is written
 * when its socket connects and whenever its rooms change, with a TTL refreshed while it lives, so it is
 * in Redis before its node can die; on a lost connection it is kept for the window, on a deliberate
 * disconnect it is deleted.
 *
 * <p>A Redis outage breaks the promise (broadcasts then reach only local sockets, without an offset),
 * so no session that lived through one recovers: each node writes sessions with its epoch, a token it
 * renews each time its link to Redis comes back, and a session recovers only while its node's epoch is
 * the one it was written with. Keys are built inside the scripts: one Redis, not Redis Cluster.
 */
public final class RedisSessionStore implements SessionStore {

  private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

  /**
   * Records a broadcast in the stream (trimmed to the window by Redis's clock) and publishes it with its
   * id. A sequenced broadcast (ARGV[6] its position) is taken only in order: the script answers "dup"
   * for a position already published and "gap:N" when position N+1 is still missing, so the stream,
   * and with it every node's live order, follows each series' order whichever node emits. With ARGV[7]
   * "1" a gap is accepted (what was missing was read back and published, or no longer exists).
   */
  private static final String APPEND = """
      if ARGV[6] ~= '' then
        local pos = tonumber(ARGV[6])
        local last = tonumber(redis.call('GET', KEYS[2]) or '-1')
        if last >= pos then return 'dup' end
        if ARGV[7] ~= '1' and last >= 0 and pos > last + 1 then return 'gap:' .. last end
        redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[8])
      end
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local id = redis.call('XADD', KEYS[1], 'MINID', '~', tostring(now - tonumber(ARGV[1])), '*',
        'p', ARGV[2], 't', ARGV[3])
      redis.call('PUBLISH', ARGV[4], '{"uid":"' .. ARGV[5] .. '","offset":"' .. id .. '","packet":' .. ARGV[2]
        .. ',"target":' .. ARGV[3] .. '}')
      return id
      """;

  /** How long Redis remembers a series' last published position after its last use. */
  private static final long SERIES_TTL_MS = 24 * 3600_000L;

  /** Writes a session unless another node holds it now (a recovery elsewhere took it over). */
  private static final String DISCONNECTED = """
      local cur = redis.call('GET', KEYS[1])
      if cur and cjson.decode(cur).node ~= ARGV[1] then return 0 end
      if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
      return 1
      """;

  /**
   * Takes the session if its node's epoch is still the one it was written with, and if the stream
   * still holds everything after the offset: nothing after it deleted by trimming, not a forged offset
   * from the future, and the offset's own entry still there. The last rule refuses an offset of an
   * earlier stream, lost with Redis's state when it restarted empty: socket.io-client keeps its last
   * offset across a session that was not recovered, so a session opened after the restart presents one
   * from before it, older than everything in the new stream, and the stream cannot vouch for what came
   * between.
   */
  private static final String FIND = """
      local raw = redis.call('GET', KEYS[1])
      if not raw then return false end
      local s = cjson.decode(raw)
      if s.nsp ~= ARGV[1] then return false end
      if redis.call('GET', ARGV[3] .. s.node) ~= s.epoch then return false end
      local ok, info = pcall(redis.call, 'XINFO', 'STREAM', KEYS[2])
      if not ok then return false end
      local f = {}
      for i = 1, #info, 2 do f[info[i]] = info[i + 1] end
      local function id(x)
        local ms, seq = string.match(x, '^(%d+)-(%d+)$')
        if not ms then return nil end
        return {tonumber(ms), tonumber(seq)}
      end
      local function before(a, b) return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2]) end
      local off, deleted, last = id(ARGV[2]), id(f['max-deleted-entry-id']), id(f['last-generated-id'])
      if not off or before(off, deleted) or before(last, off) then return false end
      if #redis.call('XRANGE', KEYS[2], ARGV[2], ARGV[2], 'COUNT', 1) == 0 then return false end
      redis.call('DEL', KEYS[1])
      return raw
      """;

  private final Vertx vertx;
  private final RedisPubSub redis;
  private final String prefix;
  private final long windowMs;
  private final String nodeId = UUID.randomUUID().toString();
  /** This node's current epoch; null while its link to Redis is down (sockets connecting then never recover). */
  private volatile String epoch;
  /** Live sessions of this node: pid to the epoch they connected in. */
  private final Map<String, String> live = new ConcurrentHashMap<>();
  private final long refresher;

  public RedisSessionStore(Vertx vertx, RedisPubSub redis, String keyPrefix, long windowMs) {
    this.vertx = vertx;
    this.redis = redis;
    this.prefix = keyPrefix;
    this.windowMs = windowMs;
    redis.onLink(up -> {
      if (up) {
        renewEpoch();
      } else {
        epoch = null;
      }
    });
    this.refresher = vertx.setPeriodic(Math.max(1000, windowMs / 2), t -> refresh());
  }

  private String sessionKey(String pid) {
    return prefix + "-session#" + pid;
  }

  private String epochKeyPrefix() {
    return prefix + "-epoch#";
  }

  String streamKey(String namespace) {
    return prefix + "-stream#" + namespace + "#";
  }

  /** A new epoch, once the link is (back) up: sessions written before it no longer recover. */
  private void renewEpoch() {
    String next = UUID.randomUUID().toString();
    send(Request.cmd(Command.SET).arg(epochKeyPrefix() + nodeId).arg(next).arg("PX").arg(3 * windowMs))
        .onSuccess(r -> epoch = next)
        .onFailure(e -> log.warn("Recovery epoch not renewed: sessions of this node will not recover", e));
  }

  /** Keeps the live sessions and the epoch alive for as long as this node lives, and a window after. */
  private void refresh() {
    String current = epoch;
    if (current == null) return;
    List<Request> batch = new ArrayList<>();
    batch.add(Request.cmd(Command.PEXPIRE).arg(epochKeyPrefix() + nodeId).arg(3 * windowMs));
    live.forEach((pid, e) -> batch.add(Request.cmd(Command.PEXPIRE).arg(sessionKey(pid)).arg(2 * windowMs)));
    redis.client().batch(batch).onFailure(e -> log.debug("Session refresh failed: {}", e.getMessage()));
  }

  /** Not used: with this store the {@link RedisAdapter} records broadcasts itself ({@link #appendAndPublish}). */
  @Override
  public String append(String namespace, EncodedPacket packet, BroadcastOptions target) {
    return null;
  }

  /**
   * Appends to the namespace's stream and publishes on {@code channel}, in one script; answers the
   * offset, or for a sequenced broadcast "dup" (published before) or "gap:N" (N+1 not published yet;
   * nothing done). {@code acceptGap} publishes past a gap.
   */
  Future<String> appendAndPublish(String namespace, EncodedPacket packet, BroadcastOptions target, String channel,
      String uid, boolean acceptGap) {
    Sequence seq = target.sequence();
    String seqKey = seq == null ? prefix + "-seq#" : prefix + "-seq#" + namespace + "#" + seq.key();
    return send(Request.cmd(Command.EVAL).arg(APPEND).arg(2).arg(streamKey(namespace)).arg(seqKey).arg(windowMs)
        .arg(Wire.packet(packet).encode()).arg(Wire.target(target).encode()).arg(channel).arg(uid)
        .arg(seq == null ? "" : String.valueOf(seq.position())).arg(acceptGap ? "1" : "0").arg(SERIES_TTL_MS))
        .map(Response::toString);
  }

  @Override
  public Future<Void> save(Session session) {
    String connectedIn = live.computeIfAbsent(session.pid(), pid -> String.valueOf(epoch));
    return send(Request.cmd(Command.SET).arg(sessionKey(session.pid())).arg(encode(session, connectedIn).encode())
        .arg("PX").arg(2 * windowMs)).mapEmpty();
  }

  @Override
  public Future<Void> disconnected(Session session, boolean recoverable) {
    String connectedIn = live.remove(session.pid());
    String value = recoverable ? encode(session, String.valueOf(connectedIn)).encode() : "";
    return send(Request.cmd(Command.EVAL).arg(DISCONNECTED).arg(1).arg(sessionKey(session.pid()))
        .arg(nodeId).arg(value).arg(windowMs)).mapEmpty();
  }

  @Override
  public Future<Session> find(String pid, String namespace, String offset) {
    return send(Request.cmd(Command.EVAL).arg(FIND).arg(2).arg(sessionKey(pid)).arg(streamKey(namespace))
        .arg(namespace).arg(offset).arg(epochKeyPrefix()))
        .map(r -> r == null ? null : decode(pid, new JsonObject(r.toString())));
  }

  @Override
  public Future<List<Missed>> missedPackets(String namespace, String offset, Set<String> rooms) {
    return send(Request.cmd(Command.XRANGE).arg(streamKey(namespace)).arg("(" + offset).arg("+")).map(r -> {
      List<Missed> out = new ArrayList<>();
      for (Response entry : r) {
        String id = entry.get(0).toString();
        Response fields = entry.get(1);
        JsonObject packet = null;
        JsonObject target = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          String name = fields.get(i).toString();
          if (name.equals("p")) packet = new JsonObject(fields.get(i + 1).toString());
          if (name.equals("t")) target = new JsonObject(fields.get(i + 1).toString());
        }
        BroadcastOptions to = target == null ? null : Wire.localTarget(target);
        if (packet != null && to != null && SessionStore.reached(to, rooms)) {
          out.add(new Missed(SessionStore.withOffset(Wire.packet(packet), id), to.sequence()));
        }
      }
      return out;
    });
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(refresher);
    return Future.succeededFuture();
  }

  private Future<Response> send(Request request) {
    return redis.client().send(request);
  }

  private JsonObject encode(Session s, String sessionEpoch) {
    return new JsonObject().put("sid", s.sid()).put("nsp", s.namespace())
        .put("rooms", new JsonArray(List.copyOf(s.rooms()))).put("data", s.data())
        .put("node", nodeId).put("epoch", sessionEpoch);
  }

  private static Session decode(String pid, JsonObject json) {
    return new Session(pid, json.getString("sid"), json.getString("nsp"), Wire.strings(json.getJsonArray("rooms")),
        json.getJsonObject("data"));
  }
}
