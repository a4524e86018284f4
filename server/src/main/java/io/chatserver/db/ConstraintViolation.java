package io.chatserver.db;

import io.chatserver.core.ApiException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A statement the database refused for the data it carried, read from the SQLState (PostgreSQL) or the
 * extended result code (SQLite), never from the message text. {@link Database} hands it to services as
 * the cause of an {@link ApiException} with a default answer ({@link Reason#kind}); a service that knows
 * what the refusal means for its request ({@link #reasonOf}) answers more precisely. It carries no SQL
 * and no bound values, so logging it leaks nothing.
 */
public final class ConstraintViolation extends RuntimeException {

  public enum Reason {
    /** A unique index (23505; SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY). */
    DUPLICATE(ApiException.Kind.CONFLICT, "Already exists"),
    /** A referenced row is gone, deleted by a concurrent request (23503; SQLITE_CONSTRAINT_FOREIGNKEY). */
    MISSING_REFERENCE(ApiException.Kind.NOT_FOUND, "A record this request refers to no longer exists"),
    /**
     * A value the column cannot hold: null (23502), too long (22001), a character the encoding cannot
     * hold (22021, 22P05, and the driver's 22023 for NUL), a check (23514). Validation refuses these
     * first; this is the backstop.
     */
    INVALID_VALUE(ApiException.Kind.BAD_REQUEST, "Invalid value");

    public final ApiException.Kind kind;
    public final String defaultMessage;

    Reason(ApiException.Kind kind, String defaultMessage) {
      this.kind = kind;
      this.defaultMessage = defaultMessage;
    }
  }

  private final Reason reason;

  private ConstraintViolation(Reason reason, String code) {
    super(reason + " (" + code + ")", null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The refusal behind a failed database future (directly or as its cause), or null if there is none. */
  public static Reason reasonOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolation v) {
        return v.reason;
      }
    }
    return null;
  }

  /** The violation somewhere in {@code error}'s causes, or null when the failure is something else. */
  static ConstraintViolation find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        ConstraintViolation found = of(sql);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static ConstraintViolation of(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      Reason reason = switch (code) {
        case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> Reason.DUPLICATE;
        case SQLITE_CONSTRAINT_FOREIGNKEY -> Reason.MISSING_REFERENCE;
        case SQLITE_CONSTRAINT_NOTNULL, SQLITE_CONSTRAINT_CHECK, SQLITE_TOOBIG -> Reason.INVALID_VALUE;
        default -> null;
      };
      return reason == null ? null : new ConstraintViolation(reason, code.name());
    }
    String state = e.getSQLState();
    Reason reason = state == null ? null : switch (state) {
      case "23505" -> Reason.DUPLICATE;
      case "23503" -> Reason.MISSING_REFERENCE;
      case "23502", "23514", "22001", "22021", "22P05", "22023" -> Reason.INVALID_VALUE;
      default -> null;
    };
    return reason == null ? null : new ConstraintViolation(reason, "SQLState " + state);
  }

  /** The default answer: {@link Reason#kind} with {@link Reason#defaultMessage}, this violation as its cause. */
  ApiException toApiException() {
    return new ApiException(reason.kind, reason.defaultMessage, this);
  }
}
