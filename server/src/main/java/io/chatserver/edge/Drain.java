package io.chatserver.edge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work in flight on this node (REST requests and socket events), for a graceful shutdown: once
 * {@link #close} is called, new work is refused, and the returned future completes when the last running
 * piece has been answered (or at the deadline). Thread-safe: requests and sockets live on every event loop.
 */
public final class Drain {

  private static final Logger log = LoggerFactory.getLogger(Drain.class);

  private final AtomicInteger inFlight = new AtomicInteger();
  private final Promise<Void> idle = Promise.promise();
  private volatile boolean closing;

  /** Takes a place for one request or event; false once closing (it must then be refused). */
  public boolean enter() {
    inFlight.incrementAndGet();
    if (closing) {
      exit();
      return false;
    }
    return true;
  }

  /** Whether {@link #close} was called: the node is shutting down. */
  public boolean closing() {
    return closing;
  }

  /** Gives the place back, once the answer has been handed over (to the connection or the socket). */
  public void exit() {
    if (inFlight.decrementAndGet() == 0 && closing) {
      idle.tryComplete();
    }
  }

  /**
   * Router handler: counts a REST request until its answer. Once closing, a new request is answered 503
   * with {@code Connection: close} (the server stops accepting connections once the drain is over).
   */
  public void handle(RoutingContext ctx) {
    if (!enter()) {
      Refusal.answerAndClose(ctx.request(), 503, "Server is shutting down");
      return;
    }
    ctx.addEndHandler(ended -> exit()); // on the answer, or on the connection's loss
    ctx.next();
  }

  /** Refuses new work from now on; completes when none is in flight, or after {@code timeoutMs}. */
  public Future<Void> close(Vertx vertx, long timeoutMs) {
    closing = true;
    if (inFlight.get() == 0) {
      idle.tryComplete();
    }
    if (!idle.future().isComplete()) {
      long timer = vertx.setTimer(timeoutMs, t -> {
        if (idle.tryComplete()) {
          log.warn("Shutdown deadline: {} requests or socket events still in flight", inFlight.get());
        }
      });
      idle.future().onComplete(v -> vertx.cancelTimer(timer));
    }
    return idle.future();
  }
}
