-- Decision 43: full-text indexes over message content. GIN over an expression, not a stored tsvector
-- column: nothing to keep in step, and the send path pays only the index update. The text-search
-- configuration is named ('simple': lower-cased words, no stemming, no stop words), never the server's
-- default_text_search_config, so "contains every word" means the words as written, on every server;
-- search queries repeat exactly this expression so that the planner can use the index.
CREATE INDEX public_messages_search ON public_messages USING GIN (to_tsvector('simple'::regconfig, content));
CREATE INDEX private_messages_search ON private_messages USING GIN (to_tsvector('simple'::regconfig, content));
