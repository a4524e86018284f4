package io.chatserver.realtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * A read that many callers may ask for at once, run at most once at a time: callers that arrive
 * while a read runs share the next one, started when the running one ends. So every caller gets a
 * read that started after it asked (it sees every change completed before), and a flood of callers
 * costs one read after another, not one read each.
 */
final class SharedRead<T> {

  private final Supplier<Future<T>> read;
  private boolean running;
  private Promise<T> next;

  SharedRead(Supplier<Future<T>> read) {
    this.read = read;
  }

  Future<T> get() {
    Promise<T> mine;
    synchronized (this) {
      if (running) {
        if (next == null) {
          next = Promise.promise();
        }
        return next.future();
      }
      running = true;
      mine = Promise.promise();
    }
    run(mine);
    return mine.future();
  }

  private void run(Promise<T> promise) {
    Future<T> result;
    try {
      result = read.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      Promise<T> queued;
      synchronized (this) {
        queued = next;
        next = null;
        running = queued != null;
      }
      promise.handle(ar);
      if (queued != null) {
        run(queued);
      }
    });
  }
}
