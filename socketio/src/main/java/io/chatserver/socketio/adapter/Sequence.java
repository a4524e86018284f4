package io.chatserver.socketio.adapter;

/**
 * The place of a broadcast in an ordered series (for a chat: one conversation's changes, numbered 1, 2,
 * 3, ... by the application). Broadcasts of one key reach each socket in position order, once, whatever
 * order they were emitted in and on whichever node; see {@link Sequencer}.
 */
public record Sequence(String key, long position) {
  public Sequence {
    if (key == null || position < 1) {
      throw new IllegalArgumentException("a sequence needs a key and a position >= 1");
    }
  }
}
