-- Chats handed off by Aimylogic bots through the Operator API, their transcripts, and the
-- durable outbox of events for Aimylogic's webhooks.

-- The webhook each Operator API channel set (`setWebhook`).
CREATE TABLE operator_channels (
    id          TEXT PRIMARY KEY,
    webhook_url TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE chats (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id        TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    -- The bot's userName, or `{channel} {userId}`.
    user_name         TEXT NOT NULL,
    queue_id          INTEGER NOT NULL REFERENCES queues (id),
    state             TEXT NOT NULL CHECK (state IN ('queued', 'offered', 'active', 'closed')),
    session_type      TEXT NOT NULL,
    -- JSON objects from selectDestination; hidden_attributes never leave the gateway.
    attributes        TEXT NOT NULL DEFAULT '{}',
    hidden_attributes TEXT NOT NULL DEFAULT '{}',
    custom_data       TEXT,
    offered_agent_id  INTEGER REFERENCES agents (id),
    offered_at        INTEGER,
    agent_id          INTEGER REFERENCES agents (id),
    created_at        INTEGER NOT NULL,
    accepted_at       INTEGER,
    closed_at         INTEGER,
    closed_by         TEXT CHECK (closed_by IN ('customer', 'agent')),
    dismissed_at      INTEGER
);
-- A client has at most one open chat per channel: the Operator API addresses it by userId.
CREATE UNIQUE INDEX chats_open_per_user ON chats (channel_id, user_id) WHERE state <> 'closed';
CREATE INDEX chats_by_user ON chats (channel_id, user_id, id);
CREATE INDEX chats_by_agent ON chats (agent_id, state);

-- Every time a chat was offered to an agent, and how that ended.
CREATE TABLE chat_offers (
    chat_id    INTEGER NOT NULL REFERENCES chats (id),
    agent_id   INTEGER NOT NULL REFERENCES agents (id),
    offered_at INTEGER NOT NULL,
    outcome    TEXT,
    closed_at  INTEGER
);
CREATE INDEX chat_offers_by_chat ON chat_offers (chat_id, agent_id);
CREATE INDEX chat_offers_by_agent ON chat_offers (agent_id, offered_at);

CREATE TABLE chat_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL REFERENCES chats (id),
    direction   TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'system')),
    text        TEXT NOT NULL,
    file_url    TEXT,
    file_name   TEXT,
    file_size   INTEGER,
    -- For the agent's files: the random token of `/files/{token}` (and the file's name on disk).
    file_token  TEXT UNIQUE,
    agent_id    INTEGER REFERENCES agents (id),
    -- For what is sent to Aimylogic: pending, delivered, retrying, failed.
    delivery    TEXT,
    -- SHA-256 of a client message's content, to recognise a repeated delivery.
    fingerprint TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX chat_messages_by_chat ON chat_messages (chat_id, id);

-- Events for Aimylogic's webhooks, written in the same transaction as the change they report
-- and delivered in order per chat by the outbox worker.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id      TEXT NOT NULL,
    chat_id         INTEGER NOT NULL REFERENCES chats (id),
    message_id      INTEGER REFERENCES chat_messages (id),
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox (chat_id, id) WHERE state = 'pending';
CREATE INDEX outbox_dead ON outbox (id) WHERE state = 'dead';
