-- Editing and reactions (decisions 41 and 42).
--
-- edited_at (epoch millis) stays null until the first edit that changed the content. The content update
-- reindexes the message by itself: the GIN indexes of V4__search are over an expression of content.
ALTER TABLE public_messages ADD COLUMN edited_at BIGINT;
ALTER TABLE private_messages ADD COLUMN edited_at BIGINT;

-- One row per (message, user, emoji). The id orders them: an emoji's place in a message's list is its
-- earliest row (order of first use), and its user_ids follow the order in which they reacted. The unique
-- index makes a repeat a no-op, serves the per-page batch read (message_id IN ...) and the per-user
-- count of decision 42's limit. The rows go with the message (deletion) and with the user (the deletion
-- of a user first removes, as sequenced changes, their reactions on public messages: decision 37).
CREATE TABLE public_reactions (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id BIGINT      NOT NULL REFERENCES public_messages (id) ON DELETE CASCADE,
  user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  emoji      VARCHAR(64) NOT NULL,
  created_at BIGINT      NOT NULL
);
CREATE UNIQUE INDEX public_reactions_key ON public_reactions (message_id, user_id, emoji);
CREATE INDEX public_reactions_user_id ON public_reactions (user_id);

CREATE TABLE private_reactions (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id BIGINT      NOT NULL REFERENCES private_messages (id) ON DELETE CASCADE,
  user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  emoji      VARCHAR(64) NOT NULL,
  created_at BIGINT      NOT NULL
);
CREATE UNIQUE INDEX private_reactions_key ON private_reactions (message_id, user_id, emoji);
CREATE INDEX private_reactions_user_id ON private_reactions (user_id);
