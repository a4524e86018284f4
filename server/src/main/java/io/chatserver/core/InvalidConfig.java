package io.chatserver.core;

/** Thrown for a setting that cannot be used; Main prints the message and exits non-zero. */
public final class InvalidConfig extends RuntimeException {
  public InvalidConfig(String message) {
    super(message);
  }
}
