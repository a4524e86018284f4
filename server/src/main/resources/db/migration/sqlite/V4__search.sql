-- Decision 43: full-text indexes over message content (FTS5, external content: the text is stored once,
-- in the message tables). unicode61 splits on everything but Unicode letters and digits and folds case;
-- diacritics are kept ("cafe" does not find "café"), as PostgreSQL's 'simple' configuration does, so that
-- both databases find the same messages. Triggers keep the indexes in step with every insert, edit and
-- delete (also deletes by ON DELETE CASCADE); 'rebuild' indexes the messages already stored.
CREATE VIRTUAL TABLE public_messages_fts USING fts5(
  content, content = 'public_messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE private_messages_fts USING fts5(
  content, content = 'private_messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO public_messages_fts (public_messages_fts) VALUES ('rebuild');
INSERT INTO private_messages_fts (private_messages_fts) VALUES ('rebuild');

CREATE TRIGGER public_messages_fts_insert AFTER INSERT ON public_messages BEGIN
  INSERT INTO public_messages_fts (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER public_messages_fts_delete AFTER DELETE ON public_messages BEGIN
  INSERT INTO public_messages_fts (public_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER public_messages_fts_update AFTER UPDATE OF content ON public_messages BEGIN
  INSERT INTO public_messages_fts (public_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO public_messages_fts (rowid, content) VALUES (new.id, new.content);
END;

CREATE TRIGGER private_messages_fts_insert AFTER INSERT ON private_messages BEGIN
  INSERT INTO private_messages_fts (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER private_messages_fts_delete AFTER DELETE ON private_messages BEGIN
  INSERT INTO private_messages_fts (private_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER private_messages_fts_update AFTER UPDATE OF content ON private_messages BEGIN
  INSERT INTO private_messages_fts (private_messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO private_messages_fts (rowid, content) VALUES (new.id, new.content);
END;
