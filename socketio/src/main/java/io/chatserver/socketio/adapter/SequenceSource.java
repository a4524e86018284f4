package io.chatserver.socketio.adapter;

import io.chatserver.socketio.parser.Packet;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where the application keeps what it broadcast in order (for a chat: its database), so that the
 * adapter can fill a gap: a position that never arrived (its emitter died between commit and
 * broadcast, Redis was away, a publication was lost) is read back instead of waited for.
 */
public interface SequenceSource {

  /**
   * The broadcasts of {@code key} with a position in ({@code after}, {@code before}) as they would be
   * emitted now, in position order, each with its {@link BroadcastOptions#sequence()} set. A position
   * whose change was since superseded by a later one (a message created, then deleted) may be absent:
   * the later one stands for it.
   */
  Future<List<Sequenced>> between(String key, long after, long before);

  /** One broadcast read back from the source. */
  record Sequenced(Packet packet, BroadcastOptions options) {}
}
