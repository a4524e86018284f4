package io.chatserver.realtime;

/**
 * Room names. {@code public_chat} and {@code private_chat_<id>} are the contract's; the per-user and
 * per-token rooms are ours: they let a push, a logout or a user deletion reach every socket of a user or
 * a token through the adapter, on this node or any other.
 */
final class Rooms {

  static final String PUBLIC = "public_chat";

  private Rooms() {}

  static String privateChat(long chatId) {
    return "private_chat_" + chatId;
  }

  static String user(long userId) {
    return "user:" + userId;
  }

  static String token(String jti) {
    return "token:" + jti;
  }
}
