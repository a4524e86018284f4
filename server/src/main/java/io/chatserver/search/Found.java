package io.chatserver.search;

import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;

/** One search result: a public message or one of the caller's private messages (the other is null). */
record Found(PublicMessage publicMessage, PrivateMessage privateMessage) {

  static Found of(PublicMessage m) {
    return new Found(m, null);
  }

  static Found of(PrivateMessage m) {
    return new Found(null, m);
  }

  boolean isPublic() {
    return publicMessage != null;
  }

  long id() {
    return isPublic() ? publicMessage.id() : privateMessage.id();
  }

  long createdAt() {
    return isPublic() ? publicMessage.createdAt() : privateMessage.createdAt();
  }
}
