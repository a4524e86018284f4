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

  /**
   * The sockets of one user that are in the public room: "is this user present?" is then a question
   * about a few socket ids, not about every socket of the room or every room of the user's sockets.
   */
  static String inPublic(long userId) {
    return PUBLIC + "/user:" + userId;
  }

  /**
   * The push series of a conversation (decision 32): its changes reach each socket in seq order, once
   * (see io.chatserver.socketio.adapter.Sequencer). {@code chatId} null: the public room.
   */
  static String series(Long chatId) {
    return chatId == null ? "public" : "chat:" + chatId;
  }

  /** The chat of a series, or null for the public room's. */
  static Long chatOfSeries(String series) {
    return series.startsWith("chat:") ? Long.valueOf(series.substring(5)) : null;
  }

  static String token(String jti) {
    return "token:" + jti;
  }
}
