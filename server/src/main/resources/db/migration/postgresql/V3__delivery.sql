-- Delivery (docs/decisions.md, decisions 31-33 and C36-C41).
--
-- Every conversation numbers its changes 1, 2, 3... : the public room in the one row of public_room, each
-- private chat in its own row. A write takes the next number with UPDATE ... RETURNING in the same
-- transaction as the change, so a rolled-back change gives its number back (no gap) and, on PostgreSQL,
-- the row lock orders the commits by number (no change is visible before a smaller one).
CREATE TABLE public_room (
  id         BIGINT PRIMARY KEY CHECK (id = 1),
  latest_seq BIGINT NOT NULL
);
ALTER TABLE private_chats ADD COLUMN latest_seq BIGINT NOT NULL DEFAULT 0;

-- A message row carries the seq of its latest change and when that change happened (changed_at, epoch
-- millis), and the sender's client_id, if any.
ALTER TABLE public_messages ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE public_messages ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE public_messages ADD COLUMN client_id VARCHAR(64);
ALTER TABLE private_messages ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE private_messages ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE private_messages ADD COLUMN client_id VARCHAR(64);

-- Existing messages take the numbers 1..n of their conversation in id order.
UPDATE public_messages SET seq = r.n, changed_at = public_messages.created_at
  FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM public_messages) AS r
  WHERE r.id = public_messages.id;
UPDATE private_messages SET seq = r.n, changed_at = private_messages.created_at
  FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY chat_id ORDER BY id) AS n FROM private_messages) AS r
  WHERE r.id = private_messages.id;
INSERT INTO public_room (id, latest_seq) VALUES (1, (SELECT COALESCE(MAX(seq), 0) FROM public_messages));
UPDATE private_chats SET latest_seq =
  (SELECT COALESCE(MAX(seq), 0) FROM private_messages m WHERE m.chat_id = private_chats.id);

-- Catch-up (WHERE seq > ? ORDER BY seq LIMIT ?) reads these: a page costs the same at any history length.
CREATE UNIQUE INDEX public_messages_seq ON public_messages (seq);
CREATE UNIQUE INDEX private_messages_chat_seq ON private_messages (chat_id, seq);

-- A deleted message leaves its tombstone (id and the deletion's seq, no content) so that catch-up can
-- report the deletion; the message row itself goes, so every other read (history, files, ...) is as
-- before. A public tombstone outlives its author: deleting a user tombstones their public messages.
CREATE TABLE public_tombstones (
  message_id BIGINT PRIMARY KEY,
  seq        BIGINT NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX public_tombstones_seq ON public_tombstones (seq);
CREATE TABLE private_tombstones (
  message_id BIGINT PRIMARY KEY,
  chat_id    BIGINT NOT NULL REFERENCES private_chats (id) ON DELETE CASCADE,
  seq        BIGINT NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX private_tombstones_chat_seq ON private_tombstones (chat_id, seq);

-- Idempotent sends (decision 31): one row per (sender, client_id), public and private alike, naming the
-- message it created. No foreign key to the message: the row outlives the message's deletion, so that a
-- late repeat is answered with the tombstone instead of storing the message again.
CREATE TABLE client_ids (
  user_id            BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  client_id          VARCHAR(64) NOT NULL,
  public_message_id  BIGINT,
  private_message_id BIGINT,
  created_at         BIGINT      NOT NULL,
  PRIMARY KEY (user_id, client_id)
);
