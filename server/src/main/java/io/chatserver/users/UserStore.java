package io.chatserver.users;

import io.chatserver.core.ApiException;
import io.chatserver.db.ConstraintViolation;
import io.chatserver.db.FastSql;
import io.vertx.core.Future;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for users. Stateless: every method runs on the caller's handle (and so its transaction). */
public final class UserStore {

  private static final String COLUMNS = "id, username, email, avatar_url, created_at";

  /**
   * A user with the stored hash and the generation of tokens issued now, for login and password
   * changes only.
   */
  public record Credentials(User user, String passwordHash, long tokenGeneration) {}

  /** Case-insensitive uniqueness compares these keys, computed here so both databases agree. */
  public static String key(String value) {
    return value.toLowerCase(Locale.ROOT);
  }

  public User insert(Handle h, String username, String email, String passwordHash, String avatarUrl, long now) {
    long id = h.createQuery("INSERT INTO users (username, username_key, email, email_key, password_hash, avatar_url,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")
        .bind(0, username).bind(1, key(username)).bind(2, email).bind(3, key(email))
        .bind(4, passwordHash).bind(5, avatarUrl).bind(6, now)
        .mapTo(Long.class).one();
    return new User(id, username, email, avatarUrl, now);
  }

  public Optional<User> find(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = ?")
        .bind(0, id).map(UserStore::map).findOne();
  }

  /** Those of the two users that exist, by id: one query where two {@link #find}s would be two. */
  public Map<Long, User> findBoth(Handle h, long a, long b) {
    return findBoth(h, a, b, "");
  }

  /**
   * As {@link #findBoth}, and on PostgreSQL holds both rows against deletion until the commit. A
   * transaction that adds a row referencing users takes this first, so it never holds a lock on a chat
   * while it waits for a user row that a deletion holds (the deletion then waits on that chat: deadlock).
   */
  public Map<Long, User> findBothKeptUntilCommit(Handle h, long a, long b) {
    return findBoth(h, a, b, " FOR KEY SHARE");
  }

  private static Map<Long, User> findBoth(Handle h, long a, long b, String lock) {
    Map<Long, User> found = new HashMap<>();
    // Every private send runs this: plain JDBC (C113).
    for (User u : FastSql.list(h, "SELECT " + COLUMNS + " FROM users WHERE id IN (?, ?)" + lock, st -> {
      st.setLong(1, a);
      st.setLong(2, b);
    }, rs -> map(rs, null))) {
      found.put(u.id(), u);
    }
    return found;
  }

  public List<User> list(Handle h) {
    return h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY id").map(UserStore::map).list();
  }

  public Optional<Credentials> credentialsByUsername(Handle h, String username) {
    return h.createQuery("SELECT " + COLUMNS + ", password_hash, token_generation FROM users WHERE username_key = ?")
        .bind(0, key(username))
        .map((rs, ctx) -> new Credentials(map(rs, ctx), rs.getString("password_hash"), rs.getLong("token_generation")))
        .findOne();
  }

  public Optional<String> passwordHash(Handle h, long id) {
    return h.createQuery("SELECT password_hash FROM users WHERE id = ?").bind(0, id).mapTo(String.class).findOne();
  }

  public boolean usernameTaken(Handle h, String username, long exceptId) {
    return h.createQuery("SELECT COUNT(*) FROM users WHERE username_key = ? AND id <> ?")
        .bind(0, key(username)).bind(1, exceptId).mapTo(Long.class).one() > 0;
  }

  public boolean emailTaken(Handle h, String email, long exceptId) {
    return h.createQuery("SELECT COUNT(*) FROM users WHERE email_key = ? AND id <> ?")
        .bind(0, key(email)).bind(1, exceptId).mapTo(Long.class).one() > 0;
  }

  /** Refuses (CONFLICT) a username or email that another user already has, case-insensitively. */
  public void checkUnique(Handle h, String username, String email, long exceptId) {
    if (username != null && usernameTaken(h, username, exceptId)) {
      throw ApiException.conflict("Username already exists");
    }
    if (email != null && emailTaken(h, email, exceptId)) {
      throw ApiException.conflict("Email already exists");
    }
  }

  /**
   * Two requests racing past {@link #checkUnique} (register, or renames on PostgreSQL, whose transactions
   * run in parallel): a unique index refuses the second one, which gets the same answer as the check's.
   */
  public static <T> Future<T> duplicateOnRace(Throwable error) {
    if (ConstraintViolation.reasonOf(error) == ConstraintViolation.Reason.DUPLICATE) {
      return Future.failedFuture(ApiException.conflict("Username or email already exists"));
    }
    return Future.failedFuture(error);
  }

  public void update(Handle h, User user) {
    h.createUpdate("UPDATE users SET username = ?, username_key = ?, email = ?, email_key = ?, avatar_url = ?"
            + " WHERE id = ?")
        .bind(0, user.username()).bind(1, key(user.username())).bind(2, user.email()).bind(3, key(user.email()))
        .bind(4, user.avatarUrl()).bind(5, user.id())
        .execute();
  }

  /**
   * Stores the new hash and moves the user to the next token generation, which revokes every token
   * issued before; returns that generation, for the caller's fresh token.
   */
  public long updatePasswordHash(Handle h, long id, String passwordHash) {
    return h.createQuery("UPDATE users SET password_hash = ?, token_generation = token_generation + 1 WHERE id = ?"
            + " RETURNING token_generation")
        .bind(0, passwordHash).bind(1, id).mapTo(Long.class).one();
  }

  /**
   * On PostgreSQL, locks the user's row as a delete would: from here to the commit, no message or
   * chat referencing the user can be added (it waits, then fails), so the deletion sees all.
   */
  public void lockForDelete(Handle h, long id) {
    h.createQuery("SELECT id FROM users WHERE id = ? FOR UPDATE").bind(0, id).mapTo(Long.class).findOne();
  }

  /** The private chats {@link #delete} will take with the user, each with its other participant, by index. */
  public List<DeletedUser.EndedChat> endedChats(Handle h, long id) {
    return h.createQuery("SELECT id, user_high AS other FROM private_chats WHERE user_low = ?"
            + " UNION ALL SELECT id, user_low AS other FROM private_chats WHERE user_high = ?")
        .bind(0, id).bind(1, id)
        .map((rs, ctx) -> new DeletedUser.EndedChat(rs.getLong("id"), rs.getLong("other")))
        .list();
  }

  /**
   * Deletes the user; the schema's ON DELETE CASCADE removes their messages (tombstone their public ones
   * first), files and private chats (with those chats' messages and files) in the same transaction.
   */
  public boolean delete(Handle h, long id) {
    return h.createUpdate("DELETE FROM users WHERE id = ?").bind(0, id).execute() > 0;
  }

  public static User map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
        rs.getString("avatar_url"), rs.getLong("created_at"));
  }
}
