package io.chatserver.socketio;

import io.chatserver.socketio.adapter.LocalSocket;
import io.chatserver.socketio.engine.HandshakeRequest;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.Packet;
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

  private final String id;
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

  Socket(Namespace ns, Client client, JsonObject auth) {
    byte[] raw = new byte[15];
    RANDOM.nextBytes(raw);
    this.id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    this.ns = ns;
    this.client = client;
    this.auth = auth;
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
      if (connected) client.write(e);
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
    if (connected) ns.adapter().addAll(id, Set.of(room));
  }

  public void join(Set<String> rooms) {
    if (connected) ns.adapter().addAll(id, rooms);
  }

  public void leave(String room) {
    ns.adapter().del(id, room);
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
    if (connected) client.write(packet);
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
        client.exec(() -> {
          if (connected) client.write(packet);
        });
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
