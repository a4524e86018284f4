-- Every token carries the generation of its user's credentials at the time it was issued; changing the
-- password increments it, so every older token fails the authentication query at once, on every node.
-- A counter rather than a time: exact, immune to clock skew between nodes and to JWT's whole-second iat.
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
