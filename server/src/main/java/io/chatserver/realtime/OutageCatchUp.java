package io.chatserver.realtime;

import io.chatserver.messages.MessageService;
import io.chatserver.socketio.Namespace;
import io.chatserver.socketio.Socket;
import io.chatserver.socketio.adapter.InMemoryAdapter;
import io.chatserver.socketio.adapter.Sequencer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decision 35, for the conversations this node was not following. When Redis comes back, the adapter
 * reads back every series this node knows (see {@link Sequencer#catchUp()}); a private chat of one of
 * this node's users that it has not pushed to lately (or that was opened on another node during the
 * outage) is not among them. So the chats of the users connected here that changed since the outage
 * began (with a margin for clocks) are read back too, each from its first change in that time.
 */
final class OutageCatchUp {

  private static final Logger log = LoggerFactory.getLogger(OutageCatchUp.class);
  /** Nodes' clocks may differ this much; a change already delivered is not sent twice anyway. */
  static final long CLOCK_MARGIN_MS = 5_000;
  /** Users per query (bound parameters). */
  private static final int USERS_PER_QUERY = 500;

  private final Namespace chat;
  private final MessageService messages;
  private long outageSince;

  OutageCatchUp(Namespace chat, MessageService messages) {
    this.chat = chat;
    this.messages = messages;
  }

  /** Told of every change of the link to Redis. */
  synchronized void linkChanged(boolean up) {
    if (!up) {
      if (outageSince == 0) outageSince = System.currentTimeMillis();
      return;
    }
    if (outageSince == 0 || !(chat.adapter() instanceof InMemoryAdapter adapter)) return;
    long since = outageSince - CLOCK_MARGIN_MS;
    outageSince = 0;
    Set<Long> users = new HashSet<>();
    for (Socket s : chat.localSockets()) {
      if (s.data() != null && s.data().containsKey("user_id")) users.add(SocketUser.from(s.data()).id());
    }
    List<Long> all = new ArrayList<>(users);
    for (int from = 0; from < all.size(); from += USERS_PER_QUERY) {
      Set<Long> batch = Set.copyOf(all.subList(from, Math.min(all.size(), from + USERS_PER_QUERY)));
      messages.chatsChangedSince(batch, since)
          .onSuccess(chats -> chats.forEach((chatId, firstSeq) -> {
            String key = Rooms.series(chatId);
            if (adapter.sequencer().position(key) < 0) adapter.sequencer().catchUp(key, firstSeq - 1);
          }))
          .onFailure(e -> log.warn("Catching up private chats after the Redis outage failed: {}", e.toString()));
    }
  }
}
