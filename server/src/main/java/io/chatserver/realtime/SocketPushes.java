package io.chatserver.realtime;

import io.chatserver.events.ChatEvents;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.messages.Tombstone;
import io.chatserver.reads.ReadJson;
import io.chatserver.reads.ReadMoved;
import io.chatserver.metrics.Metrics;
import io.chatserver.socketio.BroadcastOperator;
import io.chatserver.socketio.Namespace;
import io.chatserver.users.DeletedUser;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Decision 27: every committed change, made over REST or over a socket, reaches sockets from here.
 * Everything goes through the namespace's adapter, so a clustered adapter makes it cluster-wide. A
 * conversation's changes are a sequenced series (decision 32): whatever order their commits' callbacks
 * run in, on whichever node, each socket gets them in seq order, once; one that never arrives is read
 * back from the database ({@link ChangeReadBack}).
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
    emit(ns.to(Rooms.PUBLIC).sequenced(Rooms.series(null), message.seq()),
        "new_public_message", Payloads.publicMessage(message));
  }

  /** Once to every socket of both participants, joined to the private room or not (decision 24). */
  @Override
  public void onPrivateMessage(PrivateMessage message) {
    emit(ns.to(Rooms.user(message.senderId()), Rooms.user(message.recipientId()))
        .sequenced(Rooms.series(message.chatId()), message.seq()),
            "new_private_message", Payloads.privateMessage(message));
  }

  @Override
  public void onMessageDeleted(long messageId, Long chatId, long seq, List<Long> participantIds) {
    String[] rooms = chatId == null
        ? new String[] {Rooms.PUBLIC}
        : participantIds.stream().map(Rooms::user).toArray(String[]::new);
    emit(ns.to(rooms).sequenced(Rooms.series(chatId), seq),
        "message_deleted", Payloads.messageDeleted(messageId, chatId, seq));
  }

  /** Decision 39: the reader's own sockets (other tabs) and, in a private chat, the other participant's. */
  @Override
  public void onReadMoved(ReadMoved moved) {
    String[] rooms = moved.otherUserId() == null
        ? new String[] {Rooms.user(moved.userId())}
        : new String[] {Rooms.user(moved.userId()), Rooms.user(moved.otherUserId())};
    emit(ns.to(rooms), "read", ReadJson.read(moved));
  }

  /** Decisions 41 and 42: to the sockets that were shown the message, as its creation was. */
  @Override
  public void onMessageUpdated(PublicMessage message) {
    emit(ns.to(Rooms.PUBLIC).sequenced(Rooms.series(null), message.seq()),
        "message_updated", Payloads.messageUpdated(message));
  }

  @Override
  public void onMessageUpdated(PrivateMessage message) {
    emit(ns.to(Rooms.user(message.senderId()), Rooms.user(message.recipientId()))
        .sequenced(Rooms.series(message.chatId()), message.seq()),
            "message_updated", Payloads.messageUpdated(message));
  }

  @Override
  public void onTokenRevoked(String jti, long userId) {
    ns.in(Rooms.token(jti)).disconnectSockets(true);
  }

  /**
   * Decision 37: the user's sockets are closed; each of their public messages is retracted with its
   * own {@code message_deleted} (the contract's shape), each public message they had reacted to is
   * pushed as {@code message_updated} without their reactions, and the other participant of each of their
   * private chats gets {@code chat_deleted} on every socket.
   */
  @Override
  public void onUserDeleted(DeletedUser user) {
    ns.in(Rooms.user(user.id())).disconnectSockets(true);
    for (DeletedUser.EndedChat chat : user.privateChats()) {
      emit(ns.to(Rooms.user(chat.otherUserId())), "chat_deleted", Payloads.chatDeleted(chat.chatId()));
    }
    for (PublicMessage m : user.unreacted()) { // their seqs come before the retractions'
      onMessageUpdated(m);
    }
    retract(user.publicMessages(), 0);
  }

  /** A batch per event-loop turn, so that a prolific user's deletion does not hold the loop; in seq order. */
  private void retract(List<Tombstone> publicMessages, int from) {
    int to = Math.min(publicMessages.size(), from + RETRACT_BATCH);
    for (int i = from; i < to; i++) {
      Tombstone t = publicMessages.get(i);
      emit(ns.to(Rooms.PUBLIC).sequenced(Rooms.series(null), t.seq()),
          "message_deleted", Payloads.messageDeleted(t.id(), null, t.seq()));
    }
    if (to < publicMessages.size()) {
      vertx.runOnContext(v -> retract(publicMessages, to));
    }
  }

  /** Every token the user's sockets were opened with is revoked now, on every node. */
  @Override
  public void onPasswordChanged(long userId) {
    ns.in(Rooms.user(userId)).disconnectSockets(true);
  }
}
