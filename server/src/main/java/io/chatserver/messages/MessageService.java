package io.chatserver.messages;

import io.chatserver.core.ApiException;
import io.chatserver.chats.PrivateChatService;
import io.chatserver.core.TextRules;
import io.chatserver.db.ConstraintViolation;
import io.chatserver.db.Database;
import io.chatserver.events.ChatEvents;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * Posting, reading and deleting public and private messages. REST handlers and socket events both
 * call these methods; listeners hear of every change after it committed.
 */
public final class MessageService {

  public static final int MAX_CONTENT = 4000;
  static final String PRIVATE_NOT_FOUND = "Message not found or invalid chat";

  private final Database db;
  private final MessageStore messages;
  private final PrivateChatService chats;
  private final ChatEvents events;
  private final Clock clock;

  public MessageService(Database db, MessageStore messages, PrivateChatService chats, ChatEvents events,
      Clock clock) {
    this.db = db;
    this.messages = messages;
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

  public Future<List<PublicMessage>> publicHistory(Page page) {
    return db.read(h -> messages.publicPage(h, page));
  }

  public Future<PublicMessage> postPublic(long authorId, String content) {
    return Future.succeededFuture(content).map(MessageService::validContent)
        .compose(valid -> db.tx(h -> messages.insertPublic(h, authorId, valid, clock.millis())))
        .recover(MessageService::authorDeleted)
        .onSuccess(events::onPublicMessage);
  }

  public Future<Void> deletePublic(long callerId, long messageId) {
    return db.tx(h -> {
          PublicMessage message = messages.findPublic(h, messageId)
              .orElseThrow(() -> ApiException.notFound("Message not found"));
          if (message.userId() != callerId) {
            throw ApiException.forbidden("Can only delete own messages");
          }
          messages.deletePublic(h, messageId); // its file records go with it (ON DELETE CASCADE)
          return (Void) null;
        })
        .onSuccess(v -> events.onMessageDeleted(messageId, null, List.of()));
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

  public Future<PrivateMessage> postPrivate(long senderId, long otherUserId, String content) {
    return Future.succeededFuture(content).map(MessageService::validContent)
        .compose(valid -> db.tx(h -> {
          PrivateChatService.Opened opened = chats.openIn(h, senderId, otherUserId);
          return messages.insertPrivate(h, opened.chat(), opened.caller(), valid, clock.millis());
        }))
        .recover(e -> chats.whenUserDeleted(e, senderId, otherUserId))
        .onSuccess(events::onPrivateMessage);
  }

  /** 404 unless the message is in the caller's chat with {@code otherUserId}; 403 unless they sent it. */
  public Future<PrivateMessage> deletePrivate(long callerId, long otherUserId, long messageId) {
    return db.tx(h -> {
          PrivateMessage message = messages.findPrivate(h, messageId)
              .filter(m -> m.senderId() == callerId && m.recipientId() == otherUserId
                  || m.senderId() == otherUserId && m.recipientId() == callerId)
              .orElseThrow(() -> ApiException.notFound(PRIVATE_NOT_FOUND));
          if (message.senderId() != callerId) {
            throw ApiException.forbidden("Can only delete own messages");
          }
          messages.deletePrivate(h, messageId);
          return message;
        })
        .onSuccess(m -> events.onMessageDeleted(m.id(), m.chatId(), List.of(m.senderId(), m.recipientId())));
  }
}
