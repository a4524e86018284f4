package io.chatserver.socketio.parser;

/** The client sent something that is not a valid Socket.IO packet; the connection must close. */
public final class ParseException extends Exception {
  public ParseException(String message) {
    super(message, null, false, false);
  }
}
