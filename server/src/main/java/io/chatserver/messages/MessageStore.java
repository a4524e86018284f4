package io.chatserver.messages;

import io.chatserver.chats.PrivateChat;
import io.chatserver.users.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for public and private messages. History reads the newest rows below a cursor through the
 * primary key (public) or the (chat_id, id) index (private), then reverses them to oldest-first, so a
 * page costs the same however long the history is.
 */
public final class MessageStore {

  /** The one way a message row is read (with its author), here and by the search store. */
  public static final String PUBLIC = "SELECT m.id, m.user_id, u.username, u.avatar_url, m.content,"
      + " m.created_at FROM public_messages m JOIN users u ON u.id = m.user_id";
  public static final String PRIVATE = "SELECT m.id, m.chat_id, m.sender_id,"
      + " CASE WHEN c.user_low = m.sender_id THEN c.user_high ELSE c.user_low END AS recipient_id,"
      + " u.username, u.avatar_url, m.content, m.created_at"
      + " FROM private_messages m JOIN private_chats c ON c.id = m.chat_id JOIN users u ON u.id = m.sender_id";

  /** One statement: the author's current name and avatar come back with the new row. */
  public PublicMessage insertPublic(Handle h, long userId, String content, long now) {
    return h.createQuery("INSERT INTO public_messages (user_id, content, created_at) VALUES (?, ?, ?)"
            + " RETURNING id, user_id, content, created_at,"
            + " (SELECT username FROM users WHERE users.id = public_messages.user_id) AS username,"
            + " (SELECT avatar_url FROM users WHERE users.id = public_messages.user_id) AS avatar_url")
        .bind(0, userId).bind(1, content).bind(2, now).map(MessageStore::mapPublic).one();
  }

  public Optional<PublicMessage> findPublic(Handle h, long id) {
    return h.createQuery(PUBLIC + " WHERE m.id = ?").bind(0, id).map(MessageStore::mapPublic).findOne();
  }

  public List<PublicMessage> publicPage(Handle h, Page page) {
    return oldestFirst(h.createQuery(PUBLIC + " WHERE m.id < ? ORDER BY m.id DESC LIMIT ?")
        .bind(0, page.beforeOrMax()).bind(1, page.limit())
        .map(MessageStore::mapPublic).list());
  }

  public boolean deletePublic(Handle h, long id) {
    return h.createUpdate("DELETE FROM public_messages WHERE id = ?").bind(0, id).execute() > 0;
  }

  /** The message is built from what the caller already read (chat, sender): one statement, no re-read. */
  public PrivateMessage insertPrivate(Handle h, PrivateChat chat, User sender, String content, long now) {
    long id = h.createQuery("INSERT INTO private_messages (chat_id, sender_id, content, created_at)"
            + " VALUES (?, ?, ?, ?) RETURNING id")
        .bind(0, chat.id()).bind(1, sender.id()).bind(2, content).bind(3, now).mapTo(Long.class).one();
    return new PrivateMessage(id, chat.id(), sender.id(), chat.otherThan(sender.id()), sender.username(),
        sender.avatarUrl(), content, now);
  }

  public Optional<PrivateMessage> findPrivate(Handle h, long id) {
    return h.createQuery(PRIVATE + " WHERE m.id = ?").bind(0, id).map(MessageStore::mapPrivate).findOne();
  }

  public List<PrivateMessage> privatePage(Handle h, long chatId, Page page) {
    return oldestFirst(h.createQuery(PRIVATE + " WHERE m.chat_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?")
        .bind(0, chatId).bind(1, page.beforeOrMax()).bind(2, page.limit())
        .map(MessageStore::mapPrivate).list());
  }

  public boolean deletePrivate(Handle h, long id) {
    return h.createUpdate("DELETE FROM private_messages WHERE id = ?").bind(0, id).execute() > 0;
  }

  private static <T> List<T> oldestFirst(List<T> newestFirst) {
    List<T> copy = new ArrayList<>(newestFirst);
    Collections.reverse(copy);
    return copy;
  }

  public static PublicMessage mapPublic(ResultSet rs, StatementContext ctx) throws SQLException {
    return new PublicMessage(rs.getLong("id"), rs.getLong("user_id"), rs.getString("username"),
        rs.getString("avatar_url"), rs.getString("content"), rs.getLong("created_at"));
  }

  public static PrivateMessage mapPrivate(ResultSet rs, StatementContext ctx) throws SQLException {
    return new PrivateMessage(rs.getLong("id"), rs.getLong("chat_id"), rs.getLong("sender_id"),
        rs.getLong("recipient_id"), rs.getString("username"), rs.getString("avatar_url"),
        rs.getString("content"), rs.getLong("created_at"));
  }
}
