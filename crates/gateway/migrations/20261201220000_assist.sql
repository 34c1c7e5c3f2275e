-- Agent assist with Optimly: one Optimly conversation per chat, and one suggestion request per
-- customer message (durable: a restart or a rate limit delays a request, never loses it).

CREATE TABLE optimly_conversations (
    chat_id         INTEGER PRIMARY KEY REFERENCES chats (id),
    conversation_id TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);

CREATE TABLE assist_requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id         INTEGER NOT NULL REFERENCES chats (id),
    -- The customer message the suggestion answers.
    message_id      INTEGER NOT NULL UNIQUE REFERENCES chat_messages (id),
    state           TEXT NOT NULL CHECK (state IN ('waiting', 'ready', 'unavailable')),
    reply           TEXT,
    -- JSON array of the readable names of the tools Optimly ran.
    tools           TEXT,
    last_error      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX assist_requests_waiting ON assist_requests (chat_id, id) WHERE state = 'waiting';
CREATE INDEX assist_requests_by_chat ON assist_requests (chat_id, id);
