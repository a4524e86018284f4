package io.chatserver.socketio.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that reaches into Vert.x's internal API (stable within 5.x, not promised beyond). Each
 * look-up answers null when the internal type is not there (a Vert.x upgrade renamed or moved it): the
 * caller then takes its public-API path, and the first miss is logged once. The internals pay for
 * themselves in docs/benchmarks.md (the broadcast fan-out per event loop, the WebSocket fast path); the
 * public paths behave the same, only slower (or, for {@link #slimDown}, bigger). {@code VertxInternalsTest}
 * runs both ways.
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

  /**
   * Frees what Vert.x keeps per WebSocket but never uses again (C114); to call on the socket's event loop
   * right after the upgrade, before the socket is handed to any other thread. Two things, about 9 KB of
   * an idle socket's heap:
   * <ul>
   *   <li>the WebSocket's Netty handler keeps the function that built its connection, and with it the
   *   HTTP/1 connection the socket was upgraded from (its 1,024-slot write queue, the upgrade request,
   *   its response and headers), for the socket's lifetime; the function is only called when the handler
   *   is added to the pipeline, which has happened;</li>
   *   <li>the WebSocket connection's write queue is a jctools queue with a 1,024-slot chunk allocated up
   *   front, used only for writes from other threads or while Netty's buffer is full (the first pending
   *   write does not even reach it); it is replaced, while empty and before any other thread can write,
   *   by a {@link ConcurrentLinkedQueue}, also lock-free for many producers and one consumer, which costs
   *   nothing until used.</li>
   * </ul>
   * Thread rules and ordering stay Vert.x's own. False (nothing changed) on the public-API path or off the
   * socket's event loop; a queue that already holds writes is kept.
   */
  public static boolean slimDown(ServerWebSocket ws) {
    ChannelHandlerContext ctx = channelContext(ws);
    Slimming fields = Slimming.fields;
    if (ctx == null || fields == null || !ctx.executor().inEventLoop()) {
      return false;
    }
    try {
      if (!(ctx.handler() instanceof io.vertx.core.net.impl.VertxHandler<?> handler)) {
        return false;
      }
      fields.factory.set(handler, null);
      if (fields.outbound.get(handler.getConnection())
          instanceof io.vertx.core.internal.concurrent.OutboundMessageQueue<?> outbound) {
        Object passing = fields.passing.get(outbound);
        if (fields.queue.get(passing) instanceof Queue<?> queue && queue.isEmpty()) {
          fields.queue.set(passing, new ConcurrentLinkedQueue<>());
        }
      }
      return true;
    } catch (IllegalAccessException | RuntimeException | LinkageError e) {
      Slimming.fields = null;
      log.warn("Vert.x internals changed: idle WebSockets keep their upgrade state", e);
      return false;
    }
  }

  /** The private fields {@link #slimDown} writes, looked up once; null when they are not there. */
  private static final class Slimming {
    static volatile Slimming fields = lookUp();

    final Field factory;
    final Field outbound;
    final Field passing;
    final Field queue;

    private Slimming() throws ReflectiveOperationException {
      factory = field(io.vertx.core.net.impl.VertxHandler.class, "connectionFactory");
      outbound = field(io.vertx.core.net.impl.VertxConnection.class, "outboundMessageQueue");
      passing = field(io.vertx.core.internal.concurrent.OutboundMessageQueue.class, "mqp");
      queue = field(io.vertx.core.streams.impl.MessagePassingQueue.class, "queue");
    }

    private static Slimming lookUp() {
      try {
        return new Slimming();
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        log.warn("Vert.x internals changed: idle WebSockets keep their upgrade state", e);
        return null;
      }
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    }
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
