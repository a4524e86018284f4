package io.chatserver.messages;

/**
 * The answer to an edit or a reaction (decisions 41 and 42): the message as it is now, and whether this
 * request changed it (took a seq and was pushed) or was a repeat that changed nothing.
 */
public record Updated<M>(M message, boolean changed) {

  static <M> Updated<M> changed(M message) {
    return new Updated<>(message, true);
  }

  static <M> Updated<M> unchanged(M message) {
    return new Updated<>(message, false);
  }
}
