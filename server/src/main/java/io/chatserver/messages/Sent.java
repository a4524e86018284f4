package io.chatserver.messages;

/**
 * The answer to a send (decision 31): the message just stored, or, for a repeated client_id, the
 * original in its current state ({@code replayed}; a tombstone when it was deleted since).
 */
public record Sent<M>(Change<M> state, boolean replayed) {

  static <M> Sent<M> created(M message, long seq) {
    return new Sent<>(Change.of(message, seq), false);
  }

  static <M> Sent<M> replay(Change<M> original) {
    return new Sent<>(original, true);
  }
}
