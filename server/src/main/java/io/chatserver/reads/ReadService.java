package io.chatserver.reads;

import io.chatserver.chats.PrivateChat;
import io.chatserver.chats.PrivateChatService;
import io.chatserver.chats.PrivateChatStore;
import io.chatserver.core.ApiException;
import io.chatserver.db.Database;
import io.chatserver.events.ChatEvents;
import io.chatserver.messages.MessageStore;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Read positions and the chat list (decisions 38, 39). REST and the {@code mark_read} socket event call
 * the same methods; a position that moved is announced after the commit, for the caller's other sockets
 * and, in a private chat, the other participant (read receipts).
 */
public final class ReadService {

  static final String CHAT_NOT_FOUND = "Private chat not found";

  /** Most recent activity first (decision 38): by the newest message, then chats without one, newest first. */
  static final Comparator<ChatEntry> MOST_RECENT_FIRST = Comparator
      .comparing((ChatEntry e) -> e.lastMessage() == null)
      .thenComparing(e -> e.lastMessage() == null ? 0L : e.lastMessage().createdAt(), Comparator.reverseOrder())
      .thenComparing(e -> e.lastMessage() == null ? 0L : e.lastMessage().id(), Comparator.reverseOrder())
      .thenComparing(ChatEntry::createdAt, Comparator.reverseOrder())
      .thenComparing(ChatEntry::chatId, Comparator.reverseOrder());

  private final Database db;
  private final ReadStore reads;
  private final MessageStore messages;
  private final PrivateChatStore chatStore;
  private final PrivateChatService chats;
  private final ChatEvents events;

  public ReadService(Database db, ReadStore reads, MessageStore messages, PrivateChatStore chatStore,
      PrivateChatService chats, ChatEvents events) {
    this.db = db;
    this.reads = reads;
    this.messages = messages;
    this.chatStore = chatStore;
    this.chats = chats;
    this.events = events;
  }

  /** Decision 38: a constant number of statements, read from one snapshot, however many chats. */
  public Future<ChatList> chatList(long userId) {
    return snapshot(h -> {
      PublicEntry publicRoom = reads.publicEntry(h, userId);
      List<ChatEntry> list = reads.chatsOf(h, userId).stream().sorted(MOST_RECENT_FIRST).toList();
      return new ChatList(publicRoom, list);
    });
  }

  /** {@code POST /messages/read}, {@code mark_read} without a chat: answers the public room's entry. */
  public Future<PublicEntry> markPublicRead(long userId, long seq) {
    return db.tx(h -> {
          requireAtMost(seq, messages.latestPublicSeq(h));
          return reads.movePublic(h, userId, seq);
        })
        .onSuccess(moved -> {
          if (moved) {
            events.onReadMoved(new ReadMoved(null, userId, null, seq));
          }
        })
        .compose(moved -> db.read(h -> reads.publicEntry(h, userId)));
  }

  /** {@code POST /messages/private/{other_user_id}/read}: 404 while the two have no chat. */
  public Future<ChatEntry> markPrivateRead(long userId, long otherUserId, long seq) {
    return markPrivateRead(userId, seq, h -> chats.findIn(h, userId, otherUserId)
        .orElseThrow(() -> ApiException.notFound(CHAT_NOT_FOUND)));
  }

  /** {@code mark_read} with a chat id: a chat the caller is not in is as unknown as one that does not exist. */
  public Future<ChatEntry> markChatRead(long userId, long chatId, long seq) {
    return markPrivateRead(userId, seq, h -> chatStore.find(h, chatId).filter(c -> c.hasParticipant(userId))
        .orElseThrow(() -> ApiException.notFound(CHAT_NOT_FOUND)));
  }

  private Future<ChatEntry> markPrivateRead(long userId, long seq, HandleCallback<PrivateChat, RuntimeException> chatOf) {
    return db.tx(h -> {
          PrivateChat chat = chatOf.withHandle(h);
          requireAtMost(seq, messages.latestChatSeq(h, chat.id()));
          return new Marked(chat, reads.movePrivate(h, chat, userId, seq));
        })
        .onSuccess(m -> {
          if (m.moved()) {
            events.onReadMoved(new ReadMoved(m.chat().id(), userId, m.chat().otherThan(userId), seq));
          }
        })
        .compose(m -> db.read(h -> reads.chatOf(h, userId, m.chat().id())));
  }

  private record Marked(PrivateChat chat, boolean moved) {}

  /** Decision 39: a position beyond the conversation's latest change is a client's mistake. */
  private static void requireAtMost(long seq, long latestSeq) {
    if (seq > latestSeq) {
      throw ApiException.badRequest("seq must not be above the conversation's latest_seq (" + latestSeq + ")");
    }
  }

  /**
   * The chat list's statements see one state: on PostgreSQL a repeatable-read transaction (read
   * committed would give each statement its own snapshot); on SQLite any transaction does (WAL).
   */
  private <T> Future<T> snapshot(HandleCallback<T, Exception> work) {
    return db.read(h -> db.vendor() == Database.Vendor.POSTGRESQL
        ? h.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work)
        : h.inTransaction(work));
  }
}
