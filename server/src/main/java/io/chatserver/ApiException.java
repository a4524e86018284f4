package io.chatserver;

/**
 * The one typed error of the domain. Services throw it; the HTTP edge maps {@link Kind} to a status code
 * (and the socket layer to an {@code error} event), so services never speak HTTP.
 */
public final class ApiException extends RuntimeException {

  public enum Kind {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    /** A duplicate (username, email): the contract answers it with 400. */
    CONFLICT(400),
    /** A dependency (the database) is unreachable; the client may retry. */
    UNAVAILABLE(503);

    public final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  private final Kind kind;

  public ApiException(Kind kind, String message) {
    super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
    this.kind = kind;
  }

  /** With the typed reason behind it (e.g. a database constraint), which a service may inspect. */
  public ApiException(Kind kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
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

  public static ApiException conflict(String message) {
    return new ApiException(Kind.CONFLICT, message);
  }
}
