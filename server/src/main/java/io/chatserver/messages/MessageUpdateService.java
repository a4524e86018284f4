package io.chatserver.messages;

import io.chatserver.chats.PrivateChatService;
import io.chatserver.core.ApiException;
import io.chatserver.db.ConstraintViolation;
import io.chatserver.db.Database;
import io.chatserver.events.ChatEvents;
import io.vertx.core.Future;
import java.time.Clock;
import org.jdbi.v3.core.Handle;

/**
 * Editing (decision 41) and reactions (decision 42), public and private. Each request reads the message
 * under its conversation's seq lock, so that a request that changes nothing (same content, a reaction
 * the user already had or did not have) takes no seq and pushes nothing, and one that changes the
 * message takes the next seq in the same transaction and is announced after the commit.
 */
public final class MessageUpdateService {

  /** Decision 42: distinct reactions of one user on one message. */
  public static final int MAX_REACTIONS_PER_USER = 20;

  private final Database db;
  private final MessageStore messages;
  private final ReactionStore reactions = new ReactionStore();
  private final ChatEvents events;
  private final Clock clock;

  public MessageUpdateService(Database db, MessageStore messages, ChatEvents events, Clock clock) {
    this.db = db;
    this.messages = messages;
    this.events = events;
    this.clock = clock;
  }

  public Future<Updated<PublicMessage>> editPublic(long callerId, long messageId, String content) {
    return Future.succeededFuture(content).map(MessageService::validContent)
        .compose(valid -> db.tx(h -> {
          lockPublicRoom(h);
          PublicMessage message = publicMessage(h, messageId);
          if (message.userId() != callerId) {
            throw ApiException.forbidden("Can only edit own messages");
          }
          if (message.content().equals(valid)) {
            return Updated.unchanged(message);
          }
          messages.edit(h, Series.PUBLIC, messageId, valid, messages.nextPublicSeq(h), clock.millis());
          return Updated.changed(publicMessage(h, messageId));
        }))
        .onSuccess(this::announcePublic);
  }

  public Future<Updated<PrivateMessage>> editPrivate(long callerId, long otherUserId, long messageId,
      String content) {
    return Future.succeededFuture(content).map(MessageService::validContent)
        .compose(valid -> db.tx(h -> {
          PrivateMessage message = privateMessageLocked(h, callerId, otherUserId, messageId);
          if (message.senderId() != callerId) {
            throw ApiException.forbidden("Can only edit own messages");
          }
          if (message.content().equals(valid)) {
            return Updated.unchanged(message);
          }
          messages.edit(h, Series.PRIVATE, messageId, valid, messages.nextChatSeq(h, message.chatId()),
              clock.millis());
          return Updated.changed(messages.findPrivate(h, messageId).orElseThrow());
        }))
        .onSuccess(this::announcePrivate);
  }

  /** Adds ({@code add}) or removes the caller's reaction; anyone may react to a public message. */
  public Future<Updated<PublicMessage>> reactPublic(long callerId, long messageId, String emoji, boolean add) {
    return Future.succeededFuture(emoji).map(Emoji::valid)
        .compose(valid -> db.tx(h -> {
          if (db.vendor() == Database.Vendor.POSTGRESQL) {
            messages.keepAuthorUntilCommit(h, callerId); // the reactor's row, before the seq lock
          }
          lockPublicRoom(h);
          PublicMessage message = publicMessage(h, messageId);
          if (!react(h, Series.PUBLIC, messageId, callerId, valid, add)) {
            return Updated.unchanged(message);
          }
          messages.changed(h, Series.PUBLIC, messageId, messages.nextPublicSeq(h), clock.millis());
          return Updated.changed(publicMessage(h, messageId));
        }))
        .recover(MessageUpdateService::reactorDeleted)
        .onSuccess(this::announcePublic);
  }

  /** As {@link #reactPublic}, in the caller's chat with {@code otherUserId} (404 for anyone else). */
  public Future<Updated<PrivateMessage>> reactPrivate(long callerId, long otherUserId, long messageId, String emoji,
      boolean add) {
    return Future.succeededFuture(emoji).map(Emoji::valid)
        .compose(valid -> db.tx(h -> {
          if (db.vendor() == Database.Vendor.POSTGRESQL) {
            messages.keepAuthorUntilCommit(h, callerId);
          }
          PrivateMessage message = privateMessageLocked(h, callerId, otherUserId, messageId);
          if (!react(h, Series.PRIVATE, messageId, callerId, valid, add)) {
            return Updated.unchanged(message);
          }
          messages.changed(h, Series.PRIVATE, messageId, messages.nextChatSeq(h, message.chatId()), clock.millis());
          return Updated.changed(messages.findPrivate(h, messageId).orElseThrow());
        }))
        .recover(MessageUpdateService::reactorDeleted)
        .onSuccess(this::announcePrivate);
  }

  /** Whether the reaction changed anything; more than the limit rolls the addition back (400). */
  private boolean react(Handle h, Series series, long messageId, long userId, String emoji, boolean add) {
    if (!add) {
      return reactions.remove(h, series, messageId, userId, emoji);
    }
    boolean added = reactions.add(h, series, messageId, userId, emoji, clock.millis());
    if (added && reactions.countOf(h, series, messageId, userId) > MAX_REACTIONS_PER_USER) {
      throw ApiException.badRequest("At most " + MAX_REACTIONS_PER_USER + " reactions per user on one message");
    }
    return added;
  }

  private void lockPublicRoom(Handle h) {
    if (db.vendor() == Database.Vendor.POSTGRESQL) {
      messages.lockPublicRoom(h); // SQLite writes run one at a time
    }
  }

  private PublicMessage publicMessage(Handle h, long messageId) {
    return messages.findPublic(h, messageId).orElseThrow(() -> ApiException.notFound("Message not found"));
  }

  /**
   * The message, if it is in the caller's chat with {@code otherUserId} (404 as for deletion otherwise),
   * read again under the chat's seq lock.
   */
  private PrivateMessage privateMessageLocked(Handle h, long callerId, long otherUserId, long messageId) {
    PrivateMessage found = messages.findPrivate(h, messageId)
        .filter(m -> m.isBetween(callerId, otherUserId))
        .orElseThrow(() -> ApiException.notFound(MessageService.PRIVATE_NOT_FOUND));
    if (db.vendor() != Database.Vendor.POSTGRESQL) {
      return found;
    }
    messages.lockChat(h, found.chatId());
    return messages.findPrivate(h, messageId)
        .orElseThrow(() -> ApiException.notFound(MessageService.PRIVATE_NOT_FOUND));
  }

  /** The reactor, whose token was valid a moment ago, was deleted before the reaction was stored. */
  private static <T> Future<T> reactorDeleted(Throwable error) {
    if (ConstraintViolation.reasonOf(error) == ConstraintViolation.Reason.MISSING_REFERENCE) {
      return Future.failedFuture(ApiException.unauthorized(PrivateChatService.GONE));
    }
    return Future.failedFuture(error);
  }

  private void announcePublic(Updated<PublicMessage> updated) {
    if (updated.changed()) {
      events.onMessageUpdated(updated.message());
    }
  }

  private void announcePrivate(Updated<PrivateMessage> updated) {
    if (updated.changed()) {
      events.onMessageUpdated(updated.message());
    }
  }
}
