package io.chatserver.messages;

import io.chatserver.events.ChatEvents;
import io.chatserver.reads.ReadMoved;
import io.chatserver.users.DeletedUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public room's most recent changes (C120), so that a catch-up from a recent seq (decision 33), what
 * every client asks after every reconnect, is answered without the database. It holds, in seq order,
 * the current state of each message whose latest change is one of the newest {@link #CAPACITY} seqs, and
 * covers exactly the seqs in {@code (start, latest]}: a catch-up from a {@code since} in that range is
 * answered here, any other from the database.
 *
 * <p>It learns every change from the committed-change events, which come after the commit, on several
 * event loops, so not always in seq order. A change is applied only once every smaller seq is: one that
 * comes early waits in {@code pending}. So an answer never shows a change before its predecessors (decision
 * 32), and {@code latest} is the newest seq up to which this node has seen everything. What it cannot
 * follow (a user's new name or avatar, shown in their messages; a gap that does not fill) empties it: it
 * starts again from the newest seq seen, and until then the database answers.
 *
 * <p>Only for a node alone on its embedded database, like {@link NewestPublicPages}: where the database
 * may be shared, another node's changes do not pass through this node's events, so the wiring does not
 * use it there ({@link #OFF}).
 */
public class RecentPublicChanges implements ChatEvents {

  /** Holds nothing: every catch-up is read. */
  public static final RecentPublicChanges OFF = new RecentPublicChanges() {
    @Override public byte[] since(long since, int limit) {
      return null;
    }

    @Override synchronized void offer(Held change) { }
  };

  /** Seqs held: more than a catch-up page (1000) and than a few minutes of a busy room. */
  static final int CAPACITY = 2000;
  /** Changes waiting for a smaller seq; beyond this, the missing one is taken as lost and the window restarts. */
  static final int MAX_PENDING = 256;

  /** One message's state as of change {@code seq}: {@code message}, or its tombstone when null. */
  static final class Held {
    final long seq;
    final long messageId;
    final PublicMessage message;
    /** Encoded on first use, once; two threads may both encode it, to the same bytes. */
    private volatile byte[] encoded;

    Held(long seq, long messageId, PublicMessage message) {
      this.seq = seq;
      this.messageId = messageId;
      this.message = message;
    }

    byte[] encoded() {
      byte[] bytes = encoded;
      if (bytes == null) {
        bytes = message == null
            ? MessageListJson.change(new Tombstone(messageId, null, seq))
            : MessageListJson.change(message);
        encoded = bytes;
      }
      return bytes;
    }
  }

  private final TreeMap<Long, Held> bySeq = new TreeMap<>();
  private final Map<Long, Long> seqOfMessage = new HashMap<>();
  private final TreeMap<Long, Held> pending = new TreeMap<>();
  /** Covered seqs are (start, latest]; start < 0 until the first change is seen. */
  private long start = -1;
  private long latest = -1;
  private long highestSeen = -1;

  /**
   * The encoded answer to a catch-up from {@code since} (at most {@code limit} changes), or null when
   * the database must answer it.
   */
  public byte[] since(long since, int limit) {
    List<Held> page = new ArrayList<>(Math.min(limit + 1, 64));
    long upTo;
    synchronized (this) {
      if (start < 0 || since < start || since > latest) {
        return null;
      }
      upTo = latest;
      for (Held held : bySeq.tailMap(since, false).values()) {
        page.add(held);
        if (page.size() > limit) {
          break;
        }
      }
    }
    boolean hasMore = page.size() > limit;
    List<byte[]> changes = new ArrayList<>(page.size());
    for (int i = 0; i < Math.min(limit, page.size()); i++) {
      changes.add(page.get(i).encoded());
    }
    return MessageListJson.changes(changes, upTo, hasMore);
  }

  synchronized void offer(Held change) {
    highestSeen = Math.max(highestSeen, change.seq);
    if (start < 0) {
      start = latest = change.seq - 1; // what came before the first change seen is the database's
    }
    if (change.seq <= latest) {
      return; // older than the window
    }
    if (change.seq > latest + 1) {
      pending.put(change.seq, change);
      if (pending.size() > MAX_PENDING) {
        restart();
      }
      return;
    }
    apply(change);
    for (Held next; (next = pending.remove(latest + 1)) != null; ) {
      apply(next);
    }
  }

  private void apply(Held change) {
    Long replaced = seqOfMessage.put(change.messageId, change.seq);
    if (replaced != null) {
      bySeq.remove(replaced);
    }
    bySeq.put(change.seq, change);
    latest = change.seq;
    while (bySeq.size() > CAPACITY) {
      Map.Entry<Long, Held> oldest = bySeq.pollFirstEntry();
      seqOfMessage.remove(oldest.getValue().messageId, oldest.getKey());
      start = oldest.getKey();
    }
  }

  /** Forgets everything: from now on, only changes after the newest seq seen. */
  private synchronized void restart() {
    bySeq.clear();
    seqOfMessage.clear();
    pending.clear();
    start = latest = highestSeen;
  }

  @Override public void onPublicMessage(PublicMessage message) {
    offer(new Held(message.seq(), message.id(), message));
  }

  @Override public void onMessageUpdated(PublicMessage message) {
    offer(new Held(message.seq(), message.id(), message));
  }

  @Override public void onMessageDeleted(long messageId, Long chatId, long seq, List<Long> participantIds) {
    if (chatId == null) {
      offer(new Held(seq, messageId, null));
    }
  }

  /** Decision 37: each change of a user deletion is a change of the room like any other. */
  @Override public void onUserDeleted(DeletedUser user) {
    for (PublicMessage unreacted : user.unreacted()) {
      offer(new Held(unreacted.seq(), unreacted.id(), unreacted));
    }
    for (Tombstone gone : user.publicMessages()) {
      offer(new Held(gone.seq(), gone.id(), null));
    }
  }

  /** Their messages held here show their old name or avatar. */
  @Override public void onUserChanged(long userId) {
    restart();
  }

  @Override public void onPrivateMessage(PrivateMessage message) { }

  @Override public void onMessageUpdated(PrivateMessage message) { }

  @Override public void onReadMoved(ReadMoved moved) { }

  @Override public void onTokenRevoked(String jti, long userId) { }

  @Override public void onPasswordChanged(long userId) { }
}
