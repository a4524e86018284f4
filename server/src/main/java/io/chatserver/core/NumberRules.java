package io.chatserver.core;

/**
 * The rules of the numbers clients send (ids, counts), one per kind, for the REST routes, the socket
 * events and the services alike ({@link TextRules} has those of strings). Their messages are part of the
 * API (clients and tests read them), so each keeps its wording.
 */
public final class NumberRules {

  private NumberRules() {}

  /** Ids are positive integers: 0 or less can never name a row. */
  public static boolean isId(long value) {
    return value > 0;
  }

  /** {@code value} if it is an id, else 400 "{@code name} must be a positive integer". */
  public static long id(String name, long value) {
    if (!isId(value)) {
      throw ApiException.badRequest(name + " must be a positive integer");
    }
    return value;
  }

  /** An optional id: null stays null, else as {@link #id}. */
  public static Long optionalId(String name, Long value) {
    return value == null ? null : id(name, value);
  }

  /**
   * {@code [0-9]+} as a long; anything else, or too large, is a NumberFormatException. ASCII digits only:
   * no sign, no spaces, no other script's digits (which {@link Long#parseLong} would take).
   */
  public static long digits(String raw) {
    if (raw == null || raw.isEmpty() || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException("not ASCII digits");
    }
    return Long.parseLong(raw);
  }

  /** An integer within [min, max] as the REST API words it: "{@code name} must be between min and max". */
  public static long between(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw ApiException.badRequest(name + " must be between " + min + " and " + max);
    }
    return value;
  }

  /** An integer within [min, max] as the socket events word it: "{@code name} must be from min to max". */
  public static long fromTo(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw ApiException.badRequest(name + " must be from " + min + " to " + max);
    }
    return value;
  }

  /** A seq as a client names one (decision 39: a read position): an integer >= 0. */
  public static long seq(long value) {
    if (value < 0) {
      throw ApiException.badRequest("seq must be an integer >= 0");
    }
    return value;
  }
}
