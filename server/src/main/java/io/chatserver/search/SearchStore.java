package io.chatserver.search;

import io.chatserver.db.Database;
import io.chatserver.messages.MessageStore;
import io.chatserver.messages.PrivateMessage;
import io.chatserver.messages.PublicMessage;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The full-text queries of decision 43, one per database and series (migration V4__search): newest
 * first by id below a cursor, at most {@code limit} rows, each a page of an index lookup, never a scan of
 * the message tables. Private messages only of chats the caller takes part in.
 */
final class SearchStore {

  private final Database.Vendor vendor;

  SearchStore(Database.Vendor vendor) {
    this.vendor = vendor;
  }

  /** FTS5 hands its matches over in rowid order, so the LIMIT stops the index walk early. */
  private static final String SQLITE_PUBLIC = MessageStore.PUBLIC
      + " JOIN public_messages_fts f ON f.rowid = m.id"
      + " WHERE public_messages_fts MATCH ? AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?";
  private static final String SQLITE_PRIVATE = MessageStore.PRIVATE
      + " JOIN private_messages_fts f ON f.rowid = m.id"
      + " WHERE private_messages_fts MATCH ? AND f.rowid < ? AND (c.user_low = ? OR c.user_high = ?)"
      + " ORDER BY f.rowid DESC LIMIT ?";
  /** The very expression of the GIN indexes, with the configuration named, so the planner can use them. */
  private static final String PG_MATCH =
      " to_tsvector('simple'::regconfig, m.content) @@ to_tsquery('simple'::regconfig, ?)";
  private static final String PG_PUBLIC = MessageStore.PUBLIC
      + " WHERE" + PG_MATCH + " AND m.id < ? ORDER BY m.id DESC LIMIT ?";
  private static final String PG_PRIVATE = MessageStore.PRIVATE
      + " WHERE" + PG_MATCH + " AND m.id < ? AND (c.user_low = ? OR c.user_high = ?) ORDER BY m.id DESC LIMIT ?";

  List<PublicMessage> publicMatches(Handle h, SearchTerms terms, long before, int limit) {
    boolean sqlite = vendor == Database.Vendor.SQLITE;
    return MessageStore.withReactions(h, h.createQuery(sqlite ? SQLITE_PUBLIC : PG_PUBLIC)
        .bind(0, sqlite ? terms.fts5() : terms.tsquery()).bind(1, before).bind(2, limit)
        .map(MessageStore::mapPublic).list());
  }

  List<PrivateMessage> privateMatches(Handle h, long callerId, SearchTerms terms, long before, int limit) {
    boolean sqlite = vendor == Database.Vendor.SQLITE;
    return MessageStore.withPrivateReactions(h, h.createQuery(sqlite ? SQLITE_PRIVATE : PG_PRIVATE)
        .bind(0, sqlite ? terms.fts5() : terms.tsquery()).bind(1, before).bind(2, callerId).bind(3, callerId)
        .bind(4, limit)
        .map(MessageStore::mapPrivate).list());
  }
}
