package io.chatserver.events;

import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.reads.ReadMoved;
import io.chatserver.users.DeletedUser;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where state changes leave the domain. Services call it only AFTER the database commit
 * succeeded, on the Vert.x context of the request (event loop), for changes made over REST and over
 * sockets alike, so the real-time layer adds its pushes here and nowhere else. Implementations must
 * not block.
 */
public interface ChatEvents {

  /** The public room's change {@code message.seq()}. */
  void onPublicMessage(PublicMessage message);

  /**
   * {@code message} carries both participants ({@code senderId}, {@code recipientId}), its conversation
   * ({@code chatId}) and the seq of its creation there.
   */
  void onPrivateMessage(PrivateMessage message);

  /**
   * A message was deleted by the change {@code seq} of its conversation (decision 32). {@code chatId} is
   * null for a public message; {@code participantIds} holds the two users of the private chat (empty
   * for a public message).
   */
  void onMessageDeleted(long messageId, Long chatId, long seq, List<Long> participantIds);

  /**
   * A user's read position moved forward (decision 39), by a read or by their own send: their sockets
   * and, in a private chat, the other participant's are told.
   */
  void onReadMoved(ReadMoved moved);

  /**
   * A public message was edited or its reactions changed (decisions 41 and 42): {@code message} is its
   * new state, {@code message.seq()} the change's seq in the public room.
   */
  void onMessageUpdated(PublicMessage message);

  /** As {@link #onMessageUpdated(PublicMessage)}, in the private chat of its two participants. */
  void onMessageUpdated(PrivateMessage message);

  /** A token was revoked by logout; sockets authenticated with it should be closed. */
  void onTokenRevoked(String jti, long userId);

  /**
   * A user and all they authored are gone: their sockets should be disconnected, their public
   * messages retracted (each deletion a change of the public room with its own seq, in
   * {@code user.publicMessages()}), their reactions on other users' public messages withdrawn (each
   * message's new state in {@code user.unreacted()}, with seqs below the retractions'), and the other
   * participant of each of their private chats told.
   */
  void onUserDeleted(DeletedUser user);

  /**
   * A user changed their password, which revoked every token they had; their sockets should be
   * disconnected (the client reconnects with the fresh token the change answered with).
   */
  void onPasswordChanged(long userId);

  /**
   * A user's name or avatar may have changed (any accepted PUT /users/{id}): what their messages show
   * as their author. Nothing is pushed for it; caches of encoded messages drop what they hold.
   */
  default void onUserChanged(long userId) { }

  /** This listener, then {@code next}: each sees every event, whatever the other does. */
  default ChatEvents andThen(ChatEvents next) {
    ChatEvents first = guarded(this);
    ChatEvents second = guarded(next);
    return new ChatEvents() {
      @Override public void onPublicMessage(PublicMessage m) {
        first.onPublicMessage(m);
        second.onPublicMessage(m);
      }

      @Override public void onPrivateMessage(PrivateMessage m) {
        first.onPrivateMessage(m);
        second.onPrivateMessage(m);
      }

      @Override public void onMessageDeleted(long id, Long chatId, long seq, List<Long> participants) {
        first.onMessageDeleted(id, chatId, seq, participants);
        second.onMessageDeleted(id, chatId, seq, participants);
      }

      @Override public void onReadMoved(ReadMoved moved) {
        first.onReadMoved(moved);
        second.onReadMoved(moved);
      }

      @Override public void onMessageUpdated(PublicMessage m) {
        first.onMessageUpdated(m);
        second.onMessageUpdated(m);
      }

      @Override public void onMessageUpdated(PrivateMessage m) {
        first.onMessageUpdated(m);
        second.onMessageUpdated(m);
      }

      @Override public void onTokenRevoked(String jti, long userId) {
        first.onTokenRevoked(jti, userId);
        second.onTokenRevoked(jti, userId);
      }

      @Override public void onUserDeleted(DeletedUser user) {
        first.onUserDeleted(user);
        second.onUserDeleted(user);
      }

      @Override public void onPasswordChanged(long userId) {
        first.onPasswordChanged(userId);
        second.onPasswordChanged(userId);
      }

      @Override public void onUserChanged(long userId) {
        first.onUserChanged(userId);
        second.onUserChanged(userId);
      }
    };
  }

  /**
   * Wraps a listener so that its failure is logged and never turns a committed change into an error
   * response.
   */
  static ChatEvents guarded(ChatEvents delegate) {
    Logger log = LoggerFactory.getLogger(ChatEvents.class);
    return new ChatEvents() {
      @Override public void onPublicMessage(PublicMessage m) {
        run(() -> delegate.onPublicMessage(m));
      }

      @Override public void onPrivateMessage(PrivateMessage m) {
        run(() -> delegate.onPrivateMessage(m));
      }

      @Override public void onMessageDeleted(long id, Long chatId, long seq, List<Long> participants) {
        run(() -> delegate.onMessageDeleted(id, chatId, seq, participants));
      }

      @Override public void onReadMoved(ReadMoved moved) {
        run(() -> delegate.onReadMoved(moved));
      }

      @Override public void onMessageUpdated(PublicMessage m) {
        run(() -> delegate.onMessageUpdated(m));
      }

      @Override public void onMessageUpdated(PrivateMessage m) {
        run(() -> delegate.onMessageUpdated(m));
      }

      @Override public void onTokenRevoked(String jti, long userId) {
        run(() -> delegate.onTokenRevoked(jti, userId));
      }

      @Override public void onUserDeleted(DeletedUser user) {
        run(() -> delegate.onUserDeleted(user));
      }

      @Override public void onPasswordChanged(long userId) {
        run(() -> delegate.onPasswordChanged(userId));
      }

      @Override public void onUserChanged(long userId) {
        run(() -> delegate.onUserChanged(userId));
      }

      private void run(Runnable r) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.error("Chat event listener failed", e);
        }
      }
    };
  }
}
