package io.chatserver.messages;

import io.chatserver.db.FastSql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * SQL for reactions (decision 42, migration V6__edits_reactions): one row per (message, user, emoji), in
 * {@code public_reactions} or {@code private_reactions}. Messages get theirs in one query per page,
 * whatever the page's size.
 */
public final class ReactionStore {

  /** Above a page's largest size (1000), below the databases' limits on bound parameters. */
  private static final int MAX_IDS_PER_QUERY = 1000;

  /** Adds the reaction; false when the user already had it (nothing changed). */
  boolean add(Handle h, Series series, long messageId, long userId, String emoji, long now) {
    return h.createUpdate("INSERT INTO " + series.reactions + " (message_id, user_id, emoji, created_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (message_id, user_id, emoji) DO NOTHING")
        .bind(0, messageId).bind(1, userId).bind(2, emoji).bind(3, now).execute() > 0;
  }

  /** Removes the reaction; false when the user did not have it. */
  boolean remove(Handle h, Series series, long messageId, long userId, String emoji) {
    return h.createUpdate("DELETE FROM " + series.reactions + " WHERE message_id = ? AND user_id = ? AND emoji = ?")
        .bind(0, messageId).bind(1, userId).bind(2, emoji).execute() > 0;
  }

  /** How many distinct reactions the user has on the message (through the unique index's prefix). */
  int countOf(Handle h, Series series, long messageId, long userId) {
    return h.createQuery("SELECT COUNT(*) FROM " + series.reactions + " WHERE message_id = ? AND user_id = ?")
        .bind(0, messageId).bind(1, userId).mapTo(Integer.class).one();
  }

  /** The public messages of other users that {@code userId} reacted to, in id order. */
  public List<Long> publicMessagesReactedToBy(Handle h, long userId) {
    return h.createQuery("SELECT DISTINCT r.message_id FROM public_reactions r"
            + " JOIN public_messages m ON m.id = r.message_id"
            + " WHERE r.user_id = ? AND m.user_id <> ? ORDER BY r.message_id")
        .bind(0, userId).bind(1, userId).mapTo(Long.class).list();
  }

  public void removePublicBy(Handle h, long userId) {
    h.createUpdate("DELETE FROM public_reactions WHERE user_id = ?").bind(0, userId).execute();
  }

  private record Row(long messageId, long userId, String emoji) {}

  /** The messages with their reactions: one query for the whole list. */
  public static <M> List<M> attach(Handle h, Series series, List<M> messages, Function<M, Long> idOf,
      ReactionsSetter<M> withReactions) {
    if (messages.isEmpty()) {
      return messages;
    }
    Map<Long, List<Reaction>> byMessage = of(h, series, messages.stream().map(idOf).toList());
    List<M> out = new ArrayList<>(messages.size());
    for (M m : messages) {
      List<Reaction> reactions = byMessage.get(idOf.apply(m));
      out.add(reactions == null ? m : withReactions.apply(m, reactions));
    }
    return out;
  }

  /** How a message takes its reactions ({@code PublicMessage::withReactions}, ...). */
  @FunctionalInterface
  public interface ReactionsSetter<M> {
    M apply(M message, List<Reaction> reactions);
  }

  /**
   * The reactions of each message that has any: rows in id order, so an emoji's place is that of its
   * first use and its user ids come in the order they reacted.
   */
  private static Map<Long, List<Reaction>> of(Handle h, Series series, Collection<Long> messageIds) {
    Map<Long, Map<String, List<Long>>> rows = new HashMap<>();
    List<Long> ids = List.copyOf(messageIds);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long id : ids) {
      min = Math.min(min, id);
      max = Math.max(max, id);
    }
    FastSql.Row<Row> row = rs -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3));
    List<Row> found = new ArrayList<>();
    if (max - min < 2L * ids.size()) {
      // A page of history or catch-up is (nearly) a run of ids: one range through the (message_id, ...)
      // index, the same statement text every time; rows of ids not asked for are left out below.
      long lo = min;
      long hi = max;
      found.addAll(FastSql.list(h, "SELECT message_id, user_id, emoji FROM " + series.reactions
          + " WHERE message_id BETWEEN ? AND ? ORDER BY id", st -> {
            st.setLong(1, lo);
            st.setLong(2, hi);
          }, row));
    } else {
      // Scattered ids (old messages edited or reacted to since): a list; only a long one takes several.
      for (int from = 0; from < ids.size(); from += MAX_IDS_PER_QUERY) {
        List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_QUERY));
        found.addAll(FastSql.list(h, "SELECT message_id, user_id, emoji FROM " + series.reactions
            + " WHERE message_id IN (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ") ORDER BY id",
            st -> {
              for (int i = 0; i < chunk.size(); i++) {
                st.setLong(i + 1, chunk.get(i));
              }
            }, row));
      }
    }
    Set<Long> wanted = new HashSet<>(ids);
    for (Row r : found) {
      if (wanted.contains(r.messageId())) {
        rows.computeIfAbsent(r.messageId(), k -> new LinkedHashMap<>())
            .computeIfAbsent(r.emoji(), k -> new ArrayList<>())
            .add(r.userId());
      }
    }
    Map<Long, List<Reaction>> out = new HashMap<>();
    rows.forEach((id, emojis) -> out.put(id,
        emojis.entrySet().stream().map(e -> new Reaction(e.getKey(), e.getValue())).toList()));
    return out;
  }
}
