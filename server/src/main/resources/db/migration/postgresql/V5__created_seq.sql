-- The seq of a message's creation, kept when later changes (an edit, a reaction) move its seq on:
-- unread counts (decision 39) count messages created after a read position, and a change read back for
-- a client that missed it is a new message or an update depending on whether its creation is in range.
ALTER TABLE public_messages ADD COLUMN created_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE private_messages ADD COLUMN created_seq BIGINT NOT NULL DEFAULT 0;
UPDATE public_messages SET created_seq = seq;
UPDATE private_messages SET created_seq = seq;
CREATE INDEX private_messages_chat_created_seq ON private_messages (chat_id, created_seq);
CREATE INDEX public_messages_created_seq ON public_messages (created_seq);
