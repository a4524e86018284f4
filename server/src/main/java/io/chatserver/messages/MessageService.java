package io.chatserver.messages;

import io.chatserver.core.ApiException;
import io.chatserver.chats.PrivateChat;
import io.chatserver.chats.PrivateChatService;
import io.chatserver.core.TextRules;
import io.chatserver.db.ConstraintViolation;
import io.chatserver.db.Database;
import io.chatserver.events.ChatEvents;
import io.chatserver.reads.ReadMoved;
import io.chatserver.reads.ReadStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Posting, reading, deleting and catching up on public and private messages. REST handlers and socket
 * events both call these methods; listeners hear of every change after it committed, with its seq.
 */
public final class MessageService {

  public static final int MAX_CONTENT = 4000;
  static final String PRIVATE_NOT_FOUND = "Message not found or invalid chat";
  static final String CLIENT_ID_REUSED = "client_id was already used for a different message";
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Database db;
  private final MessageStore messages;
  private final ReadStore reads;
  private final ClientIdStore clientIds = new ClientIdStore();
  private final PrivateChatService chats;
  private final ChatEvents events;
  private final Clock clock;

  public MessageService(Database db, MessageStore messages, ReadStore reads, PrivateChatService chats,
      ChatEvents events, Clock clock) {
    this.db = db;
    this.messages = messages;
    this.reads = reads;
    this.chats = chats;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Decision 9: a string, not blank after trimming, at most 4000 characters (stored as sent). Blank
   * includes no-break and zero-width spaces; control characters other than line breaks and tabs are refused.
   */
  public static String validContent(String content) {
    if (content == null || TextRules.isBlank(content)) {
      throw ApiException.badRequest("content must not be empty");
    }
    if (content.codePointCount(0, content.length()) > MAX_CONTENT) {
      throw ApiException.badRequest("content must be at most " + MAX_CONTENT + " characters");
    }
    return TextRules.text("content", content);
  }

  /** Decision 31: absent (null), or 1-64 characters of A-Z a-z 0-9 _ -. */
  public static String validClientId(String clientId) {
    if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
      throw ApiException.badRequest("client_id must be 1-64 characters of A-Z a-z 0-9 _ -");
    }
    return clientId;
  }

  public Future<List<PublicMessage>> publicHistory(Page page) {
    return db.read(h -> messages.publicPage(h, page));
  }

  /** Stores and announces the message; a repeated client_id stores and announces nothing (decision 31). */
  public Future<Sent<PublicMessage>> postPublic(long authorId, String content, String clientId) {
    return Future.succeededFuture(content).map(MessageService::validContent)
        .compose(valid -> {
          validClientId(clientId);
          return db.tx(h -> insertPublic(h, authorId, valid, clientId));
        })
        .recover(MessageService::authorDeleted)
        .onSuccess(sent -> {
          if (!sent.replayed()) {
            PublicMessage m = sent.state().message();
            events.onPublicMessage(m);
            events.onReadMoved(new ReadMoved(null, m.userId(), null, m.seq()));
          }
        });
  }

  private Sent<PublicMessage> insertPublic(Handle h, long authorId, String content, String clientId) {
    long now = clock.millis();
    if (db.vendor() == Database.Vendor.POSTGRESQL) {
      messages.keepAuthorUntilCommit(h, authorId); // SQLite writes run one at a time
    }
    if (clientId != null && !clientIds.claim(h, authorId, clientId, now)) {
      return Sent.replay(originalPublic(h, authorId, clientId, content));
    }
    PublicMessage message = messages.insertPublic(h, authorId, content, clientId, messages.nextPublicSeq(h), now);
    reads.movePublic(h, authorId, message.seq()); // decision 39: sending reads up to one's own message
    if (clientId != null) {
      clientIds.bindPublic(h, authorId, clientId, message.id());
    }
    return Sent.created(message, message.seq());
  }

  /** The public message a repeated key created, as it is now; 409 when the repeat asks for another one. */
  private Change<PublicMessage> originalPublic(Handle h, long authorId, String clientId, String content) {
    ClientIdStore.Claimed claimed = clientIds.find(h, authorId, clientId);
    if (claimed.publicMessageId() == null) {
      throw ApiException.reusedKey(CLIENT_ID_REUSED); // it was a private message
    }
    Optional<PublicMessage> live = messages.findPublic(h, claimed.publicMessageId());
    if (live.isPresent()) {
      if (!live.get().content().equals(content)) {
        throw ApiException.reusedKey(CLIENT_ID_REUSED);
      }
      return Change.of(live.get(), live.get().seq());
    }
    // Deleted since: its content is gone, so only the conversation can be compared (C62).
    return messages.publicTombstone(h, claimed.publicMessageId()).map(Change::<PublicMessage>of)
        .orElseThrow(() -> ApiException.reusedKey(CLIENT_ID_REUSED));
  }

  public Future<Void> deletePublic(long callerId, long messageId) {
    return db.tx(h -> {
          PublicMessage message = messages.findPublic(h, messageId)
              .orElseThrow(() -> ApiException.notFound("Message not found"));
          if (message.userId() != callerId) {
            throw ApiException.forbidden("Can only delete own messages");
          }
          return messages.deletePublic(h, messageId, messages.nextPublicSeq(h), clock.millis());
        })
        .onSuccess(t -> events.onMessageDeleted(t.id(), null, t.seq(), List.of()))
        .mapEmpty();
  }

  /** The author, whose token was valid a moment ago, was deleted before the message was stored. */
  private static <T> Future<T> authorDeleted(Throwable error) {
    if (ConstraintViolation.reasonOf(error) == ConstraintViolation.Reason.MISSING_REFERENCE) {
      return Future.failedFuture(ApiException.unauthorized(PrivateChatService.GONE));
    }
    return Future.failedFuture(error);
  }

  /** The conversation with {@code otherUserId}; empty (and no chat created) before the first message. */
  public Future<List<PrivateMessage>> privateHistory(long callerId, long otherUserId, Page page) {
    return db.read(h -> chats.findIn(h, callerId, otherUserId)
        .map(chat -> messages.privatePage(h, chat.id(), page))
        .orElse(List.of()));
  }

  /** As {@link #postPublic}, in the chat with {@code otherUserId} (created on first use). */
  public Future<Sent<PrivateMessage>> postPrivate(long senderId, long otherUserId, String content,
      String clientId) {
    return Future.succeededFuture(content).map(MessageService::validContent)
        .compose(valid -> {
          validClientId(clientId);
          return db.tx(h -> insertPrivate(h, senderId, otherUserId, valid, clientId));
        })
        .recover(e -> chats.whenUserDeleted(e, senderId, otherUserId))
        .onSuccess(sent -> {
          if (!sent.replayed()) {
            PrivateMessage m = sent.state().message();
            events.onPrivateMessage(m);
            events.onReadMoved(new ReadMoved(m.chatId(), m.senderId(), m.recipientId(), m.seq()));
          }
        });
  }

  private Sent<PrivateMessage> insertPrivate(Handle h, long senderId, long otherUserId, String content,
      String clientId) {
    long now = clock.millis();
    boolean claimed = false;
    if (db.vendor() == Database.Vendor.SQLITE && senderId != otherUserId) {
      // C115: the key first (a repeat takes no seq), then chat, seq, read move and the sender's name in one
      // statement. A missing user fails the claim (foreign key) or finds no chat: the full path below.
      if (clientId != null) {
        if (!clientIds.claim(h, senderId, clientId, now)) {
          PrivateChatService.Opened opened = chats.openIn(h, senderId, otherUserId);
          return Sent.replay(originalPrivate(h, senderId, clientId, opened.chat(), content));
        }
        claimed = true;
      }
      Optional<ReadStore.ChatSend> send = reads.nextSeqReadByPair(h, senderId, otherUserId);
      if (send.isPresent()) {
        ReadStore.ChatSend s = send.get();
        PrivateMessage message = messages.insertPrivate(h, s.chat(), senderId, s.senderName(), s.senderAvatarUrl(),
            content, clientId, s.seq(), now);
        if (clientId != null) {
          clientIds.bindPrivate(h, senderId, clientId, message.id());
        }
        return Sent.created(message, message.seq());
      }
    }
    PrivateChatService.Opened opened = chats.openIn(h, senderId, otherUserId);
    if (clientId != null && !claimed && !clientIds.claim(h, senderId, clientId, now)) {
      return Sent.replay(originalPrivate(h, senderId, clientId, opened.chat(), content));
    }
    PrivateMessage message = messages.insertPrivate(h, opened.chat(), opened.caller(), content, clientId,
        reads.nextSeqReadBy(h, opened.chat(), senderId), now);
    if (clientId != null) {
      clientIds.bindPrivate(h, senderId, clientId, message.id());
    }
    return Sent.created(message, message.seq());
  }

  /** The private message a repeated key created, as it is now; 409 unless it went into this same chat. */
  private Change<PrivateMessage> originalPrivate(Handle h, long senderId, String clientId, PrivateChat chat,
      String content) {
    ClientIdStore.Claimed claimed = clientIds.find(h, senderId, clientId);
    if (claimed.privateMessageId() == null) {
      throw ApiException.reusedKey(CLIENT_ID_REUSED); // it was a public message
    }
    Optional<PrivateMessage> live = messages.findPrivate(h, claimed.privateMessageId());
    if (live.isPresent()) {
      if (live.get().chatId() != chat.id() || !live.get().content().equals(content)) {
        throw ApiException.reusedKey(CLIENT_ID_REUSED);
      }
      return Change.of(live.get(), live.get().seq());
    }
    return messages.privateTombstone(h, claimed.privateMessageId())
        .filter(t -> t.chatId() == chat.id())
        .map(Change::<PrivateMessage>of)
        .orElseThrow(() -> ApiException.reusedKey(CLIENT_ID_REUSED));
  }

  /** 404 unless the message is in the caller's chat with {@code otherUserId}; 403 unless they sent it. */
  public Future<Void> deletePrivate(long callerId, long otherUserId, long messageId) {
    return db.tx(h -> {
          PrivateMessage message = messages.findPrivate(h, messageId)
              .filter(m -> m.senderId() == callerId && m.recipientId() == otherUserId
                  || m.senderId() == otherUserId && m.recipientId() == callerId)
              .orElseThrow(() -> ApiException.notFound(PRIVATE_NOT_FOUND));
          if (message.senderId() != callerId) {
            throw ApiException.forbidden("Can only delete own messages");
          }
          long seq = messages.nextChatSeq(h, message.chatId());
          return new PrivateDeletion(message, messages.deletePrivate(h, messageId, message.chatId(), seq,
              clock.millis()));
        })
        .onSuccess(d -> events.onMessageDeleted(d.message().id(), d.message().chatId(), d.tombstone().seq(),
            List.of(d.message().senderId(), d.message().recipientId())))
        .mapEmpty();
  }

  /** A deleted private message as it was, for telling both participants. */
  private record PrivateDeletion(PrivateMessage message, Tombstone tombstone) {}

  /**
   * Decision 33: the public room's changes after {@code since}. The latest seq is read first and bounds
   * the page, so the page never shows a change whose predecessors it may have missed.
   */
  public Future<Changes<PublicMessage>> publicChanges(long since, int limit) {
    return db.read(h -> {
      long latest = messages.latestPublicSeq(h);
      return Changes.merge(messages.publicChanged(h, since, latest, limit + 1), PublicMessage::seq,
          messages.publicTombstones(h, since, latest, limit + 1), latest, limit);
    });
  }

  /** As {@link #publicChanges}, for the chat with {@code otherUserId} (empty while it does not exist). */
  public Future<Changes<PrivateMessage>> privateChanges(long callerId, long otherUserId, long since, int limit) {
    return db.read(h -> chats.findIn(h, callerId, otherUserId).map(chat -> {
      long latest = messages.latestChatSeq(h, chat.id());
      return Changes.merge(messages.privateChanged(h, chat.id(), since, latest, limit + 1), PrivateMessage::seq,
          messages.privateTombstones(h, chat.id(), since, latest, limit + 1), latest, limit);
    }).orElse(Changes.none()));
  }

  /**
   * What ordered delivery reads back when a change did not reach this node (see
   * io.chatserver.socketio.adapter.Sequencer): the changes of a conversation with a seq in
   * ({@code after}, {@code before}), at most {@link #READ_BACK_LIMIT}, and which of those messages were
   * created in that range (the others were only changed: a client saw them created).
   */
  public record ReadBack<M>(List<Change<M>> changes, Set<Long> createdInRange, PrivateChat chat) {}

  /** Read back in one go; a longer gap is left to the clients' catch-up (decision 33). */
  public static final int READ_BACK_LIMIT = 5000;

  public Future<ReadBack<PublicMessage>> publicReadBack(long after, long before) {
    return db.read(h -> {
      long upTo = Math.min(before - 1, messages.latestPublicSeq(h));
      Changes<PublicMessage> changes = Changes.merge(messages.publicChanged(h, after, upTo, READ_BACK_LIMIT),
          PublicMessage::seq, messages.publicTombstones(h, after, upTo, READ_BACK_LIMIT), upTo, READ_BACK_LIMIT);
      return new ReadBack<>(changes.changes(), messages.publicCreatedBetween(h, after, upTo + 1), null);
    });
  }

  /** As {@link #publicReadBack}, for chat {@code chatId}; empty when the chat is gone. */
  public Future<ReadBack<PrivateMessage>> chatReadBack(long chatId, long after, long before) {
    return db.read(h -> chats.byIdIn(h, chatId).map(chat -> {
      long upTo = Math.min(before - 1, messages.latestChatSeq(h, chatId));
      Changes<PrivateMessage> changes = Changes.merge(messages.privateChanged(h, chatId, after, upTo, READ_BACK_LIMIT),
          PrivateMessage::seq, messages.privateTombstones(h, chatId, after, upTo, READ_BACK_LIMIT), upTo,
          READ_BACK_LIMIT);
      return new ReadBack<>(changes.changes(), messages.privateCreatedBetween(h, chatId, after, upTo + 1), chat);
    }).orElse(new ReadBack<>(List.of(), Set.of(), null)));
  }

  /**
   * Decision 35: the private chats of {@code userIds} that changed since {@code since} (epoch millis),
   * each with the first seq changed then; at most a few thousand users' chats at once.
   */
  public Future<Map<Long, Long>> chatsChangedSince(Set<Long> userIds, long since) {
    return db.read(h -> messages.chatsChangedSince(h, userIds, since));
  }

  /** The public room's latest seq: where this node's ordered delivery of the room starts. */
  public Future<Long> latestPublicSeq() {
    return db.read(messages::latestPublicSeq);
  }
}
