package io.chatserver.auth;

import io.chatserver.core.ApiException;
import io.chatserver.db.Database;
import io.chatserver.events.ChatEvents;
import io.chatserver.reads.ReadStore;
import io.chatserver.users.User;
import io.chatserver.users.UserRules;
import io.chatserver.users.UserStore;
import io.vertx.core.Future;
import java.time.Clock;

/** Registration, login, logout and token authentication; the socket layer reuses {@link #authenticate}. */
public final class AuthService {

  public record Registration(String username, String email, String password, String avatarUrl) {}

  public record Login(String accessToken, User user) {}

  static final String BAD_CREDENTIALS = "Invalid username or password";
  /** Logged out, its user changed the password, or its user was deleted. */
  static final String REVOKED = "Token has been revoked";

  private final Database db;
  private final UserStore users;
  private final ReadStore reads;
  private final RevocationStore revocations;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private final PasswordChecks passwords;
  private final ChatEvents events;
  private final Clock clock;

  public AuthService(Database db, UserStore users, ReadStore reads, RevocationStore revocations,
      TokenService tokens, PasswordHasher hasher, PasswordChecks passwords, ChatEvents events, Clock clock) {
    this.db = db;
    this.users = users;
    this.reads = reads;
    this.revocations = revocations;
    this.tokens = tokens;
    this.hasher = hasher;
    this.passwords = passwords;
    this.events = events;
    this.clock = clock;
  }

  public Future<User> register(Registration r) {
    return Future.succeededFuture(r).map(AuthService::validated).compose(this::create);
  }

  private static Registration validated(Registration r) {
    return new Registration(UserRules.username(r.username()), UserRules.email(r.email()),
        UserRules.password(r.password(), "password"), UserRules.avatarUrl(r.avatarUrl()));
  }

  private Future<User> create(Registration r) {
    String username = r.username();
    String email = r.email();
    // Check duplicates before paying for the hash; the unique indexes still decide under a race.
    return db.read(h -> {
          users.checkUnique(h, username, email, 0);
          return null;
        })
        .compose(ignored -> hasher.hash(r.password()))
        .compose(hash -> db.tx(h -> {
          users.checkUnique(h, username, email, 0);
          User user = users.insert(h, username, email, hash, r.avatarUrl(), clock.millis());
          reads.startPublic(h, user.id()); // decision 39: the history before one joined is not unread
          return user;
        }))
        .recover(UserStore::duplicateOnRace);
  }

  /**
   * The token carries the token generation read with the hash it was checked against, so a password
   * change that commits while this login is hashing still revokes it.
   */
  public Future<Login> login(String username, String password, String clientAddress) {
    return db.read(h -> users.credentialsByUsername(h, username))
        .compose(found -> passwords.verify(
                found.map(c -> PasswordChecks.account(c.user().id()))
                    .orElseGet(() -> PasswordChecks.unknownAccount(UserStore.key(username))),
                clientAddress, password, found.map(UserStore.Credentials::passwordHash).orElse(null))
            .map(ok -> {
              if (!ok) {
                throw ApiException.unauthorized(BAD_CREDENTIALS);
              }
              UserStore.Credentials credentials = found.orElseThrow();
              User user = credentials.user();
              return new Login(tokens.issue(user.id(), credentials.tokenGeneration()).token(), user);
            }));
  }

  public Future<Void> logout(AuthenticatedUser caller) {
    return db.tx(h -> {
          revocations.revoke(h, caller.jti(), caller.expiresAt());
          return (Void) null;
        })
        .onSuccess(v -> events.onTokenRevoked(caller.jti(), caller.userId()));
  }

  /** Signature, expiry and claims first (cheap, no I/O), then one query for revocation and the user. */
  public Future<AuthenticatedUser> authenticate(String token) {
    TokenService.Claims claims;
    try {
      claims = tokens.verify(token);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return db.read(h -> revocations.activeUser(h, claims.userId(), claims.jti(), claims.generation()))
        .map(user -> user
            .map(u -> new AuthenticatedUser(u.id(), u.username(), u.avatarUrl(), claims.jti(), claims.expiresAt()))
            .orElseThrow(() -> ApiException.unauthorized(REVOKED)));
  }

  public Future<Integer> purgeExpiredRevocations() {
    return db.tx(h -> revocations.purgeExpired(h, clock.millis()));
  }
}
