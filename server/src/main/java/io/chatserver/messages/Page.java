package io.chatserver.messages;

import io.chatserver.core.ApiException;
import io.chatserver.core.NumberRules;

/** A history page request (decision 10): the newest {@code limit} messages older than {@code before}. */
public record Page(Long before, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public static final Page NEWEST = new Page(null, DEFAULT_LIMIT);

  public Page {
    NumberRules.between("limit", limit, 1, MAX_LIMIT);
    if (before != null && !NumberRules.isId(before)) {
      throw ApiException.badRequest("before must be a positive message id");
    }
  }

  /** The id bound used in SQL: "no cursor" becomes "older than everything". */
  long beforeOrMax() {
    return before == null ? Long.MAX_VALUE : before;
  }
}
