package io.chatserver.messages;

import io.chatserver.chats.PrivateChat;
import io.chatserver.db.FastSql;
import io.chatserver.users.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for public and private messages, their seqs and their tombstones. History reads the newest rows
 * below a cursor through the primary key (public) or the (chat_id, id) index (private), then reverses
 * them to oldest-first; catch-up reads rows above a seq through the unique (seq) / (chat_id, seq)
 * indexes of messages and tombstones. Either way a page costs the same however long the history is.
 */
public final class MessageStore {

  /** The one way a message row is read (with its author), here and by the search store. */
  public static final String PUBLIC = "SELECT m.id, m.user_id, u.username, u.avatar_url, m.content,"
      + " m.created_at, m.seq, m.client_id, m.edited_at FROM public_messages m JOIN users u ON u.id = m.user_id";
  public static final String PRIVATE = "SELECT m.id, m.chat_id, m.sender_id,"
      + " CASE WHEN c.user_low = m.sender_id THEN c.user_high ELSE c.user_low END AS recipient_id,"
      + " u.username, u.avatar_url, m.content, m.created_at, m.seq, m.client_id, m.edited_at"
      + " FROM private_messages m JOIN private_chats c ON c.id = m.chat_id JOIN users u ON u.id = m.sender_id";

  // --- Seqs (decision 32): taken in the writing transaction; on PostgreSQL the counter's row lock, held
  // to the commit, makes commits follow seq order.

  /** The public room's next seq. */
  public long nextPublicSeq(Handle h) {
    return takePublicSeqs(h, 1);
  }

  /** {@code count} consecutive public seqs at once; returns the last of them. */
  long takePublicSeqs(Handle h, int count) {
    return FastSql.one(h, "UPDATE public_room SET latest_seq = latest_seq + ? WHERE id = 1 RETURNING latest_seq",
        st -> st.setInt(1, count), rs -> rs.getLong(1));
  }

  /** The chat's next seq. */
  public long nextChatSeq(Handle h, long chatId) {
    return h.createQuery("UPDATE private_chats SET latest_seq = latest_seq + 1 WHERE id = ? RETURNING latest_seq")
        .bind(0, chatId).mapTo(Long.class).one();
  }

  public long latestPublicSeq(Handle h) {
    return FastSql.one(h, "SELECT latest_seq FROM public_room WHERE id = 1", st -> { }, rs -> rs.getLong(1));
  }

  /** 0 when the chat is gone. */
  public long latestChatSeq(Handle h, long chatId) {
    return FastSql.first(h, "SELECT latest_seq FROM private_chats WHERE id = ?", st -> st.setLong(1, chatId),
        rs -> rs.getLong(1)).orElse(0L);
  }

  /**
   * On PostgreSQL, takes the public room's seq lock without taking a seq, before reading what a change
   * depends on: a change that turns out to be none (a repeated reaction, an unchanged edit) then takes no
   * seq, and one that is a change sees the message as the previous change left it. The lock comes where
   * a writer takes it, after any user row, so writers and user deletions lock in the same order.
   */
  public void lockPublicRoom(Handle h) {
    h.createQuery("SELECT latest_seq FROM public_room WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
  }

  /** As {@link #lockPublicRoom}, for a private chat. */
  public void lockChat(Handle h, long chatId) {
    h.createQuery("SELECT latest_seq FROM private_chats WHERE id = ? FOR UPDATE").bind(0, chatId)
        .mapTo(Long.class).findOne();
  }

  /** Decisions 41 and 42: an edit or a reaction moves the message to the change {@code seq}. */
  public void changed(Handle h, Series series, long id, long seq, long now) {
    h.createUpdate("UPDATE " + series.messages + " SET seq = ?, changed_at = ? WHERE id = ?")
        .bind(0, seq).bind(1, now).bind(2, id).execute();
  }

  /** Decision 41: new content (reindexed for search by V4's trigger or expression index) and edited_at. */
  public void edit(Handle h, Series series, long id, String content, long seq, long now) {
    h.createUpdate("UPDATE " + series.messages
            + " SET content = ?, edited_at = ?, seq = ?, changed_at = ? WHERE id = ?")
        .bind(0, content).bind(1, now).bind(2, seq).bind(3, now).bind(4, id).execute();
  }

  /** The messages with their reactions, one query for the list (decision 42). */
  public static List<PublicMessage> withReactions(Handle h, List<PublicMessage> messages) {
    return ReactionStore.attach(h, Series.PUBLIC, messages, PublicMessage::id,
        PublicMessage::withReactions);
  }

  public static List<PrivateMessage> withPrivateReactions(Handle h, List<PrivateMessage> messages) {
    return ReactionStore.attach(h, Series.PRIVATE, messages, PrivateMessage::id,
        PrivateMessage::withReactions);
  }

  // --- Public messages

  /**
   * On PostgreSQL, holds the author's row against deletion until the commit, before the seq is taken: a
   * deletion locks the user first and the public room second, so a writer must take them in that order.
   */
  public void keepAuthorUntilCommit(Handle h, long userId) {
    h.createQuery("SELECT id FROM users WHERE id = ? FOR KEY SHARE").bind(0, userId).mapTo(Long.class).findOne();
  }

  /** One statement: the author's current name and avatar come back with the new row. */
  public PublicMessage insertPublic(Handle h, long userId, String content, String clientId, long seq, long now) {
    return FastSql.one(h, "INSERT INTO public_messages (user_id, content, created_at, seq, changed_at, client_id,"
            + " created_seq) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " RETURNING id, user_id, content, created_at, seq, client_id, edited_at,"
            + " (SELECT username FROM users WHERE users.id = public_messages.user_id) AS username,"
            + " (SELECT avatar_url FROM users WHERE users.id = public_messages.user_id) AS avatar_url", st -> {
          st.setLong(1, userId);
          st.setString(2, content);
          st.setLong(3, now);
          st.setLong(4, seq);
          st.setLong(5, now);
          setNullableString(st, 6, clientId);
          st.setLong(7, seq);
        }, MessageStore::mapInsertedPublic);
  }

  /** The RETURNING row of {@link #insertPublic}, by position: by name the driver looks every column up. */
  private static PublicMessage mapInsertedPublic(ResultSet rs) throws SQLException {
    long editedAt = rs.getLong(7);
    Long edited = rs.wasNull() ? null : editedAt;
    return new PublicMessage(rs.getLong(1), rs.getLong(2), rs.getString(8), rs.getString(9), rs.getString(3),
        rs.getLong(4), rs.getLong(5), rs.getString(6), edited, List.of());
  }

  private static void setNullableString(java.sql.PreparedStatement st, int index, String value) throws SQLException {
    if (value == null) {
      st.setNull(index, java.sql.Types.VARCHAR);
    } else {
      st.setString(index, value);
    }
  }

  /** A message that exists (not deleted). */
  public Optional<PublicMessage> findPublic(Handle h, long id) {
    return h.createQuery(PUBLIC + " WHERE m.id = ?").bind(0, id).map(MessageStore::mapPublic).findOne()
        .map(m -> withReactions(h, List.of(m)).get(0));
  }

  public List<PublicMessage> publicPage(Handle h, Page page) {
    return withReactions(h, oldestFirst(FastSql.list(h, PUBLIC + " WHERE m.id < ? ORDER BY m.id DESC LIMIT ?", st -> {
      st.setLong(1, page.beforeOrMax());
      st.setInt(2, page.limit());
    }, rs -> mapPublic(rs, null))));
  }

  /** Deletes the message (its file records go with it: ON DELETE CASCADE) and leaves its tombstone. */
  public Tombstone deletePublic(Handle h, long id, long seq, long now) {
    h.createUpdate("INSERT INTO public_tombstones (message_id, seq, changed_at) VALUES (?, ?, ?)")
        .bind(0, id).bind(1, seq).bind(2, now).execute();
    h.createUpdate("DELETE FROM public_messages WHERE id = ?").bind(0, id).execute();
    return new Tombstone(id, null, seq);
  }

  /**
   * Decision 37: every public message of the user becomes a tombstone with its own seq, in id order;
   * the rows themselves go with the user (ON DELETE CASCADE).
   */
  public List<Tombstone> tombstonePublicOf(Handle h, long userId, long now) {
    List<Long> ids = h.createQuery("SELECT id FROM public_messages WHERE user_id = ? ORDER BY id")
        .bind(0, userId).mapTo(Long.class).list();
    if (ids.isEmpty()) {
      return List.of();
    }
    long first = takePublicSeqs(h, ids.size()) - ids.size() + 1;
    List<Tombstone> tombstones = new ArrayList<>(ids.size());
    PreparedBatch batch =
        h.prepareBatch("INSERT INTO public_tombstones (message_id, seq, changed_at) VALUES (?, ?, ?)");
    for (int i = 0; i < ids.size(); i++) {
      Tombstone t = new Tombstone(ids.get(i), null, first + i);
      tombstones.add(t);
      batch.bind(0, t.id()).bind(1, t.seq()).bind(2, now).add();
    }
    batch.execute();
    return tombstones;
  }

  /**
   * Decision 37: removes the user's reactions on other users' public messages, each message a change with
   * its own seq, in id order; answers the messages in their new state.
   */
  public List<PublicMessage> unreactPublicBy(Handle h, long userId, long now) {
    ReactionStore reactions = new ReactionStore();
    List<Long> ids = reactions.publicMessagesReactedToBy(h, userId);
    reactions.removePublicBy(h, userId);
    if (ids.isEmpty()) {
      return List.of();
    }
    long first = takePublicSeqs(h, ids.size()) - ids.size() + 1;
    PreparedBatch batch = h.prepareBatch("UPDATE public_messages SET seq = ?, changed_at = ? WHERE id = ?");
    for (int i = 0; i < ids.size(); i++) {
      batch.bind(0, first + i).bind(1, now).bind(2, ids.get(i)).add();
    }
    batch.execute();
    return withReactions(h, h.createQuery(PUBLIC + " WHERE m.seq >= ? AND m.seq <= ? ORDER BY m.seq")
        .bind(0, first).bind(1, first + ids.size() - 1).map(MessageStore::mapPublic).list());
  }

  public Optional<Tombstone> publicTombstone(Handle h, long messageId) {
    return h.createQuery("SELECT message_id, seq FROM public_tombstones WHERE message_id = ?").bind(0, messageId)
        .map((rs, ctx) -> new Tombstone(rs.getLong("message_id"), null, rs.getLong("seq"))).findOne();
  }

  /** Live messages whose latest change is in (since, upTo], in seq order. */
  public List<PublicMessage> publicChanged(Handle h, long since, long upTo, int limit) {
    return withReactions(h, FastSql.list(h, PUBLIC + " WHERE m.seq > ? AND m.seq <= ? ORDER BY m.seq LIMIT ?", st -> {
      st.setLong(1, since);
      st.setLong(2, upTo);
      st.setInt(3, limit);
    }, rs -> mapPublic(rs, null)));
  }

  /**
   * The private chats of any of {@code userIds} changed at or after {@code since} (epoch millis), each
   * with the smallest seq of such a change.
   */
  public Map<Long, Long> chatsChangedSince(Handle h, Set<Long> userIds, long since) {
    if (userIds.isEmpty()) return Map.of();
    String in = String.join(",", Collections.nCopies(userIds.size(), "?"));
    var query = h.createQuery("SELECT x.chat_id, MIN(x.seq) AS first_seq FROM ("
        + " SELECT chat_id, seq, changed_at FROM private_messages UNION ALL"
        + " SELECT chat_id, seq, changed_at FROM private_tombstones) x"
        + " JOIN private_chats c ON c.id = x.chat_id"
        + " WHERE x.changed_at >= ? AND (c.user_low IN (" + in + ") OR c.user_high IN (" + in + "))"
        + " GROUP BY x.chat_id");
    query.bind(0, since);
    int i = 1;
    for (int round = 0; round < 2; round++) {
      for (long id : userIds) query.bind(i++, id);
    }
    Map<Long, Long> out = new HashMap<>();
    query.map((rs, ctx) -> Map.entry(rs.getLong("chat_id"), rs.getLong("first_seq")))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Ids of the public messages created by a change in (after, before). */
  public Set<Long> publicCreatedBetween(Handle h, long after, long before) {
    return Set.copyOf(h.createQuery("SELECT id FROM public_messages WHERE created_seq > ? AND created_seq < ?")
        .bind(0, after).bind(1, before).mapTo(Long.class).list());
  }

  /** Ids of the chat's messages created by a change in (after, before). */
  public Set<Long> privateCreatedBetween(Handle h, long chatId, long after, long before) {
    return Set.copyOf(h.createQuery(
            "SELECT id FROM private_messages WHERE chat_id = ? AND created_seq > ? AND created_seq < ?")
        .bind(0, chatId).bind(1, after).bind(2, before).mapTo(Long.class).list());
  }

  public List<Tombstone> publicTombstones(Handle h, long since, long upTo, int limit) {
    return FastSql.list(h, "SELECT message_id, seq FROM public_tombstones WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
        st -> {
          st.setLong(1, since);
          st.setLong(2, upTo);
          st.setInt(3, limit);
        }, rs -> new Tombstone(rs.getLong(1), null, rs.getLong(2)));
  }

  // --- Private messages

  /** The message is built from what the caller already read (chat, sender): one statement, no re-read. */
  public PrivateMessage insertPrivate(Handle h, PrivateChat chat, User sender, String content, String clientId,
      long seq, long now) {
    return insertPrivate(h, chat, sender.id(), sender.username(), sender.avatarUrl(), content, clientId, seq, now);
  }

  /** As above, with the sender's name and avatar as the caller read them. */
  public PrivateMessage insertPrivate(Handle h, PrivateChat chat, long senderId, String senderName,
      String senderAvatarUrl, String content, String clientId, long seq, long now) {
    long id = FastSql.one(h, "INSERT INTO private_messages (chat_id, sender_id, content, created_at, seq, changed_at,"
            + " client_id, created_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", st -> {
          st.setLong(1, chat.id());
          st.setLong(2, senderId);
          st.setString(3, content);
          st.setLong(4, now);
          st.setLong(5, seq);
          st.setLong(6, now);
          setNullableString(st, 7, clientId);
          st.setLong(8, seq);
        }, rs -> rs.getLong(1));
    return new PrivateMessage(id, chat.id(), senderId, chat.otherThan(senderId), senderName, senderAvatarUrl,
        content, now, seq, clientId, null, List.of());
  }

  public Optional<PrivateMessage> findPrivate(Handle h, long id) {
    return h.createQuery(PRIVATE + " WHERE m.id = ?").bind(0, id).map(MessageStore::mapPrivate).findOne()
        .map(m -> withPrivateReactions(h, List.of(m)).get(0));
  }

  public List<PrivateMessage> privatePage(Handle h, long chatId, Page page) {
    return withPrivateReactions(h, oldestFirst(FastSql.list(h,
        PRIVATE + " WHERE m.chat_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?", st -> {
          st.setLong(1, chatId);
          st.setLong(2, page.beforeOrMax());
          st.setInt(3, page.limit());
        }, rs -> mapPrivate(rs, null))));
  }

  public Tombstone deletePrivate(Handle h, long id, long chatId, long seq, long now) {
    h.createUpdate("INSERT INTO private_tombstones (message_id, chat_id, seq, changed_at) VALUES (?, ?, ?, ?)")
        .bind(0, id).bind(1, chatId).bind(2, seq).bind(3, now).execute();
    h.createUpdate("DELETE FROM private_messages WHERE id = ?").bind(0, id).execute();
    return new Tombstone(id, chatId, seq);
  }

  public Optional<Tombstone> privateTombstone(Handle h, long messageId) {
    return h.createQuery("SELECT message_id, chat_id, seq FROM private_tombstones WHERE message_id = ?")
        .bind(0, messageId).map(MessageStore::mapPrivateTombstone).findOne();
  }

  public List<PrivateMessage> privateChanged(Handle h, long chatId, long since, long upTo, int limit) {
    return withPrivateReactions(h, FastSql.list(h,
        PRIVATE + " WHERE m.chat_id = ? AND m.seq > ? AND m.seq <= ? ORDER BY m.seq LIMIT ?", st -> {
          st.setLong(1, chatId);
          st.setLong(2, since);
          st.setLong(3, upTo);
          st.setInt(4, limit);
        }, rs -> mapPrivate(rs, null)));
  }

  public List<Tombstone> privateTombstones(Handle h, long chatId, long since, long upTo, int limit) {
    return FastSql.list(h, "SELECT message_id, chat_id, seq FROM private_tombstones"
        + " WHERE chat_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?", st -> {
          st.setLong(1, chatId);
          st.setLong(2, since);
          st.setLong(3, upTo);
          st.setInt(4, limit);
        }, rs -> mapPrivateTombstone(rs, null));
  }

  private static <T> List<T> oldestFirst(List<T> newestFirst) {
    List<T> copy = new ArrayList<>(newestFirst);
    Collections.reverse(copy);
    return copy;
  }

  public static PublicMessage mapPublic(ResultSet rs, StatementContext ctx) throws SQLException {
    return new PublicMessage(rs.getLong("id"), rs.getLong("user_id"), rs.getString("username"),
        rs.getString("avatar_url"), rs.getString("content"), rs.getLong("created_at"), rs.getLong("seq"),
        rs.getString("client_id"), editedAt(rs), List.of());
  }

  public static PrivateMessage mapPrivate(ResultSet rs, StatementContext ctx) throws SQLException {
    return new PrivateMessage(rs.getLong("id"), rs.getLong("chat_id"), rs.getLong("sender_id"),
        rs.getLong("recipient_id"), rs.getString("username"), rs.getString("avatar_url"),
        rs.getString("content"), rs.getLong("created_at"), rs.getLong("seq"), rs.getString("client_id"),
        editedAt(rs), List.of());
  }

  private static Long editedAt(ResultSet rs) throws SQLException {
    long editedAt = rs.getLong("edited_at");
    return rs.wasNull() ? null : editedAt;
  }

  private static Tombstone mapPrivateTombstone(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Tombstone(rs.getLong("message_id"), rs.getLong("chat_id"), rs.getLong("seq"));
  }
}
