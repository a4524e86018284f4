package io.chatserver.db;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;

/**
 * C119: on SQLite, new messages are indexed for search in bulk, not in the transaction that stores them.
 * {@link WriteBatcher} indexes at the end of a batch, before its commit, when a search asks for it, when
 * many writes have committed since the last time, or when the oldest of them has waited about a second;
 * so a batch of a few hundred messages becomes one FTS5 segment, and a search first has the writer index
 * whatever committed before it started (read your writes).
 *
 * <p>Which messages are new is in the database, not here (migration V8): every id above
 * {@code fts_indexed.up_to}. The delete and edit triggers skip those ids, so a message edited or deleted
 * before it is indexed is indexed as it then is, or not at all. What this class keeps in memory is only
 * whether there may be any: a count of the write jobs committed since the last indexing (more than the
 * messages among them, never fewer).
 */
final class SearchIndexer {

  /** Indexes without being asked after this many jobs... */
  static final int AFTER_JOBS = 256;
  /** ...or once the oldest of them has waited this long. */
  static final long AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final List<String> INDEX_NEW = List.of(
      indexNew("public_messages"), markIndexed("public_messages"),
      indexNew("private_messages"), markIndexed("private_messages"));

  private static String indexNew(String table) {
    return "INSERT INTO " + table + "_fts (rowid, content) SELECT id, content FROM " + table
        + " WHERE id > (SELECT up_to FROM fts_indexed WHERE name = '" + table + "')";
  }

  private static String markIndexed(String table) {
    String highest = "(SELECT seq FROM sqlite_sequence WHERE name = '" + table + "')";
    return "UPDATE fts_indexed SET up_to = " + highest + " WHERE name = '" + table + "' AND up_to < " + highest;
  }

  /** False only in tests that index when asked and never on their own. */
  private final boolean inBackground;
  /** The writer thread's alone: jobs committed since the last indexing, and when the first of them did. */
  private long jobs;
  private long since;
  /** Read by searches: false only while everything committed is indexed. */
  private volatile boolean maybeUnindexed;

  SearchIndexer() {
    this(true);
  }

  private SearchIndexer(boolean inBackground) {
    this.inBackground = inBackground;
    // Messages committed before a restart may be unindexed (a crash, a stop within the second): as if
    // many jobs were waiting, so the writer indexes them as soon as it is idle.
    this.jobs = AFTER_JOBS;
    this.since = System.nanoTime();
    this.maybeUnindexed = true;
  }

  /** For tests: indexes only when a search asks, so what is not indexed yet stays so. */
  static SearchIndexer onlyWhenAsked() {
    return new SearchIndexer(false);
  }

  /** False when a search can skip asking the writer: nothing committed is unindexed. */
  boolean maybeUnindexed() {
    return maybeUnindexed;
  }

  /** Whether the writer should index at the end of its next batch (or now, if idle) without being asked. */
  boolean due(long now) {
    return inBackground && (jobs >= AFTER_JOBS || jobs > 0 && now - since >= AFTER_NANOS);
  }

  /** Indexes every message committed so far and stored by the transaction so far. */
  void index(Handle h) {
    for (String statement : INDEX_NEW) {
      FastSql.update(h, statement, st -> {});
    }
  }

  /**
   * After a commit of {@code batchJobs} jobs, before any of them is answered (a search that starts
   * after an answer must see the flag): an indexed batch left nothing unindexed.
   */
  void committed(int batchJobs, boolean indexed, long now) {
    if (indexed) {
      jobs = 0;
      maybeUnindexed = false;
    } else if (batchJobs > 0) {
      if (jobs == 0) {
        since = now;
      }
      jobs += batchJobs;
      maybeUnindexed = true;
    }
  }
}
