package io.chatserver.socketio.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery (socket.io's {@code connectionStateRecovery}): a client that lost its
 * connection and comes back within {@code window} gets its socket id, its rooms, its data and the
 * broadcasts it missed. {@code skipMiddlewares}: a recovered socket skips the connect middlewares (off
 * by default, so an application checks credentials again, with the restored session visible).
 * {@code store}: null for an {@link InMemorySessionStore} of this node.
 */
public record RecoveryOptions(Duration window, boolean skipMiddlewares, SessionStore store) {

  public RecoveryOptions {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be > 0");
  }

  public static RecoveryOptions of(Duration window) {
    return new RecoveryOptions(window, false, null);
  }

  public RecoveryOptions withStore(SessionStore store) {
    return new RecoveryOptions(window, skipMiddlewares, store);
  }
}
