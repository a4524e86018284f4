package io.chatserver.chats;

import io.chatserver.core.ApiException;
import io.chatserver.db.ConstraintViolation;
import io.chatserver.db.Database;
import io.chatserver.users.User;
import io.chatserver.users.UserStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Rules for private chats: the other user must exist, and nobody chats with themself (decision 11). */
public final class PrivateChatService {

  /** A chat seen from one participant, with the other one (for joined_private). */
  public record ChatWith(PrivateChat chat, User otherUser) {}

  public static final String GONE = "Your account no longer exists";

  private final Database db;
  private final PrivateChatStore chats;
  private final UserStore users;
  private final Clock clock;

  public PrivateChatService(Database db, PrivateChatStore chats, UserStore users, Clock clock) {
    this.db = db;
    this.chats = chats;
    this.users = users;
    this.clock = clock;
  }

  /** The chat between the two users, created on first use. */
  public Future<ChatWith> open(long callerId, long otherUserId) {
    return db.tx(h -> {
      User other = requireOtherUser(h, callerId, otherUserId);
      return new ChatWith(chats.findOrCreate(h, callerId, otherUserId, clock.millis()), other);
    }).recover(e -> whenUserDeleted(e, callerId, otherUserId));
  }

  /**
   * A write between the two users refused because one of them was deleted meanwhile (PostgreSQL runs
   * the deletion in parallel): 401 when it was the caller (the account no longer exists), else 404.
   */
  public <T> Future<T> whenUserDeleted(Throwable error, long callerId, long otherUserId) {
    if (ConstraintViolation.reasonOf(error) != ConstraintViolation.Reason.MISSING_REFERENCE) {
      return Future.failedFuture(error);
    }
    return db.read(h -> users.findBoth(h, callerId, otherUserId)).compose(both -> Future.failedFuture(
        both.containsKey(callerId) ? ApiException.notFound("User not found") : ApiException.unauthorized(GONE)));
  }

  /** The chat between the two users if it exists (never creates one); e.g. for leave_private. */
  public Future<Optional<PrivateChat>> find(long callerId, long otherUserId) {
    return db.read(h -> findIn(h, callerId, otherUserId));
  }

  /** A chat opened for a caller who is about to write in it: the caller's own row comes along. */
  public record Opened(PrivateChat chat, User caller) {}

  /**
   * Same checks as {@link #open} inside the caller's transaction, for services composing on it; both
   * users are read in one query.
   */
  public Opened openIn(Handle h, long callerId, long otherUserId) {
    if (callerId == otherUserId) {
      throw ApiException.badRequest("Cannot send message to yourself");
    }
    Map<Long, User> both = db.vendor() == Database.Vendor.POSTGRESQL
        ? users.findBothKeptUntilCommit(h, callerId, otherUserId) // SQLite writes run one at a time
        : users.findBoth(h, callerId, otherUserId);
    if (!both.containsKey(otherUserId)) {
      throw ApiException.notFound("User not found");
    }
    User caller = both.get(callerId);
    if (caller == null) {
      throw ApiException.unauthorized(GONE);
    }
    return new Opened(chats.findOrCreate(h, callerId, otherUserId, clock.millis()), caller);
  }

  /** The chat if it exists yet (reading never creates one). */
  /** The chat, whoever is asking: for the server's own use (ordered delivery), never for a caller's id. */
  public Optional<PrivateChat> byIdIn(Handle h, long chatId) {
    return chats.find(h, chatId);
  }

  public Optional<PrivateChat> findIn(Handle h, long callerId, long otherUserId) {
    requireOtherUser(h, callerId, otherUserId);
    return chats.findByPair(h, callerId, otherUserId);
  }

  /** A chat by id that the caller takes part in: 404 when unknown, 403 when not a participant. */
  public PrivateChat requireParticipantIn(Handle h, long callerId, long chatId) {
    PrivateChat chat = chats.find(h, chatId).orElseThrow(() -> ApiException.notFound("Private chat not found"));
    if (!chat.hasParticipant(callerId)) {
      throw ApiException.forbidden("You are not a participant of this chat");
    }
    return chat;
  }

  private User requireOtherUser(Handle h, long callerId, long otherUserId) {
    if (callerId == otherUserId) {
      throw ApiException.badRequest("Cannot send message to yourself");
    }
    return users.find(h, otherUserId).orElseThrow(() -> ApiException.notFound("User not found"));
  }
}
