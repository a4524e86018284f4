package io.chatserver.reads;

import io.chatserver.db.FastSql;

import io.chatserver.chats.PrivateChat;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.PrivateMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for read positions and the chat list. A position only moves forward: every write is conditional on
 * the stored position being lower, so concurrent moves settle on the highest. Unread counts are counts
 * over the unread range of the (chat_id, created_seq, sender_id) / (created_seq, user_id) indexes (C81):
 * deleted messages have left the table, and an edit or a reaction does not change created_seq.
 */
public final class ReadStore {

  /** Decision 39: a new user has read the public room up to its latest seq at registration. */
  public void startPublic(Handle h, long userId) {
    h.createUpdate("INSERT INTO public_reads (user_id, last_read_seq)"
            + " SELECT ?, latest_seq FROM public_room WHERE id = 1")
        .bind(0, userId).execute();
  }

  /**
   * Moves the user's public position up to {@code seq}; false when it was there already. An upsert, so
   * that a user row created without its position (e.g. bulk-loaded) gets one.
   */
  public boolean movePublic(Handle h, long userId, long seq) {
    // Every public send runs this: plain JDBC (C113).
    return FastSql.update(h, "INSERT INTO public_reads (user_id, last_read_seq) VALUES (?, ?)"
            + " ON CONFLICT (user_id) DO UPDATE SET last_read_seq = excluded.last_read_seq"
            + " WHERE public_reads.last_read_seq < excluded.last_read_seq", st -> {
          st.setLong(1, userId);
          st.setLong(2, seq);
        }) > 0;
  }

  /**
   * The chat's next seq (as {@code MessageStore.nextChatSeq}), with {@code senderId}'s read position
   * moved up to it in the same statement: a send reads everything before it (decision 39). One
   * statement on the chat's row where a seq and a read move took two.
   */
  public long nextSeqReadBy(Handle h, PrivateChat chat, long senderId) {
    String column = readColumn(chat, senderId);
    return FastSql.one(h, "UPDATE private_chats SET latest_seq = latest_seq + 1, " + column + " = CASE WHEN "
            + column + " < latest_seq + 1 THEN latest_seq + 1 ELSE " + column + " END WHERE id = ? RETURNING latest_seq",
        st -> st.setLong(1, chat.id()), rs -> rs.getLong(1));
  }

  /** What a send into an existing chat takes in one statement (C115). */
  public record ChatSend(PrivateChat chat, long seq, String senderName, String senderAvatarUrl) {}

  private static String sendByPair(String column) {
    return "UPDATE private_chats SET latest_seq = latest_seq + 1, " + column + " = CASE WHEN " + column
        + " < latest_seq + 1 THEN latest_seq + 1 ELSE " + column + " END WHERE user_low = ? AND user_high = ?"
        + " RETURNING id, latest_seq, created_at,"
        + " (SELECT username FROM users WHERE id = ?), (SELECT avatar_url FROM users WHERE id = ?)";
  }

  private static final String SEND_AS_LOW = sendByPair("low_read_seq");
  private static final String SEND_AS_HIGH = sendByPair("high_read_seq");

  /**
   * As {@link #nextSeqReadBy}, with the chat found by its pair and the sender's name and avatar read in the
   * same statement (C115): one statement where finding both users, the chat and taking the seq took
   * three. Empty when the pair has no chat yet. A chat row means both users exist (ON DELETE CASCADE). For
   * SQLite, whose writes run one at a time: on PostgreSQL a send must lock the users before the chat.
   */
  public Optional<ChatSend> nextSeqReadByPair(Handle h, long senderId, long otherUserId) {
    long low = Math.min(senderId, otherUserId);
    long high = Math.max(senderId, otherUserId);
    return FastSql.first(h, senderId == low ? SEND_AS_LOW : SEND_AS_HIGH, st -> {
      st.setLong(1, low);
      st.setLong(2, high);
      st.setLong(3, senderId);
      st.setLong(4, senderId);
    }, rs -> new ChatSend(new PrivateChat(rs.getLong(1), low, high, rs.getLong(3)), rs.getLong(2),
        rs.getString(4), rs.getString(5)));
  }

  private static String readColumn(PrivateChat chat, long userId) {
    return chat.userLow() == userId ? "low_read_seq" : "high_read_seq";
  }

  /** Moves the participant's position in the chat up to {@code seq}; false when it was there already. */
  public boolean movePrivate(Handle h, PrivateChat chat, long userId, long seq) {
    String column = readColumn(chat, userId);
    return h.createUpdate("UPDATE private_chats SET " + column + " = ? WHERE id = ? AND " + column + " < ?")
        .bind(0, seq).bind(1, chat.id()).bind(2, seq).execute() > 0;
  }

  public PublicEntry publicEntry(Handle h, long userId) {
    return h.createQuery("SELECT p.latest_seq, COALESCE(r.last_read_seq, 0) AS last_read_seq,"
            + " (SELECT COUNT(*) FROM public_messages m"
            + "  WHERE m.created_seq > COALESCE(r.last_read_seq, 0) AND m.user_id <> :me) AS unread_count"
            + " FROM public_room p LEFT JOIN public_reads r ON r.user_id = :me WHERE p.id = 1")
        .bind("me", userId)
        .map((rs, ctx) -> new PublicEntry(rs.getLong("latest_seq"), rs.getLong("last_read_seq"),
            rs.getLong("unread_count")))
        .one();
  }

  private static final String CHATS = "SELECT c.id, c.created_at, c.latest_seq,"
      + " CASE WHEN c.user_low = :me THEN c.low_read_seq ELSE c.high_read_seq END AS last_read_seq,"
      + " CASE WHEN c.user_low = :me THEN c.high_read_seq ELSE c.low_read_seq END AS other_last_read_seq,"
      + " o.id AS other_id, o.username AS other_username, o.avatar_url AS other_avatar_url,"
      + " (SELECT MAX(m.id) FROM private_messages m WHERE m.chat_id = c.id) AS last_message_id,"
      + " (SELECT COUNT(*) FROM private_messages m WHERE m.chat_id = c.id AND m.sender_id <> :me"
      + "  AND m.created_seq > CASE WHEN c.user_low = :me THEN c.low_read_seq ELSE c.high_read_seq END)"
      + " AS unread_count"
      + " FROM private_chats c"
      + " JOIN users o ON o.id = CASE WHEN c.user_low = :me THEN c.user_high ELSE c.user_low END";

  /**
   * Every chat of the user, in two statements however many chats there are: the first finds the chats
   * through the pair index (user_low, then user_high) with, per chat, the newest message id and the
   * unread count as index lookups; the second reads those newest messages by primary key. Unordered.
   */
  public List<ChatEntry> chatsOf(Handle h, long userId) {
    return withLastMessages(h, h.createQuery(CHATS + " WHERE c.user_low = :me OR c.user_high = :me")
        .bind("me", userId).map(ReadStore::mapRow).list());
  }

  /** One chat of the user, as {@link #chatsOf} would list it. */
  public ChatEntry chatOf(Handle h, long userId, long chatId) {
    return withLastMessages(h, h.createQuery(CHATS + " WHERE c.id = :chat AND (c.user_low = :me OR c.user_high = :me)")
        .bind("me", userId).bind("chat", chatId).map(ReadStore::mapRow).list()).get(0);
  }

  /** A chat as the first statement reads it: its newest message by id only. */
  private record ChatRow(ChatEntry entry, Long lastMessageId) {}

  private static List<ChatEntry> withLastMessages(Handle h, List<ChatRow> rows) {
    List<Long> ids = rows.stream().map(ChatRow::lastMessageId).filter(Objects::nonNull).toList();
    Map<Long, PrivateMessage> byId = ids.isEmpty() ? Map.of()
        : MessageStore.withPrivateReactions(h, h.createQuery(MessageStore.PRIVATE + " WHERE m.id IN (<ids>)")
            .bindList("ids", ids).map(MessageStore::mapPrivate).list()).stream()
            .collect(Collectors.toMap(PrivateMessage::id, Function.identity()));
    // A message deleted between the two statements leaves its chat without a last message: rare, and the
    // deletion's push follows.
    return rows.stream()
        .map(r -> r.lastMessageId() == null ? r.entry() : r.entry().withLastMessage(byId.get(r.lastMessageId())))
        .toList();
  }

  private static ChatRow mapRow(ResultSet rs, StatementContext ctx) throws SQLException {
    long lastId = rs.getLong("last_message_id");
    Long lastMessageId = rs.wasNull() ? null : lastId;
    return new ChatRow(new ChatEntry(rs.getLong("id"), rs.getLong("created_at"), rs.getLong("other_id"),
        rs.getString("other_username"), rs.getString("other_avatar_url"), rs.getLong("latest_seq"),
        rs.getLong("last_read_seq"), rs.getLong("other_last_read_seq"), rs.getLong("unread_count"), null),
        lastMessageId);
  }
}
