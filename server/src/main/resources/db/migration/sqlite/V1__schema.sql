-- Ids use AUTOINCREMENT so a deleted id is never handed out again: tokens name users by id and
-- pagination cursors name messages by id.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  username      VARCHAR(32)   NOT NULL,
  username_key  VARCHAR(32)   NOT NULL,
  email         VARCHAR(254)  NOT NULL,
  email_key     VARCHAR(254)  NOT NULL,
  password_hash VARCHAR(255)  NOT NULL,
  avatar_url    VARCHAR(2048),
  created_at    BIGINT        NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (username_key);
CREATE UNIQUE INDEX users_email_key ON users (email_key);

CREATE TABLE revoked_tokens (
  jti        VARCHAR(64) PRIMARY KEY,
  expires_at BIGINT      NOT NULL
);
CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);

CREATE TABLE public_messages (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    BIGINT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  content    VARCHAR(4000) NOT NULL,
  created_at BIGINT        NOT NULL
);
CREATE INDEX public_messages_user_id ON public_messages (user_id);

CREATE TABLE private_chats (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_low   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_high  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  CHECK (user_low < user_high)
);
CREATE UNIQUE INDEX private_chats_pair ON private_chats (user_low, user_high);
CREATE INDEX private_chats_user_high ON private_chats (user_high);

CREATE TABLE private_messages (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id    BIGINT        NOT NULL REFERENCES private_chats (id) ON DELETE CASCADE,
  sender_id  BIGINT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  content    VARCHAR(4000) NOT NULL,
  created_at BIGINT        NOT NULL
);
CREATE INDEX private_messages_chat_id ON private_messages (chat_id, id);
CREATE INDEX private_messages_sender_id ON private_messages (sender_id);

CREATE TABLE files (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  filename          VARCHAR(255)  NOT NULL,
  file_url          VARCHAR(2048) NOT NULL,
  file_size         BIGINT        NOT NULL,
  uploaded_at       BIGINT        NOT NULL,
  uploader_id       BIGINT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  public_message_id BIGINT REFERENCES public_messages (id) ON DELETE CASCADE,
  private_chat_id   BIGINT REFERENCES private_chats (id) ON DELETE CASCADE,
  CHECK ((public_message_id IS NULL) <> (private_chat_id IS NULL))
);
CREATE INDEX files_uploader_id ON files (uploader_id, id);
CREATE INDEX files_public_message_id ON files (public_message_id);
CREATE INDEX files_private_chat_id ON files (private_chat_id);
