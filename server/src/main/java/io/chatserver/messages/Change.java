package io.chatserver.messages;

/** The current state of one message as catch-up reports it: the message, or its tombstone. */
public record Change<M>(long seq, M message, Tombstone tombstone) {

  public static <M> Change<M> of(M message, long seq) {
    return new Change<>(seq, message, null);
  }

  public static <M> Change<M> of(Tombstone tombstone) {
    return new Change<>(tombstone.seq(), null, tombstone);
  }

  public boolean deleted() {
    return tombstone != null;
  }
}
