package io.chatserver.realtime;

import io.chatserver.events.ChatEvents;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.socketio.Namespace;
import java.util.List;

/**
 * Decision 27: every committed change, made over REST or over a socket, reaches sockets from here.
 * Everything goes through the namespace's adapter, so a clustered adapter makes it cluster-wide.
 */
final class SocketPushes implements ChatEvents {

  private final Namespace ns;

  SocketPushes(Namespace ns) {
    this.ns = ns;
  }

  @Override
  public void onPublicMessage(PublicMessage message) {
    ns.to(Rooms.PUBLIC).emit("new_public_message", Payloads.publicMessage(message));
  }

  /** Once to every socket of both participants, joined to the private room or not (decision 24). */
  @Override
  public void onPrivateMessage(PrivateMessage message) {
    ns.to(Rooms.user(message.senderId()), Rooms.user(message.recipientId()))
        .emit("new_private_message", Payloads.privateMessage(message));
  }

  @Override
  public void onMessageDeleted(long messageId, Long chatId, List<Long> participantIds) {
    String[] rooms = chatId == null
        ? new String[] {Rooms.PUBLIC}
        : participantIds.stream().map(Rooms::user).toArray(String[]::new);
    ns.to(rooms).emit("message_deleted", Payloads.messageDeleted(messageId, chatId));
  }

  @Override
  public void onTokenRevoked(String jti, long userId) {
    ns.in(Rooms.token(jti)).disconnectSockets(true);
  }

  @Override
  public void onUserDeleted(long userId) {
    ns.in(Rooms.user(userId)).disconnectSockets(true);
  }

  /** Every token the user's sockets were opened with is revoked now, on every node. */
  @Override
  public void onPasswordChanged(long userId) {
    ns.in(Rooms.user(userId)).disconnectSockets(true);
  }
}
