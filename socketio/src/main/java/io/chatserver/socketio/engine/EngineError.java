package io.chatserver.socketio.engine;

/**
 * Engine.IO HTTP error codes, answered with {"code":N,"message":"..."}: 403 for FORBIDDEN (a refused
 * handshake, as the reference server does), 400 for the others.
 */
enum EngineError {
  UNKNOWN_TRANSPORT(0, "Transport unknown"),
  UNKNOWN_SID(1, "Session ID unknown"),
  BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
  BAD_REQUEST(3, "Bad request"),
  FORBIDDEN(4, "Forbidden"),
  UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

  final int code;
  final String message;

  EngineError(int code, String message) {
    this.code = code;
    this.message = message;
  }

  String json() {
    return json(message);
  }

  /** The error with another message (plain ASCII, no quotes). */
  String json(String customMessage) {
    return "{\"code\":" + code + ",\"message\":\"" + customMessage + "\"}";
  }
}
