-- Read state (decision 39, docs/decisions.md C80-C84).
--
-- Public room: one row per user. A separate table rather than a column of users, so that the send path,
-- which moves the sender's own position, never writes the users row that a user deletion locks.
CREATE TABLE public_reads (
  user_id       INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  last_read_seq BIGINT NOT NULL
);
-- Users who existed before read state: the history up to now is not unread, as for a new user.
INSERT INTO public_reads (user_id, last_read_seq)
  SELECT id, (SELECT latest_seq FROM public_room WHERE id = 1) FROM users;

-- Private chats: both positions in the chat's own row, which every change of the chat already locks to
-- take its seq, so moving the sender's position on a send adds no lock.
ALTER TABLE private_chats ADD COLUMN low_read_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE private_chats ADD COLUMN high_read_seq BIGINT NOT NULL DEFAULT 0;
-- Existing chats: sending reads, so each participant has read up to their own newest message.
UPDATE private_chats SET
  low_read_seq = COALESCE((SELECT MAX(m.created_seq) FROM private_messages m
                           WHERE m.chat_id = private_chats.id AND m.sender_id = private_chats.user_low), 0),
  high_read_seq = COALESCE((SELECT MAX(m.created_seq) FROM private_messages m
                            WHERE m.chat_id = private_chats.id AND m.sender_id = private_chats.user_high), 0);

-- Unread counts: COUNT(*) WHERE chat_id = ? AND created_seq > ? AND sender_id <> ? reads only the unread
-- range of this index, never the table or the history before the read position (C81). These replace
-- V5's (chat_id, created_seq) and (created_seq) indexes, whose every use they serve as well.
DROP INDEX private_messages_chat_created_seq;
DROP INDEX public_messages_created_seq;
CREATE INDEX private_messages_unread ON private_messages (chat_id, created_seq, sender_id);
CREATE INDEX public_messages_unread ON public_messages (created_seq, user_id);
