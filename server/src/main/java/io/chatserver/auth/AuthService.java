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
import org.slf4j.LoggerFactory;

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
  private final RevocationCache cache;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private final PasswordChecks passwords;
  private final ChatEvents events;
  private final Clock clock;

  public AuthService(Database db, UserStore users, ReadStore reads, RevocationStore revocations,
      RevocationCache cache, TokenService tokens, PasswordHasher hasher, PasswordChecks passwords, ChatEvents events,
      Clock clock) {
    this.db = db;
    this.users = users;
    this.reads = reads;
    this.revocations = revocations;
    this.cache = cache;
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
        // Before the answer (the next request is refused) and before the sockets are told (C110).
        .compose(v -> cache.revokedHere(caller.jti(), caller.expiresAt()))
        .onSuccess(v -> events.onTokenRevoked(caller.jti(), caller.userId()));
  }

  /**
   * Signature, expiry and claims first (cheap, no I/O), then revocation and the user: from memory when
   * the cache can answer (C110), else one query.
   */
  public Future<AuthenticatedUser> authenticate(String token) {
    TokenService.Claims claims;
    try {
      claims = tokens.verify(token);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    if (!cache.trusted()) {
      return db.read(h -> revocations.activeUser(h, claims.userId(), claims.jti(), claims.generation()))
          .map(user -> user
              .map(u -> new AuthenticatedUser(u.id(), u.username(), u.avatarUrl(), claims.jti(), claims.expiresAt()))
              .orElseThrow(() -> ApiException.unauthorized(REVOKED)));
    }
    if (cache.isRevoked(claims.jti())) {
      return Future.failedFuture(ApiException.unauthorized(REVOKED));
    }
    RevocationCache.ActiveUser known = cache.user(claims.userId());
    // A token newer than what we hold means our entry is behind another node's password change: read.
    if (known != null && known.generation() >= claims.generation()) {
      return known.generation() == claims.generation()
          ? Future.succeededFuture(authenticated(known, claims))
          : Future.failedFuture(ApiException.unauthorized(REVOKED));
    }
    long epoch = cache.epoch();
    return db.read(h -> revocations.activeState(h, claims.userId()))
        .map(found -> {
          RevocationCache.ActiveUser user = found.orElseThrow(() -> ApiException.unauthorized(REVOKED));
          cache.fill(epoch, user);
          if (user.generation() != claims.generation() || cache.isRevoked(claims.jti())) {
            throw ApiException.unauthorized(REVOKED);
          }
          return authenticated(user, claims);
        });
  }

  private static AuthenticatedUser authenticated(RevocationCache.ActiveUser user, TokenService.Claims claims) {
    return new AuthenticatedUser(user.id(), user.username(), user.avatarUrl(), claims.jti(), claims.expiresAt());
  }

  /**
   * (Re)loads the revoked token ids into the cache, which answers from memory once this succeeds:
   * at start-up, and in a cluster each time the link to the other nodes is (re)established.
   */
  public Future<Void> loadRevocations() {
    long ticket = cache.loadTicket();
    return db.read(h -> revocations.unexpired(h, clock.millis()))
        .map(revoked -> {
          cache.loaded(ticket, revoked);
          return (Void) null;
        });
  }

  /** The cluster link went down ({@code false}) or came back ({@code true}, after resubscribing). */
  public void clusterLinkChanged(boolean up) {
    cache.distrust();
    if (up) {
      loadRevocations().onFailure(e -> LoggerFactory.getLogger(AuthService.class)
          .warn("Reloading revoked tokens failed; checking them in the database meanwhile", e));
    }
  }

  /**
   * In a cluster, every {@link #CLUSTER_REFRESH_MS}: bounds how long a lost message between the nodes can
   * leave this one's cache behind the database.
   */
  public Future<Void> refreshRevocations() {
    if (!cache.trusted()) {
      return Future.succeededFuture(); // reading the database anyway; the next link-up loads
    }
    cache.refreshing();
    long ticket = cache.loadTicket();
    return db.read(h -> revocations.unexpired(h, clock.millis()))
        .map(revoked -> {
          cache.loaded(ticket, revoked);
          return (Void) null;
        });
  }

  public static final long CLUSTER_REFRESH_MS = 30_000;

  /** Another node's revocation or user change. */
  public void clusterMessage(String message) {
    if (!cache.remote(message)) {
      clusterLinkChanged(true);
    }
  }

  public Future<Integer> purgeExpiredRevocations() {
    long now = clock.millis();
    return db.tx(h -> revocations.purgeExpired(h, now)).onSuccess(n -> cache.dropExpired(now));
  }
}
