package io.chatserver.events;

import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.chatserver.users.DeletedUser;
import java.util.List;

/**
 * Breaks the wiring cycle between services and the real-time layer: services are built with this
 * relay, the Socket.IO layer is built from the services, then {@link #delegateTo} points the relay
 * at it. Until then every event goes to {@link ChatEvents#NONE}.
 */
public final class ChatEventRelay implements ChatEvents {

  private volatile ChatEvents delegate = NONE;

  public void delegateTo(ChatEvents listener) {
    this.delegate = ChatEvents.guarded(listener);
  }

  @Override public void onPublicMessage(PublicMessage message) {
    delegate.onPublicMessage(message);
  }

  @Override public void onPrivateMessage(PrivateMessage message) {
    delegate.onPrivateMessage(message);
  }

  @Override public void onMessageDeleted(long messageId, Long chatId, List<Long> participantIds) {
    delegate.onMessageDeleted(messageId, chatId, participantIds);
  }

  @Override public void onTokenRevoked(String jti, long userId) {
    delegate.onTokenRevoked(jti, userId);
  }

  @Override public void onUserDeleted(DeletedUser user) {
    delegate.onUserDeleted(user);
  }

  @Override public void onPasswordChanged(long userId) {
    delegate.onPasswordChanged(userId);
  }
}
