package io.chatserver.core;

/**
 * The one typed error of the domain. Services throw it; the HTTP edge maps {@link Kind} to a status code
 * ({@code http.ErrorHandler}) and the socket layer sends the message in an {@code error} event, so
 * services never speak HTTP. This package knows nothing of HTTP, Vert.x or the database.
 */
public final class ApiException extends RuntimeException {

  public enum Kind {
    BAD_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    /** A duplicate (username, email). */
    CONFLICT,
    /** A repeat of an earlier request's idempotency key asking for something else (decision 31: 409). */
    REUSED_KEY,
    /** A limit on attempts (password guesses) was reached; {@link #retryAfterSeconds()} says when to retry. */
    TOO_MANY_REQUESTS,
    /** A dependency (the database) is unreachable; the client may retry. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final long retryAfterSeconds;

  public ApiException(Kind kind, String message) {
    this(kind, message, 0);
  }

  private ApiException(Kind kind, String message, long retryAfterSeconds) {
    super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** With the typed reason behind it (e.g. a database constraint), which a service may inspect. */
  public ApiException(Kind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.retryAfterSeconds = 0;
  }

  public Kind kind() {
    return kind;
  }

  /** When the client may try again (the HTTP edge sends it as Retry-After); 0 when not said. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(Kind.BAD_REQUEST, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(Kind.UNAUTHORIZED, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(Kind.FORBIDDEN, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(Kind.NOT_FOUND, message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(Kind.UNAVAILABLE, message);
  }

  public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
    return new ApiException(Kind.TOO_MANY_REQUESTS, message, retryAfterSeconds);
  }

  /** UNAVAILABLE for a moment only (a full queue): the client should retry after a short wait. */
  public static ApiException busy(String message, long retryAfterSeconds) {
    return new ApiException(Kind.UNAVAILABLE, message, retryAfterSeconds);
  }

  public static ApiException conflict(String message) {
    return new ApiException(Kind.CONFLICT, message);
  }

  public static ApiException reusedKey(String message) {
    return new ApiException(Kind.REUSED_KEY, message);
  }
}
