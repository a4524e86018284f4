package io.chatserver.realtime;

import io.chatserver.events.ChatEvents;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.metrics.Metrics;
import io.chatserver.socketio.BroadcastOperator;
import io.chatserver.socketio.Namespace;
import io.chatserver.users.DeletedUser;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Decision 27: every committed change, made over REST or over a socket, reaches sockets from here.
 * Everything goes through the namespace's adapter, so a clustered adapter makes it cluster-wide.
 */
final class SocketPushes implements ChatEvents {

  /** message_deleted pushes of one deleted user sent per event-loop turn. */
  private static final int RETRACT_BATCH = 200;

  private final Vertx vertx;
  private final Namespace ns;
  private final Metrics metrics;

  SocketPushes(Vertx vertx, Namespace ns, Metrics metrics) {
    this.vertx = vertx;
    this.ns = ns;
    this.metrics = metrics;
  }

  private void emit(BroadcastOperator to, String event, Object payload) {
    to.emit(event, payload);
    metrics.eventPushed(event);
  }

  @Override
  public void onPublicMessage(PublicMessage message) {
    emit(ns.to(Rooms.PUBLIC), "new_public_message", Payloads.publicMessage(message));
  }

  /** Once to every socket of both participants, joined to the private room or not (decision 24). */
  @Override
  public void onPrivateMessage(PrivateMessage message) {
    emit(ns.to(Rooms.user(message.senderId()), Rooms.user(message.recipientId())),
        "new_private_message", Payloads.privateMessage(message));
  }

  @Override
  public void onMessageDeleted(long messageId, Long chatId, List<Long> participantIds) {
    String[] rooms = chatId == null
        ? new String[] {Rooms.PUBLIC}
        : participantIds.stream().map(Rooms::user).toArray(String[]::new);
    emit(ns.to(rooms), "message_deleted", Payloads.messageDeleted(messageId, chatId));
  }

  @Override
  public void onTokenRevoked(String jti, long userId) {
    ns.in(Rooms.token(jti)).disconnectSockets(true);
  }

  /**
   * Decision 37: the user's sockets are closed; each of their public messages is retracted with its
   * own {@code message_deleted} (the contract's shape), and the other participant of each of their
   * private chats gets {@code chat_deleted} on every socket.
   */
  @Override
  public void onUserDeleted(DeletedUser user) {
    ns.in(Rooms.user(user.id())).disconnectSockets(true);
    for (DeletedUser.EndedChat chat : user.privateChats()) {
      emit(ns.to(Rooms.user(chat.otherUserId())), "chat_deleted", Payloads.chatDeleted(chat.chatId()));
    }
    retract(user.publicMessageIds(), 0);
  }

  /** A batch per event-loop turn, so that a prolific user's deletion does not hold the loop. */
  private void retract(List<Long> publicMessageIds, int from) {
    int to = Math.min(publicMessageIds.size(), from + RETRACT_BATCH);
    for (int i = from; i < to; i++) {
      emit(ns.to(Rooms.PUBLIC), "message_deleted", Payloads.messageDeleted(publicMessageIds.get(i), null));
    }
    if (to < publicMessageIds.size()) {
      vertx.runOnContext(v -> retract(publicMessageIds, to));
    }
  }

  /** Every token the user's sockets were opened with is revoked now, on every node. */
  @Override
  public void onPasswordChanged(long userId) {
    ns.in(Rooms.user(userId)).disconnectSockets(true);
  }
}
