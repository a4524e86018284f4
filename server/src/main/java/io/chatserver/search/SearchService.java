package io.chatserver.search;

import io.chatserver.core.ApiException;
import io.chatserver.core.TextRules;
import io.chatserver.db.Database;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Decision 43: the public messages and the caller's private messages that contain every word of the
 * query, newest first. The two series are read in one transaction, at most {@code limit + 1} rows each,
 * and merged; the cursor then holds how far each series was taken ({@link SearchCursor}).
 */
public final class SearchService {

  public static final int MAX_QUERY = 200;
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  /** A page of results and the cursor of the next one (null after the last). */
  public record Results(List<Found> messages, String nextCursor) {}

  private final Database db;
  private final SearchStore store;

  public SearchService(Database db) {
    this.db = db;
    this.store = new SearchStore(db.vendor());
  }

  public Future<Results> search(long callerId, String q, int limit, String cursor) {
    SearchTerms terms;
    SearchCursor from;
    try {
      terms = SearchTerms.of(validQuery(q));
      from = SearchCursor.parse(cursor);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    if (terms.isEmpty() || from.exhausted()) {
      return Future.succeededFuture(new Results(List.of(), null));
    }
    // Read your writes: a message whose send was answered before this search is in the index first.
    return db.indexForSearch().compose(v -> db.read(h -> {
      List<PublicMessage> publics = from.publicBefore() == 0 ? List.of()
          : store.publicMatches(h, terms, from.publicBefore(), limit + 1);
      List<PrivateMessage> privates = from.privateBefore() == 0 ? List.of()
          : store.privateMatches(h, callerId, terms, from.privateBefore(), limit + 1);
      return merge(publics, privates, limit, from);
    }));
  }

  static String validQuery(String q) {
    if (q == null) {
      throw ApiException.badRequest("q is required");
    }
    if (TextRules.isBlank(q)) {
      throw ApiException.badRequest("q must not be blank");
    }
    if (q.codePointCount(0, q.length()) > MAX_QUERY) {
      throw ApiException.badRequest("q must be at most " + MAX_QUERY + " characters");
    }
    return TextRules.wellFormed("q", q);
  }

  /**
   * Takes the newest {@code limit} of both lists (each newest first), newer creation time first, public
   * before private on a tie. A series is exhausted when all it returned was taken and it returned no
   * more than {@code limit}; else the next page continues below the last id taken from it.
   */
  static Results merge(List<PublicMessage> publics, List<PrivateMessage> privates, int limit, SearchCursor from) {
    List<Found> page = new ArrayList<>(limit);
    int p = 0;
    int q = 0;
    while (page.size() < limit && (p < publics.size() || q < privates.size())) {
      boolean takePublic = q >= privates.size()
          || p < publics.size() && publics.get(p).createdAt() >= privates.get(q).createdAt();
      page.add(takePublic ? Found.of(publics.get(p++)) : Found.of(privates.get(q++)));
    }
    long publicBefore = p == publics.size() && publics.size() <= limit ? 0
        : p == 0 ? from.publicBefore() : publics.get(p - 1).id();
    long privateBefore = q == privates.size() && privates.size() <= limit ? 0
        : q == 0 ? from.privateBefore() : privates.get(q - 1).id();
    SearchCursor next = new SearchCursor(publicBefore, privateBefore);
    return new Results(page, next.exhausted() ? null : next.encode());
  }
}
