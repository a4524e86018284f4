package io.chatserver.realtime;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Function;

/**
 * One page of {@code online_users}: users by id after {@code after}, at most {@code limit} of them,
 * with the count of all online users and whether more follow. The list is capped so that one answer
 * stays small however many users are online; a client pages with {@code after} = the last id it got.
 */
record OnlinePage(List<JsonObject> users, int total, boolean hasMore) {

  /** The most users one answer holds, and the default page size. */
  static final int MAX_LIMIT = 1000;

  /** O(log n + limit): {@code all} maps user id to its {@code {"id", "username", "avatar_url"}}. */
  static OnlinePage of(NavigableMap<Long, JsonObject> all, Long after, int limit) {
    return of(all, after, limit, summary -> summary);
  }

  /** The same over any map by user id, {@code summary} telling each entry's JSON. */
  static <T> OnlinePage of(NavigableMap<Long, T> all, Long after, int limit, Function<T, JsonObject> summary) {
    Iterator<T> rest = (after == null ? all : all.tailMap(after, false)).values().iterator();
    List<JsonObject> users = new ArrayList<>(Math.min(limit, all.size()));
    while (users.size() < limit && rest.hasNext()) {
      users.add(summary.apply(rest.next()));
    }
    return new OnlinePage(users, all.size(), rest.hasNext());
  }
}
