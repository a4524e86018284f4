-- C116: a new message is indexed for search once per write batch, at its end, in the transaction that
-- stores it, instead of by an AFTER INSERT trigger. FTS5 writes what it has pending to disk whenever a
-- statement of the transaction opens a statement savepoint, and every statement of a send does: with the
-- trigger, each message became its own index segment (about a third of the SQLite time of a send). Indexed
-- at the batch's end, a batch's messages become one segment at its commit. Search still sees exactly the
-- committed messages: a message and its index entry commit together (the write path runs
-- db.WriteBatcher's batch end before every commit).
--
-- fts_indexed.up_to: every message id up to it is indexed (or was deleted); ids are AUTOINCREMENT, so the
-- ones above it are the messages stored since, which the batch end indexes from the table as they are then
-- (an edit or a deletion before that needs no index change: the triggers below skip them).
CREATE TABLE fts_indexed (
  name  VARCHAR(32) PRIMARY KEY,
  up_to BIGINT NOT NULL
);
INSERT INTO fts_indexed (name, up_to) VALUES
  ('public_messages', COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'public_messages'), 0)),
  ('private_messages', COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'private_messages'), 0));

DROP TRIGGER public_messages_fts_insert;
DROP TRIGGER private_messages_fts_insert;
DROP TRIGGER public_messages_fts_delete;
DROP TRIGGER private_messages_fts_delete;
DROP TRIGGER public_messages_fts_update;
DROP TRIGGER private_messages_fts_update;

CREATE TRIGGER public_messages_fts_delete AFTER DELETE ON public_messages
  WHEN old.id <= (SELECT up_to FROM fts_indexed WHERE name = 'public_messages') BEGIN
  INSERT INTO public_messages_fts (public_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER public_messages_fts_update AFTER UPDATE OF content ON public_messages
  WHEN old.id <= (SELECT up_to FROM fts_indexed WHERE name = 'public_messages') BEGIN
  INSERT INTO public_messages_fts (public_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO public_messages_fts (rowid, content) VALUES (new.id, new.content);
END;

CREATE TRIGGER private_messages_fts_delete AFTER DELETE ON private_messages
  WHEN old.id <= (SELECT up_to FROM fts_indexed WHERE name = 'private_messages') BEGIN
  INSERT INTO private_messages_fts (private_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER private_messages_fts_update AFTER UPDATE OF content ON private_messages
  WHEN old.id <= (SELECT up_to FROM fts_indexed WHERE name = 'private_messages') BEGIN
  INSERT INTO private_messages_fts (private_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO private_messages_fts (rowid, content) VALUES (new.id, new.content);
END;
