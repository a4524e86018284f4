package io.chatserver.socketio;

import io.chatserver.socketio.adapter.LocalSocket;
import io.chatserver.socketio.adapter.Sequence;
import io.chatserver.socketio.engine.HandshakeRequest;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.Packet;
import io.chatserver.socketio.recovery.Session;
import io.chatserver.socketio.recovery.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's membership of one namespace. Methods are thread-safe: work is moved to the
 * connection's context. Handlers run on that context. Per-socket maps are allocated on first use
 * to keep idle sockets small.
 */
public final class Socket {
  private static final Logger log = LoggerFactory.getLogger(Socket.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Disconnects after which the client may come back and recover (socket.io's list). */
  private static final Set<String> RECOVERABLE = Set.of("transport close", "transport error", "ping timeout",
      "forced close", "server shutting down", "forced server close");

  private final String id;
  /** Private id a client presents to recover this session (never shown to others); null when recovery is off. */
  private final String pid;
  private final boolean recovered;
  /** While recovering: what the rooms got meanwhile, sent after the missed packets. */
  private List<Pending> held;
  private List<SessionStore.Missed> missed;
  /** The last position of each series this socket was given (allocated with the first). */
  private SeriesPositions positions;
  /**
   * Given a packet that recovery persists without its offset: the client's last offset no longer says
   * what it has, so its session is no longer kept for recovery (the client catches up instead).
   */
  private volatile boolean unlogged;
  /** Set once connected and announced: from then on room changes are saved to the session store. */
  private volatile boolean saving;
  private volatile boolean superseded;
  private volatile boolean kept;
  private final Namespace ns;
  final Client client;
  /** The CONNECT auth payload, until the connection handlers have run (then null: see {@link #handshake()}). */
  private volatile JsonObject auth;
  private volatile boolean connected;
  private volatile JsonObject data;
  private Map<String, EventHandler> handlers;
  private AnyEventHandler anyHandler;
  private List<Handler<String>> disconnectHandlers;
  private Map<Long, PendingAck> acks;
  private long nextAckId;

  private record PendingAck(Promise<JsonArray> promise, long timer) {}

  /** A packet held while recovering, with its place in a series (null when not sequenced). */
  private record Pending(EncodedPacket packet, Sequence sequence) {}

  Socket(Namespace ns, Client client, JsonObject auth) {
    this.id = randomId();
    this.pid = client.server.sessions == null ? null : randomId();
    this.recovered = false;
    this.ns = ns;
    this.client = client;
    this.auth = auth;
  }

  /** A socket that takes a previous session back: its ids and data; its rooms are the namespace's to restore. */
  Socket(Namespace ns, Client client, JsonObject auth, Session previous) {
    this.id = previous.sid();
    this.pid = previous.pid();
    this.recovered = true;
    this.data = previous.data().copy();
    this.ns = ns;
    this.client = client;
    this.auth = auth;
  }

  private static String randomId() {
    byte[] raw = new byte[15];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /**
   * Whether this socket took a previous session back (socket.io's {@code socket.recovered}): same id,
   * rooms and data, the missed packets replayed. Visible to the connect middlewares, which see the
   * restored {@link #data()} and may still refuse.
   */
  public boolean recovered() {
    return recovered;
  }

  /**
   * After a disconnect: whether its session was kept for recovery (the connection was lost rather
   * than ended), so the client may come back with the same id within the window.
   */
  public boolean recoverable() {
    return kept;
  }

  String pid() {
    return pid;
  }
  public String id() {
    return id;
  }

  public Namespace namespace() {
    return ns;
  }

  /**
   * The handshake. Its {@code auth} is the CONNECT payload while the connect middlewares and the
   * connection handlers run, and an empty object afterwards: a socket does not hold its credentials
   * for its whole life. Keep what is needed of it (e.g. the user it names) in {@link #data()}.
   */
  public Handshake handshake() {
    HandshakeRequest r = client.conn.request();
    JsonObject a = auth;
    return new Handshake(a == null ? new JsonObject() : a, r.query(), r.headers(), r.remoteAddress(), r.issuedAt(),
        r.url(), r.secure());
  }

  void releaseAuth() {
    auth = null;
  }

  /** Mutable per-socket data, visible (as a copy) through fetchSockets. */
  public JsonObject data() {
    JsonObject d = data;
    if (d == null) {
      synchronized (this) {
        if (data == null) data = new JsonObject();
        d = data;
      }
    }
    return d;
  }

  public boolean connected() {
    return connected;
  }

  /** Engine.IO transport currently in use ("polling" or "websocket"). */
  public String transport() {
    return client.conn.transportName();
  }

  // ---- handlers (register from the connection handler / middleware; run on the context) ----

  public Socket on(String event, EventHandler handler) {
    Objects.requireNonNull(event);
    Objects.requireNonNull(handler);
    client.exec(() -> {
      if (handlers == null) handlers = new HashMap<>(4);
      handlers.put(event, handler);
    });
    return this;
  }

  /**
   * Called for every incoming event before its own handler (e.g. for logging or rate limiting);
   * {@code ack} is the same object the event handler receives.
   */
  public Socket onAny(AnyEventHandler handler) {
    client.exec(() -> anyHandler = handler);
    return this;
  }

  public Socket onDisconnect(Handler<String> handler) {
    Objects.requireNonNull(handler);
    client.exec(() -> {
      if (disconnectHandlers == null) disconnectHandlers = new ArrayList<>(2);
      disconnectHandlers.add(handler);
    });
    return this;
  }

  // ---- sending ----

  public void emit(String event, Object... args) {
    Objects.requireNonNull(event);
    EncodedPacket e = io.chatserver.socketio.parser.PacketEncoder.encode(Packet.event(ns.name(), event, args));
    client.exec(() -> {
      if (connected) deliver(e);
    });
  }

  /** Emits and waits for the client's acknowledgement; fails with TimeoutException after {@code timeout}. */
  public Future<JsonArray> emitWithAck(String event, Duration timeout, Object... args) {
    Objects.requireNonNull(event);
    Promise<JsonArray> promise = Promise.promise();
    Object payload = Packet.event(ns.name(), event, args).data();
    client.exec(() -> {
      if (!connected) {
        promise.tryFail(new IllegalStateException("socket disconnected"));
        return;
      }
      long ackId = nextAckId++;
      long timer = client.server.vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
        if (acks != null && acks.remove(ackId) != null) {
          promise.tryFail(new TimeoutException("no ack for '" + event + "' within " + timeout.toMillis() + " ms"));
        }
      });
      if (acks == null) acks = new HashMap<>(4);
      acks.put(ackId, new PendingAck(promise, timer));
      client.write(new Packet(Packet.EVENT, ns.name(), ackId, payload));
    });
    return promise.future();
  }

  // ---- rooms ----

  public void join(String room) {
    join(Set.of(room));
  }

  public void join(Set<String> rooms) {
    if (connected) {
      ns.adapter().addAll(id, rooms);
      saveSession();
    }
  }

  public void leave(String room) {
    ns.adapter().del(id, room);
    saveSession();
  }

  public Set<String> rooms() {
    return ns.adapter().socketRooms(id);
  }

  /** Broadcast to the rooms, excluding this socket. */
  public BroadcastOperator to(String... rooms) {
    return new BroadcastOperator(ns, Set.of(rooms), Set.of(id), false);
  }

  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  /** Broadcast to the whole namespace except this socket. */
  public BroadcastOperator broadcast() {
    return new BroadcastOperator(ns, Set.of(), Set.of(id), false);
  }

  // ---- disconnect ----

  /** Leaves the namespace; with {@code close} the whole underlying connection is closed too. */
  public void disconnect(boolean close) {
    client.exec(() -> {
      if (close) {
        client.disconnectAll();
      } else {
        disconnectNow(true);
      }
    });
  }

  void disconnectNow(boolean removeFromClient) {
    if (!connected) return;
    client.write(new Packet(Packet.DISCONNECT, ns.name(), -1, null));
    if (removeFromClient) client.remove(this);
    onClose("server namespace disconnect");
  }

  // ---- internals, on the context ----

  void markConnected() {
    connected = true;
  }

  void onPacket(Packet p) {
    switch (p.type()) {
      case Packet.EVENT -> onEvent(p);
      case Packet.ACK -> onAck(p);
      case Packet.DISCONNECT -> {
        client.remove(this);
        onClose("client namespace disconnect");
      }
      default -> client.closeWith("parse error");
    }
  }

  private void onEvent(Packet p) {
    JsonArray data = (JsonArray) p.data();
    String event = String.valueOf(data.getValue(0));
    EventHandler h = handlers == null ? null : handlers.get(event);
    AnyEventHandler any = anyHandler;
    if (h == null && any == null) {
      log.debug("no handler for event {} on {}", event, ns.name());
      return;
    }
    JsonArray args = new JsonArray(new ArrayList<>(data.getList().subList(1, data.size())));
    Ack ack = p.id() >= 0 ? ackFor(p.id()) : null;
    try {
      if (any != null) any.handle(event, args, ack);
      if (h != null && connected) h.handle(args, ack);
    } catch (RuntimeException e) {
      log.error("handler of event {} failed", event, e);
    }
  }

  private Ack ackFor(long ackId) {
    AtomicBoolean sent = new AtomicBoolean();
    return args -> {
      if (!sent.compareAndSet(false, true)) return;
      JsonArray data = new JsonArray();
      for (Object a : args) data.add(a);
      Packet packet = new Packet(Packet.ACK, ns.name(), ackId, data);
      client.exec(() -> {
        if (connected) client.write(packet);
      });
    };
  }

  private void onAck(Packet p) {
    PendingAck pending = acks == null ? null : acks.remove(p.id());
    if (pending == null) return;
    client.server.vertx.cancelTimer(pending.timer());
    pending.promise().tryComplete((JsonArray) p.data());
  }

  void onClose(String reason) {
    if (!connected) return;
    connected = false;
    SessionStore store = client.server.sessions;
    if (store != null && !superseded) {
      kept = RECOVERABLE.contains(reason);
      store.disconnected(session(), kept && !unlogged) // the rooms are read before the socket leaves them
          .onFailure(e -> log.warn("Session of socket {} not stored: {}", id, e.getMessage()));
    }
    ns.remove(this);
    if (acks != null) {
      for (PendingAck a : acks.values()) {
        client.server.vertx.cancelTimer(a.timer());
        a.promise().tryFail(new IllegalStateException("socket disconnected: " + reason));
      }
      acks = null;
    }
    List<Handler<String>> hs = disconnectHandlers;
    disconnectHandlers = null;
    handlers = null;
    if (hs != null) {
      for (Handler<String> h : hs) {
        try {
          h.handle(reason);
        } catch (RuntimeException e) {
          log.error("disconnect handler failed", e);
        }
      }
    }
  }

  /** Writes an encoded packet; the caller is on this socket's event loop. */
  void writeNow(EncodedPacket packet) {
    deliver(packet);
  }

  private void deliver(EncodedPacket packet) {
    deliver(packet, null, true);
  }

  /**
   * A sequenced packet ({@code sequence} not null) goes only if it is the series' latest yet for this
   * socket; {@code logged}: see {@link LocalSocket#sendPersisted}.
   */
  private void deliver(EncodedPacket packet, Sequence sequence, boolean logged) {
    if (!logged && !unlogged && (held != null || connected)) {
      unlogged = true;
      forgetSession();
    }
    if (held != null) {
      held.add(new Pending(packet, sequence));
    } else if (connected && (sequence == null || advance(sequence))) {
      client.write(packet);
    }
  }

  private boolean advance(Sequence sequence) {
    if (positions == null) positions = new SeriesPositions();
    return positions.advance(sequence.key(), sequence.position());
  }

  // ---- connection state recovery, on the context ----

  Session session() {
    JsonObject d = data;
    return new Session(pid, id, ns.name(), rooms(), d == null ? new JsonObject() : d.copy());
  }

  /** From now on (connected, handlers run) room changes are saved, and this state is saved once. */
  void startSaving() {
    saving = true;
    saveSession();
  }

  private void saveSession() {
    SessionStore store = client.server.sessions;
    if (store != null && saving && connected && !unlogged) {
      store.save(session()).onFailure(e -> log.debug("Session of socket {} not saved: {}", id, e.getMessage()));
    }
  }

  /**
   * The store forgets the session now rather than at disconnect: should this node die, the session it
   * saved earlier must not recover elsewhere either.
   */
  private void forgetSession() {
    SessionStore store = client.server.sessions;
    if (store != null && saving) {
      store.disconnected(session(), false)
          .onFailure(e -> log.debug("Session of socket {} not forgotten: {}", id, e.getMessage()));
    }
  }

  /** Recovering: hold what the rooms get until the missed packets went out. */
  void hold() {
    held = new ArrayList<>();
  }

  void missed(List<SessionStore.Missed> packets) {
    missed = packets;
  }

  /**
   * Connected: the missed packets go out in order, then what was held meanwhile, minus what the
   * replay already carried (the same packet with the same offset encodes to the same text).
   *
   * <p>A series' sequenced broadcasts come from two orders here: the store's (the missed packets) and
   * this node's (held, then live). They need not agree: the store may hold a later position that this
   * node has not delivered yet, because it is still reading earlier ones back (Redis lost them, or a
   * publication never came), and those earlier ones were never in the store. So of each series the
   * replay carries only what this node had delivered before the socket joined its rooms (up to the
   * position before the first one held, or this node's last one when none was held); the later ones
   * reach the socket from this node, after everything before them. And whatever the path, the socket
   * never gets a position of a series twice, nor one below what it had ({@link SeriesPositions}).
   */
  void replay() {
    List<SessionStore.Missed> gap = missed == null ? List.of() : missed;
    List<Pending> meanwhile = held == null ? List.of() : held;
    missed = null;
    held = null;
    Map<String, Long> takenOver = new HashMap<>();
    for (Pending p : meanwhile) {
      if (p.sequence() != null) takenOver.putIfAbsent(p.sequence().key(), p.sequence().position() - 1);
    }
    Set<String> sent = new java.util.HashSet<>();
    for (SessionStore.Missed m : gap) {
      Sequence seq = m.sequence();
      if (seq != null) {
        long upTo = takenOver.computeIfAbsent(seq.key(), this::deliveredHere);
        if (seq.position() > upTo || !advance(seq)) continue; // this node sends it live, in its place
      }
      client.write(m.packet());
      sent.add(m.packet().engineText());
    }
    for (Pending p : meanwhile) {
      if (p.sequence() != null ? advance(p.sequence()) : !sent.contains(p.packet().engineText())) {
        client.write(p.packet());
      }
    }
  }

  /** This node's last delivered position of a series; unbounded when it does not order that series. */
  private long deliveredHere(String key) {
    long position = ns.adapter().sequencePosition(key);
    return position < 0 ? Long.MAX_VALUE : position;
  }

  /** Whether its session may still be recovered: no packet that recovery persists came without its offset. */
  boolean replayable() {
    return !unlogged;
  }

  /** A recovered socket of this node took this one's id over: it goes without touching the session. */
  void supersede() {
    superseded = true;
    client.exec(() -> {
      client.remove(this);
      onClose("superseded");
      client.closeWith("superseded");
    });
  }

  SocketInfo info() {
    JsonObject d = data;
    return new SocketInfo(id, ns.name(), rooms(), d == null ? new JsonObject() : d.copy());
  }

  LocalSocket local() {
    return new LocalSocket() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void sendEncoded(EncodedPacket packet) {
        client.exec(() -> deliver(packet));
      }

      @Override
      public void sendPersisted(EncodedPacket packet, Sequence sequence, boolean logged) {
        client.exec(() -> deliver(packet, sequence, logged));
      }

      @Override
      public void sendEncodedUnlessBehind(EncodedPacket packet) {
        client.exec(() -> {
          if (connected) client.writeUnlessBehind(packet);
        });
      }

      @Override
      public SocketInfo info() {
        return Socket.this.info();
      }

      @Override
      public void disconnect(boolean close) {
        Socket.this.disconnect(close);
      }
    };
  }
}
