package io.chatserver.socketio.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that reaches into Vert.x's internal API (stable within 5.x, not promised beyond). Each
 * look-up answers null when the internal type is not there (a Vert.x upgrade renamed or moved it): the
 * caller then takes its public-API path, and the first miss is logged once. The internals pay for
 * themselves in docs/benchmarks.md (the broadcast fan-out per event loop, the WebSocket fast path); the
 * public paths behave the same, only slower. {@code VertxInternalsTest} runs both ways.
 */
public final class VertxInternals {

  private static final Logger log = LoggerFactory.getLogger(VertxInternals.class);

  /** Tests only: take the public-API paths, as if the internal types were gone. */
  static volatile boolean publicApiOnly;

  /** Set by the first failed look-up: a missing class is not looked for again. */
  private static volatile boolean unavailable;
  private static final AtomicBoolean warned = new AtomicBoolean();

  private VertxInternals() {}

  /**
   * The Netty event loop that runs {@code context}, or null (then group work by the context itself).
   * Many contexts share one loop, so grouping by loop batches a broadcast's writes per thread.
   */
  public static EventLoop eventLoop(Context context) {
    if (publicApiOnly || unavailable) {
      return null;
    }
    try {
      if (context instanceof io.vertx.core.internal.ContextInternal internal) {
        return internal.nettyEventLoop();
      }
      missing("Context is no ContextInternal", null);
    } catch (LinkageError e) {
      missing("ContextInternal", e);
    }
    return null;
  }

  /** The Netty handler context of a server WebSocket (to write frames directly), or null. */
  public static ChannelHandlerContext channelContext(ServerWebSocket ws) {
    if (publicApiOnly || unavailable) {
      return null;
    }
    try {
      if (ws instanceof io.vertx.core.internal.http.WebSocketInternal internal) {
        return internal.channelHandlerContext();
      }
      missing("ServerWebSocket is no WebSocketInternal", null);
    } catch (LinkageError e) {
      missing("WebSocketInternal", e);
    }
    return null;
  }

  /**
   * The Netty handler context of an HTTP/1.x server connection (its pipeline and channel), or null: also
   * for an HTTP/2 connection, which is not of that type.
   */
  public static ChannelHandlerContext channelContext(HttpConnection conn) {
    if (publicApiOnly || unavailable) {
      return null;
    }
    try {
      if (conn instanceof io.vertx.core.http.impl.HttpServerConnection internal) {
        return internal.channelHandlerContext();
      }
    } catch (LinkageError e) {
      missing("HttpServerConnection", e);
    }
    return null;
  }

  private static void missing(String what, LinkageError error) {
    if (error != null) {
      unavailable = true;
    }
    if (warned.compareAndSet(false, true)) {
      log.warn("Vert.x internal API not available ({}): using the slower public API", what, error);
    }
  }
}
