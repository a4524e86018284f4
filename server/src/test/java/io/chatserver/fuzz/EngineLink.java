package io.chatserver.fuzz;

import java.io.IOException;
import java.util.List;

/**
 * One Engine.IO session of a fuzz run, over either transport: send packets, receive the server's
 * packets (text as String, binary as byte[]), and tell whether the server closed the session.
 */
interface EngineLink extends AutoCloseable {

  /** The handshake's open packet ("0{...}"). */
  String open();

  void send(List<EngineFrame> frames) throws IOException;

  /**
   * The packets that arrive within {@code timeoutMs} (at least one unless closed or timed out);
   * an empty list when nothing came; null once the server closed the session.
   */
  List<Object> receive(int timeoutMs) throws IOException;

  String transport();

  @Override
  void close();
}
