package io.chatserver.socketio.engine;

/**
 * A channel carrying one session's packets. All methods run on the session's context.
 * Frames are either an encoded Engine.IO text packet ({@link String}, e.g. "4hello") or a binary
 * message ({@link io.vertx.core.buffer.Buffer}).
 */
abstract class Transport {
  final EngineSession session;

  Transport(EngineSession session) {
    this.session = session;
  }

  abstract String name();

  /** What a queued frame counts against {@code maxSendQueueBytes}: characters of text, bytes of binary. */
  static int queuedSize(Object frame) {
    return frame instanceof String s ? s.length() : ((io.vertx.core.buffer.Buffer) frame).length();
  }

  /** Queues or writes one frame; returns false when the per-connection bound was exceeded. */
  abstract boolean send(Object frame);

  /** True when frames already wait to be written: a volatile frame is then dropped, not queued. */
  abstract boolean behind();

  /** Server-initiated close; {@code sendClosePacket} tells a polling client why its session ended. */
  abstract void close(boolean sendClosePacket);

  /** Client said "close" (packet 1) or the session ended otherwise: release held resources. */
  abstract void discard();
}
