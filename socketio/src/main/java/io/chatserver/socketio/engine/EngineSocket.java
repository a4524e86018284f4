package io.chatserver.socketio.engine;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * One Engine.IO session, whichever transport currently carries it. Methods may be called from any
 * thread; work is moved to the session's context. Handlers run on that context.
 */
public interface EngineSocket {
  String id();

  /** Data of the request that opened the session. */
  HandshakeRequest request();

  /** "polling" or "websocket". */
  String transportName();

  /** The Vert.x context every handler of this session runs on. */
  Context context();

  boolean isOpen();

  /** Runs the task on the session's context: at once when already there, else queued to it. */
  void execute(Runnable task);

  /** Messages from the client: a {@link String} or a {@link Buffer}. */
  EngineSocket onMessage(Handler<Object> handler);

  /** Called once with the reason ("transport close", "ping timeout", "forced close", ...). */
  EngineSocket onClose(Handler<String> handler);

  void send(String message);

  void send(Buffer message);

  /**
   * Sends an already encoded Engine.IO text packet (for example {@code "4hello"}): lets callers
   * encode a broadcast once and hand the same string to many sessions.
   */
  void sendEncoded(String engineTextPacket);

  /** Like {@link #sendEncoded(String)}, then the binary frames, all in order, none interleaved. */
  void sendEncoded(String engineTextPacket, Buffer[] binaries);

  /**
   * Like {@link #sendEncoded(String, Buffer[])}, but dropped when the transport is behind: frames
   * already wait to be written (WebSocket backlog or full write queue; a polling queue no GET has
   * fetched yet). For packets that are worthless late (Socket.IO's volatile emits).
   */
  void sendEncodedUnlessBehind(String engineTextPacket, Buffer[] binaries);

  /** Graceful close: pending packets are flushed where possible. */
  void close();
}
