package io.chatserver.messages;

import io.chatserver.events.ChatEvents;
import io.chatserver.reads.ReadMoved;
import io.chatserver.users.DeletedUser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The public room's newest history pages (GET /api/messages without {@code before}), kept encoded, per
 * limit, so that what every client asks for after every reconnect costs neither a database read nor
 * JSON encoding (C111). Every committed change that can alter such a page reaches this listener before
 * the change is answered or pushed (it comes first among the chat events): a public message created,
 * edited, reacted to or deleted, a user deleted, a user's name or avatar changed. Each drops every
 * page. A page read from the database is kept only if no change came between the start of its read and
 * its keeping ({@link #keep}), so no stale page can stick.
 *
 * <p>Only for a node alone on its embedded database: where the database may be shared (a DATABASE_URL,
 * with or without Redis), another node's changes do not pass through this node's events, so the wiring
 * does not use it there ({@link #OFF}).
 */
public class NewestPublicPages implements ChatEvents {

  /** Keeps nothing: every page is read. */
  public static final NewestPublicPages OFF = new NewestPublicPages() {
    @Override public byte[] get(int limit) {
      return null;
    }

    @Override public void keep(long epochBefore, int limit, byte[] encoded) { }
  };

  /** Distinct limits kept at once; clients use one or two. */
  static final int MAX_PAGES = 8;

  private final Map<Integer, byte[]> pages = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();

  /** The encoded newest page of {@code limit} messages, or null when it must be read. */
  public byte[] get(int limit) {
    return pages.get(limit);
  }

  /** To pass to {@link #keep}: read before the database read. */
  public long epoch() {
    return epoch.get();
  }

  /** Keeps a page read from the database, unless a change came since {@code epochBefore}. */
  public void keep(long epochBefore, int limit, byte[] encoded) {
    if (pages.size() >= MAX_PAGES) {
      pages.clear();
    }
    pages.put(limit, encoded);
    if (epoch.get() != epochBefore) {
      pages.remove(limit, encoded); // a change may have come between the check and the put
    }
  }

  private void changed() {
    epoch.incrementAndGet();
    pages.clear();
  }

  @Override public void onPublicMessage(PublicMessage message) {
    changed();
  }

  @Override public void onPrivateMessage(PrivateMessage message) { }

  @Override public void onMessageDeleted(long messageId, Long chatId, long seq, List<Long> participantIds) {
    if (chatId == null) {
      changed();
    }
  }

  @Override public void onReadMoved(ReadMoved moved) { }

  @Override public void onMessageUpdated(PublicMessage message) {
    changed();
  }

  @Override public void onMessageUpdated(PrivateMessage message) { }

  @Override public void onTokenRevoked(String jti, long userId) { }

  @Override public void onUserDeleted(DeletedUser user) {
    changed();
  }

  @Override public void onUserChanged(long userId) {
    changed();
  }

  @Override public void onPasswordChanged(long userId) { }
}
