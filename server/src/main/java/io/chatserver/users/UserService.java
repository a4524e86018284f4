package io.chatserver.users;

import io.chatserver.auth.PasswordChecks;
import io.chatserver.auth.PasswordHasher;
import io.chatserver.auth.RevocationCache;
import io.chatserver.auth.TokenService;
import io.chatserver.core.ApiException;
import io.chatserver.db.Database;
import io.chatserver.events.ChatEvents;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.PublicMessage;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/** Reading, updating and deleting users; only a user may change or delete themself (decision 17). */
public final class UserService {

  /**
   * The writable fields of PUT /users/{id}: an allow-list, nothing else can be changed. Null means
   * "leave as is", except avatar_url, which {@code clearAvatar} can set to null.
   */
  public record UserUpdate(String username, String email, String avatarUrl, boolean clearAvatar,
      String password, String currentPassword) {}

  /**
   * The changed user, and a fresh token when the password changed (which revoked every token the user
   * had, the caller's included); null otherwise.
   */
  public record Updated(User user, String accessToken) {}

  /** What the database gives back from the write: the user, and the new token generation if any. */
  private record Written(User user, Long tokenGeneration) {}

  static final String NOT_FOUND = "User not found";

  private final Database db;
  private final UserStore users;
  private final PasswordHasher hasher;
  private final PasswordChecks passwords;
  private final TokenService tokens;
  private final RevocationCache revocations;
  private final ChatEvents events;
  private final MessageStore messages;
  private final Clock clock;

  public UserService(Database db, UserStore users, PasswordHasher hasher, PasswordChecks passwords,
      TokenService tokens, RevocationCache revocations, ChatEvents events, MessageStore messages, Clock clock) {
    this.revocations = revocations;
    this.messages = messages;
    this.clock = clock;
    this.db = db;
    this.users = users;
    this.hasher = hasher;
    this.passwords = passwords;
    this.tokens = tokens;
    this.events = events;
  }

  public Future<List<User>> list() {
    return db.read(users::list);
  }

  public Future<User> get(long id) {
    return db.read(h -> users.find(h, id)).map(found -> found.orElseThrow(() -> ApiException.notFound(NOT_FOUND)));
  }

  /** {@code clientAddress} keys the limit on current_password guesses (with the account). */
  public Future<Updated> update(long callerId, long targetId, UserUpdate update, String clientAddress) {
    return Future.succeededFuture(update).map(UserService::validated)
        .compose(valid -> apply(callerId, targetId, valid, clientAddress))
        // Name, avatar or token generation: what its tokens authenticate as, on every node before any push.
        .compose(written -> revocations.userChangedHere(targetId).map(written))
        .map(written -> {
          events.onUserChanged(targetId);
          if (written.tokenGeneration() == null) {
            return new Updated(written.user(), null);
          }
          events.onPasswordChanged(targetId);
          return new Updated(written.user(), tokens.issue(targetId, written.tokenGeneration()).token());
        });
  }

  private static UserUpdate validated(UserUpdate u) {
    if (u.password() != null && u.currentPassword() == null) {
      throw ApiException.badRequest("current_password is required to change the password");
    }
    return new UserUpdate(
        u.username() == null ? null : UserRules.username(u.username()),
        u.email() == null ? null : UserRules.email(u.email()),
        UserRules.avatarUrl(u.avatarUrl()),
        u.clearAvatar(),
        u.password() == null ? null : UserRules.password(u.password(), "password"),
        u.currentPassword());
  }

  private Future<Written> apply(long callerId, long targetId, UserUpdate update, String clientAddress) {
    String username = update.username();
    String email = update.email();
    String avatarUrl = update.avatarUrl();
    String newPassword = update.password();
    return db.read(h -> {
          User target = users.find(h, targetId).orElseThrow(() -> ApiException.notFound(NOT_FOUND));
          requireSelf(callerId, targetId);
          users.checkUnique(h, username, email, targetId);
          return newPassword == null ? null : users.passwordHash(h, targetId).orElseThrow();
        })
        .compose(storedHash -> newPassword == null
            ? Future.<String>succeededFuture(null)
            : passwords.verify(PasswordChecks.account(targetId), clientAddress, update.currentPassword(), storedHash)
                .compose(ok -> {
                  if (!ok) {
                    throw ApiException.badRequest("current_password is incorrect");
                  }
                  return hasher.hash(newPassword);
                }))
        .compose(newHash -> db.tx(h -> {
          User current = users.find(h, targetId).orElseThrow(() -> ApiException.notFound(NOT_FOUND));
          users.checkUnique(h, username, email, targetId);
          User changed = new User(current.id(),
              username != null ? username : current.username(),
              email != null ? email : current.email(),
              update.clearAvatar() ? null : avatarUrl != null ? avatarUrl : current.avatarUrl(),
              current.createdAt());
          users.update(h, changed);
          Long generation = newHash == null ? null : users.updatePasswordHash(h, targetId, newHash);
          return new Written(changed, generation);
        }))
        .recover(UserStore::duplicateOnRace);
  }

  /**
   * Deletes the user and, in the same transaction, everything they authored or took part in; what
   * others were shown of it is read in that transaction and announced after the commit.
   */
  public Future<Void> delete(long callerId, long targetId) {
    return db.tx(h -> {
          users.find(h, targetId).orElseThrow(() -> ApiException.notFound(NOT_FOUND));
          requireSelf(callerId, targetId);
          if (db.vendor() == Database.Vendor.POSTGRESQL) {
            users.lockForDelete(h, targetId); // SQLite needs none: its writes run one at a time
            // Then the public room, before reading which messages change: none can go meanwhile (C76).
            messages.lockPublicRoom(h);
          }
          // After the user's row lock, as a writer takes them: the user, then the public room's seq.
          long now = clock.millis();
          List<PublicMessage> unreacted = messages.unreactPublicBy(h, targetId, now);
          DeletedUser deleted = new DeletedUser(targetId, unreacted, messages.tombstonePublicOf(h, targetId, now),
              users.endedChats(h, targetId));
          users.delete(h, targetId);
          return deleted;
        })
        // Before the answer (the next request with their token is refused) and before any push.
        .compose(deleted -> revocations.userChangedHere(targetId).map(deleted))
        .onSuccess(events::onUserDeleted)
        .mapEmpty();
  }

  private static void requireSelf(long callerId, long targetId) {
    if (callerId != targetId) {
      throw ApiException.forbidden("You can only modify your own account");
    }
  }
}
