package io.chatserver.socketio;

import io.chatserver.socketio.engine.EngineSocket;
import io.chatserver.socketio.parser.EncodedPacket;
import io.chatserver.socketio.parser.Packet;
import io.chatserver.socketio.parser.PacketDecoder;
import io.chatserver.socketio.parser.PacketEncoder;
import io.chatserver.socketio.parser.ParseException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
    Socket socket = new Socket(ns, this, auth == null ? new JsonObject() : auth);
    ns.runMiddlewares(socket, refusal -> exec(() -> {
      connecting.remove(name);
      if (!conn.isOpen()) return;
      if (refusal != null) {
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
      ns.add(socket);
      write(new Packet(Packet.CONNECT, name, -1, new JsonObject().put("sid", socket.id())));
      ns.fireConnection(socket);
      socket.releaseAuth();
    }));
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
