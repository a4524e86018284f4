package io.chatserver.socketio;

import io.chatserver.socketio.engine.EngineSocket;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.Packet;
import io.chatserver.socketio.parser.PacketDecoder;
import io.chatserver.socketio.parser.PacketEncoder;
import io.chatserver.socketio.parser.ParseException;
import io.chatserver.socketio.recovery.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection seen by Socket.IO: decodes packets and routes them to the sockets it
 * multiplexes (one per namespace). Runs on the connection's context only.
 */
final class Client {
  /** How long a refused connection stays open so the client reads its CONNECT_ERROR first. */
  static final long REFUSAL_GRACE_MS = 1000;

  private static final Logger log = LoggerFactory.getLogger(Client.class);

  final SocketIoServer server;
  final EngineSocket conn;
  private final PacketDecoder decoder;
  /** Namespace name -> socket; allocated on first connect (most connections use one namespace). */
  private Map<String, Socket> sockets;
  private Set<String> connecting;
  private long connectTimer;
  private String closeReason;

  Client(SocketIoServer server, EngineSocket conn) {
    this.server = server;
    this.conn = conn;
    // one binary packet may not buffer more than maxPayload bytes of attachments
    this.decoder = new PacketDecoder(server.options.getMaxPayload());
    conn.onMessage(this::onMessage);
    conn.onClose(this::onClose);
    connectTimer = server.vertx.setTimer(server.options.getConnectTimeout(), t -> {
      connectTimer = -1;
      if (sockets == null || sockets.isEmpty()) {
        log.debug("no namespace joined within connectTimeout, closing {}", conn.id());
        conn.close();
      }
    });
  }

  void exec(Runnable r) {
    conn.execute(r);
  }

  void write(Packet p) {
    EncodedPacket e = PacketEncoder.encode(p);
    conn.sendEncoded(e.engineText(), e.attachments());
  }

  void write(EncodedPacket e) {
    conn.sendEncoded(e.engineText(), e.attachments());
  }

  void writeUnlessBehind(EncodedPacket e) {
    conn.sendEncodedUnlessBehind(e.engineText(), e.attachments());
  }

  private void onMessage(Object msg) {
    Packet p;
    try {
      p = msg instanceof String s ? decoder.decodeText(s) : decoder.decodeBinary((Buffer) msg);
    } catch (ParseException e) {
      log.debug("invalid packet from {}: {}", conn.id(), e.getMessage());
      closeWith("parse error");
      return;
    }
    if (p == null) return;
    if (p.type() == Packet.CONNECT) {
      if (msg instanceof String text && text.length() > server.options.getMaxConnectPacket()) {
        log.debug("CONNECT packet of {} chars refused on {}", text.length(), conn.id());
        write(new Packet(Packet.CONNECT_ERROR, p.nsp(), -1, new JsonObject().put("message", "Auth payload too large")));
        closeAfterRefusal();
        return;
      }
      connect(p.nsp(), (JsonObject) p.data());
      return;
    }
    Socket s = sockets == null ? null : sockets.get(p.nsp());
    if (s == null) {
      log.debug("packet for namespace {} without socket, ignored", p.nsp());
      return;
    }
    s.onPacket(p);
  }

  private void connect(String name, JsonObject auth) {
    Namespace ns = server.namespace(name);
    if (ns == null) {
      write(new Packet(Packet.CONNECT_ERROR, name, -1, new JsonObject().put("message", "Invalid namespace")));
      return;
    }
    if (sockets != null && sockets.containsKey(name) || connecting != null && connecting.contains(name)) {
      log.debug("duplicate CONNECT to {} ignored", name);
      return;
    }
    if (connecting == null) connecting = new HashSet<>(2);
    connecting.add(name);
    JsonObject a = auth == null ? new JsonObject() : auth;
    recover(ns, a).onComplete(ar -> exec(() -> admit(ns, a, ar.result())));
  }

  /**
   * Connection state recovery: the session named by the CONNECT's {@code {pid, offset}}, if the store
   * still vouches for it, back in its rooms with its missed packets read; null for a new socket
   * (recovery off, no or unknown session, expired window, store unavailable), as socket.io does.
   */
  private Future<Socket> recover(Namespace ns, JsonObject auth) {
    SessionStore store = server.sessions;
    if (store == null || !(auth.getValue("pid") instanceof String pid)
        || !(auth.getValue("offset") instanceof String offset)) {
      return Future.succeededFuture();
    }
    return store.find(pid, ns.name(), offset).compose(session -> {
      if (session == null) return Future.succeededFuture();
      Promise<Socket> restored = Promise.promise();
      exec(() -> {
        Socket socket = new Socket(ns, this, auth, session);
        socket.hold();
        ns.addRecovering(socket, session.rooms()); // in the rooms first: nothing falls between them and the gap
        store.missedPackets(ns.name(), offset, session.rooms()).onComplete(missed -> exec(() -> {
          if (missed.succeeded()) {
            socket.missed(missed.result());
            restored.complete(socket);
          } else {
            log.debug("missed packets of {} unavailable: {}", session.sid(), missed.cause().getMessage());
            ns.remove(socket);
            restored.complete();
          }
        }));
      });
      return restored.future();
    }).recover(e -> {
      log.debug("session {} not recovered: {}", pid, e.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Runs the middlewares (also for a recovered socket, unless configured otherwise), then connects or refuses. */
  private void admit(Namespace ns, JsonObject auth, Socket recovered) {
    Socket socket = recovered != null ? recovered : new Socket(ns, this, auth);
    boolean skip = recovered != null && server.options.getConnectionStateRecovery().skipMiddlewares();
    Consumer<Namespace.Refusal> decided = refusal -> exec(() -> decided(ns, socket, refusal));
    if (skip) {
      decided.accept(null);
    } else {
      ns.runMiddlewares(socket, decided);
    }
  }

  private void decided(Namespace ns, Socket socket, Namespace.Refusal refusal) {
    String name = ns.name();
    connecting.remove(name);
    if (!conn.isOpen() || refusal != null) {
      if (socket.recovered()) {
        ns.remove(socket); // leaves the rooms; nothing held reaches the client
        if (!conn.isOpen()) server.sessions.disconnected(socket.session(), socket.replayable()); // lost again: keep it
      }
      if (!conn.isOpen()) return;
      write(new Packet(Packet.CONNECT_ERROR, name, -1, refusal.error()));
      if (refusal.close()) closeAfterRefusal();
      return;
    }
    if (sockets == null) sockets = new HashMap<>(2);
    sockets.put(name, socket);
    if (connectTimer != -1) {
      server.vertx.cancelTimer(connectTimer);
      connectTimer = -1;
    }
    JsonObject answer = new JsonObject().put("sid", socket.id());
    if (socket.pid() != null) answer.put("pid", socket.pid());
    if (socket.recovered()) {
      socket.markConnected();
      write(new Packet(Packet.CONNECT, name, -1, answer));
      socket.replay();
    } else {
      ns.add(socket);
      write(new Packet(Packet.CONNECT, name, -1, answer));
    }
    ns.fireConnection(socket);
    socket.releaseAuth();
    socket.startSaving();
  }

  /** Gives the client time to read the CONNECT_ERROR (a poll may be on its way), then closes. */
  private void closeAfterRefusal() {
    server.vertx.setTimer(REFUSAL_GRACE_MS, t -> exec(() -> {
      if (sockets == null || sockets.isEmpty()) closeWith("connect refused");
    }));
  }

  void remove(Socket s) {
    if (sockets != null) sockets.remove(s.namespace().name(), s);
  }

  /** Closes the connection; its sockets see {@code reason}. */
  void closeWith(String reason) {
    if (closeReason == null) closeReason = reason;
    conn.close();
  }

  /** Server-side disconnect(true): every socket gets a DISCONNECT, then the connection closes. */
  void disconnectAll() {
    if (sockets != null) {
      for (Socket s : new ArrayList<>(sockets.values())) s.disconnectNow(false);
    }
    closeWith("forced close");
  }

  private void onClose(String engineReason) {
    if (connectTimer != -1) {
      server.vertx.cancelTimer(connectTimer);
      connectTimer = -1;
    }
    String reason = closeReason != null ? closeReason : engineReason;
    if (sockets != null) {
      for (Socket s : new ArrayList<>(sockets.values())) s.onClose(reason);
      sockets.clear();
    }
  }
}
