package io.chatserver;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder a test can cut and restore, to make a real dependency (PostgreSQL) go away and come
 * back without stopping it for everyone else.
 */
public final class TcpProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private NetServer server;

  public TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = listen(0);
  }

  public int port() {
    return port;
  }

  /** Drops every forwarded connection and refuses new ones. */
  public void cut() {
    server.close().await();
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  public void restore() {
    listen(port);
  }

  private int listen(int onPort) {
    server = vertx.createNetServer().connectHandler(this::forward);
    return server.listen(onPort, "127.0.0.1").await().actualPort();
  }

  private void forward(NetSocket inbound) {
    inbound.pause();
    sockets.add(inbound);
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed()) {
        inbound.close();
        return;
      }
      NetSocket outbound = ar.result();
      sockets.add(outbound);
      inbound.pipeTo(outbound);
      outbound.pipeTo(inbound);
      inbound.resume();
    });
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
