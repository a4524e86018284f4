package io.chatserver.http;

import io.chatserver.edge.Refusal;
import io.chatserver.socketio.engine.VertxInternals;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps slow and greedy clients from holding connections (slow-loris):
 * <ul>
 *   <li>at most {@code maxPerAddress} open connections per client address (0: no cap; the trusted proxies
 *   are exempt, many clients share their address); one more is closed at once;</li>
 *   <li>a request head must be complete within {@code headerTimeoutMs} of the connection opening or of the
 *   previous answer on it. It is a deadline, not an idle timer: bytes trickling in do not extend it. It is
 *   also how long a kept-alive connection may wait for its next request;</li>
 *   <li>a request body must be complete within {@code bodyTimeoutMs} of its head: else 408 and close;</li>
 *   <li>no byte either way for {@code idleTimeoutMs} closes any connection (Vert.x's idle timeout).</li>
 * </ul>
 * A WebSocket upgrade or a Socket.IO long-poll has its head and no body, so only the idle timeout
 * applies to it, and Socket.IO's own ping (every 25 s) keeps a live one busy.
 * The state of a connection is only touched on its event loop (Vert.x runs its handlers and the timers
 * set there on it).
 */
public final class ConnectionGuard {

  private final Vertx vertx;
  private final int idleTimeoutMs;
  private final long headerTimeoutMs;
  private final long bodyTimeoutMs;
  private final int maxPerAddress;
  private final IpRanges exempt;
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<HttpConnection, Deadline> deadlines = new ConcurrentHashMap<>();

  public ConnectionGuard(Vertx vertx, int idleTimeoutMs, long headerTimeoutMs, long bodyTimeoutMs,
      int maxPerAddress, IpRanges exempt) {
    this.vertx = vertx;
    this.idleTimeoutMs = idleTimeoutMs;
    this.headerTimeoutMs = headerTimeoutMs;
    this.bodyTimeoutMs = bodyTimeoutMs;
    this.maxPerAddress = maxPerAddress;
    this.exempt = exempt;
  }

  /**
   * Idle timeout, and HTTP/1.1 only: with cleartext HTTP/2 (h2c) on, Vert.x would meet a connection only
   * after its first bytes (too late for a silent one), and one connection would carry many requests at
   * once. Browsers and proxies speak HTTP/1.1 to us (TLS, and with it HTTP/2, ends at the proxy).
   */
  public HttpServerOptions tune(HttpServerOptions options) {
    return options.setIdleTimeout(idleTimeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  /** The server's connection handler: admits or closes the connection, then waits for its first head. */
  public void onConnection(HttpConnection conn) {
    SocketAddress remote = conn.remoteAddress();
    String address = remote == null ? null : remote.hostAddress();
    boolean counted = maxPerAddress > 0 && address != null && !exempt.contains(address);
    if (counted && perAddress.merge(address, 1, Integer::sum) > maxPerAddress) {
      release(address);
      conn.close();
      return;
    }
    Deadline deadline = new Deadline(conn);
    deadlines.put(conn, deadline);
    // Holds the deadline, not the connection: an upgraded connection is let go (onUpgraded) while its
    // socket, and this listener, live on.
    whenClosed(conn, () -> {
      deadline.closed();
      if (counted) {
        release(address);
      }
    });
    deadline.awaitHead();
  }

  /**
   * The request made its connection a WebSocket: no more heads will come on it, so its deadline and the
   * HTTP connection (with the upgrade request) are let go; only its place in the per-address count stays,
   * until the TCP connection closes. Without this every idle socket would keep them (C114).
   */
  public void onUpgraded(HttpServerRequest request) {
    Deadline deadline = deadlines.get(request.connection());
    if (deadline != null) {
      deadline.closed();
    }
  }

  /**
   * Runs {@code then} once the TCP connection is gone. An HTTP connection's close handler does not
   * fire once it has been upgraded to a WebSocket (Vert.x hands the channel to the WebSocket), so
   * every Socket.IO WebSocket would keep its place and its entry for ever; the channel's own close
   * future fires in every case. The public close handler is the fallback should Vert.x's internal
   * connection type change ({@link VertxInternals}; SlowClientTest.closedWebSocketsGiveTheirPlaceBack
   * fails then).
   */
  private static void whenClosed(HttpConnection conn, Runnable then) {
    ChannelHandlerContext channel = VertxInternals.channelContext(conn);
    if (channel != null) {
      channel.channel().closeFuture().addListener(f -> then.run());
    } else {
      conn.closeHandler(v -> then.run());
    }
  }

  /** To call first for every request: its head is complete; from now on its body is on the clock. */
  public void onRequest(HttpServerRequest request) {
    Deadline deadline = deadlines.get(request.connection());
    if (deadline != null) {
      deadline.headArrived(request);
    }
  }

  /** To call when the answer to {@code request} has been sent: the next head is on the clock. */
  public void onAnswered(HttpServerRequest request) {
    Deadline deadline = deadlines.get(request.connection());
    if (deadline != null) {
      deadline.answered(request);
    }
  }

  /**
   * First handler of the REST router: reports the answer to {@link #onAnswered}. (vertx-web owns the
   * response's end handler on this path; its end handlers are the way to hear of the answer.)
   */
  public void watchAnswer(RoutingContext ctx) {
    Deadline deadline = deadlines.get(ctx.request().connection());
    if (deadline != null) {
      HttpServerRequest request = deadline.current; // ctx.request() is vertx-web's wrapper of it
      ctx.addEndHandler(ended -> deadline.answered(request));
    }
    ctx.next();
  }

  private void release(String address) {
    perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Whether the request announces a body (a length other than 0, or chunks). */
  static boolean hasBody(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return true;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null && !length.equals("0");
  }

  /** The one timer of a connection: the head deadline, or the body deadline of its current request. */
  private final class Deadline {
    /** Null once closed or upgraded. */
    private HttpConnection conn;
    private HttpServerRequest current;
    private long timer = -1;
    private boolean closed;

    Deadline(HttpConnection conn) {
      this.conn = conn;
    }

    void awaitHead() {
      restart(headerTimeoutMs, () -> {
        if (conn != null) {
          conn.close();
        }
      });
    }

    void headArrived(HttpServerRequest request) {
      current = request;
      cancel();
      if (hasBody(request)) {
        restart(bodyTimeoutMs, () -> bodyTimedOut(request));
      }
    }

    void answered(HttpServerRequest request) {
      if (request == current) { // a pipelined next request may already have arrived
        current = null;
        awaitHead();
      }
    }

    /** The connection closed, or stopped being HTTP: nothing more to time, nothing to keep. */
    void closed() {
      closed = true;
      cancel();
      if (conn != null) {
        deadlines.remove(conn, this);
        conn = null;
      }
      current = null;
    }

    private void bodyTimedOut(HttpServerRequest request) {
      if (request.isEnded()) {
        return; // the body came; answering is up to its handler
      }
      Refusal.answerAndClose(request, 408, "Request body not received in time");
    }

    private void restart(long delayMs, Runnable onTimeout) {
      cancel();
      if (!closed) {
        timer = vertx.setTimer(delayMs, id -> {
          timer = -1;
          onTimeout.run();
        });
      }
    }

    private void cancel() {
      if (timer != -1) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
