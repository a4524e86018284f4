package io.chatserver.socketio;

import io.chatserver.socketio.adapter.Adapter;
import io.chatserver.socketio.adapter.BroadcastOptions;
import io.chatserver.socketio.adapter.LocalSocket;
import io.chatserver.socketio.adapter.NamespaceRef;
import io.chatserver.socketio.adapter.SequenceSource;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.recovery.SessionStore;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.chatserver.socketio.engine.VertxInternals;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Socket.IO namespace: middlewares, connection handlers, its local sockets and its adapter. */
public final class Namespace {
  private static final Logger log = LoggerFactory.getLogger(Namespace.class);

  private final String name;
  private final SocketIoServer server;
  private final Adapter adapter;
  private final List<ConnectMiddleware> middlewares = new CopyOnWriteArrayList<>();
  private final List<Handler<Socket>> connectionHandlers = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Socket> sockets = new ConcurrentHashMap<>();
  private volatile SequenceSource sequenceSource;

  Namespace(SocketIoServer server, String name) {
    this.server = server;
    this.name = name;
    this.adapter = server.options.getAdapterFactory().apply(new NamespaceRef() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Vertx vertx() {
        return server.vertx;
      }

      @Override
      public SessionStore sessionStore() {
        return server.sessions;
      }

      @Override
      public SequenceSource sequenceSource() {
        return sequenceSource;
      }

      @Override
      public LocalSocket localSocket(String id) {
        Socket s = sockets.get(id);
        return s == null ? null : s.local();
      }

      @Override
      public void deliver(Collection<String> socketIds, EncodedPacket packet) {
        deliverBatched(socketIds, packet);
      }
    });
  }

  public String name() {
    return name;
  }

  public Adapter adapter() {
    return adapter;
  }

  /**
   * Where the adapter reads back sequenced broadcasts that did not arrive ({@link BroadcastOperator#sequenced}).
   */
  public Namespace sequenceSource(SequenceSource source) {
    this.sequenceSource = source;
    return this;
  }

  /** Adds a connect middleware; they run in registration order. */
  public Namespace use(ConnectMiddleware middleware) {
    middlewares.add(middleware);
    return this;
  }

  public Namespace onConnection(Handler<Socket> handler) {
    connectionHandlers.add(handler);
    return this;
  }

  /** A socket of this namespace connected to this node, or null. */
  public Socket socket(String id) {
    return sockets.get(id);
  }

  /** Sockets of this namespace connected to this node (live, unmodifiable view). */
  public Collection<Socket> localSockets() {
    return Collections.unmodifiableCollection(sockets.values());
  }

  // ---- broadcasting ----

  public BroadcastOperator to(String... rooms) {
    return new BroadcastOperator(this, Set.of(rooms), Set.of(), false);
  }

  public BroadcastOperator in(String... rooms) {
    return to(rooms);
  }

  public BroadcastOperator except(String... rooms) {
    return new BroadcastOperator(this, Set.of(), Set.of(rooms), false);
  }

  /** Restricts to this node when the adapter is clustered. */
  public BroadcastOperator local() {
    return new BroadcastOperator(this, Set.of(), Set.of(), true);
  }

  public Future<Void> emit(String event, Object... args) {
    return to().emit(event, args);
  }

  public Future<List<SocketInfo>> fetchSockets() {
    return adapter.fetchSockets(BroadcastOptions.ALL);
  }

  public Future<Void> disconnectSockets(boolean close) {
    return adapter.disconnectSockets(BroadcastOptions.ALL, close);
  }

  public Future<Void> socketsJoin(String... rooms) {
    return to().socketsJoin(rooms);
  }

  public Future<Void> socketsLeave(String... rooms) {
    return to().socketsLeave(rooms);
  }

  // ---- internals ----

  /**
   * Fan-out: sockets on the caller's event loop are written at once; for every other event loop a
   * single task writes to all of its sockets (instead of one task per socket). Without Vert.x's internal
   * API ({@link VertxInternals}) the same is done per context: correct, with more tasks.
   */
  private void deliverBatched(Collection<String> socketIds, EncodedPacket packet) {
    Map<Object, List<Socket>> remote = null;
    for (String id : socketIds) {
      Socket s = sockets.get(id);
      if (s == null) continue;
      Context context = s.client.conn.context();
      EventLoop loop = VertxInternals.eventLoop(context);
      if (loop != null ? loop.inEventLoop() : Vertx.currentContext() == context) {
        s.writeNow(packet);
      } else {
        if (remote == null) remote = new HashMap<>();
        remote.computeIfAbsent(loop != null ? loop : context, k -> new ArrayList<>()).add(s);
      }
    }
    if (remote == null) return;
    for (List<Socket> group : remote.values()) {
      group.get(0).client.conn.context().runOnContext(v -> {
        for (Socket s : group) s.writeNow(packet);
      });
    }
  }

  /** A middleware's refusal: the CONNECT_ERROR payload, and whether to close the connection too. */
  record Refusal(JsonObject error, boolean close) {}

  /** Runs middlewares in order on the client's context; {@code done} gets null (accepted) or the refusal. */
  void runMiddlewares(Socket socket, Consumer<Refusal> done) {
    runFrom(0, socket, done);
  }

  private void runFrom(int i, Socket socket, Consumer<Refusal> done) {
    if (i >= middlewares.size()) {
      done.accept(null);
      return;
    }
    ConnectMiddleware mw = middlewares.get(i);
    AtomicBoolean called = new AtomicBoolean();
    ConnectMiddleware.Next next = new ConnectMiddleware.Next() {
      @Override
      public void accept() {
        if (called.compareAndSet(false, true)) socket.client.exec(() -> runFrom(i + 1, socket, done));
      }

      @Override
      public void refuse(JsonObject error) {
        refuse(error, false);
      }

      @Override
      public void refuseAndClose(JsonObject error) {
        refuse(error, true);
      }

      private void refuse(JsonObject error, boolean close) {
        if (called.compareAndSet(false, true)) {
          JsonObject e = error == null ? new JsonObject().put("message", "Connection refused") : error;
          socket.client.exec(() -> done.accept(new Refusal(e, close)));
        }
      }
    };
    try {
      mw.handle(socket, next);
    } catch (RuntimeException e) {
      log.error("connect middleware failed on {}", name, e);
      next.refuse(new JsonObject().put("message", "Internal server error"));
    }
  }

  void add(Socket socket) {
    socket.markConnected();
    sockets.put(socket.id(), socket);
    adapter.addAll(socket.id(), Set.of(socket.id()));
  }

  void fireConnection(Socket socket) {
    for (Handler<Socket> h : connectionHandlers) {
      try {
        h.handle(socket);
      } catch (RuntimeException e) {
        log.error("connection handler failed on {}", name, e);
      }
    }
  }

  /**
   * A recovering socket takes its place before the middlewares run: it is back in its rooms, and what
   * is broadcast to them from now on waits in the socket until its missed packets are sent. A socket
   * of this node still holding the id (its client came back before we saw it go) is closed first,
   * without touching the session.
   */
  void addRecovering(Socket socket, Set<String> rooms) {
    Socket old = sockets.put(socket.id(), socket);
    if (old != null) old.supersede();
    Set<String> all = new java.util.HashSet<>(rooms);
    all.add(socket.id());
    adapter.addAll(socket.id(), all);
  }

  /** Leaves the rooms, unless a recovered socket took the id over meanwhile. */
  void remove(Socket socket) {
    if (sockets.remove(socket.id(), socket)) adapter.delAll(socket.id());
  }
}
