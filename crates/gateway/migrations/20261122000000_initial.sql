-- Queues and agents mirror the configuration (synchronised at start); the rest is state.

CREATE TABLE queues (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL
);

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    custom_id     TEXT,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'offline',
    status_since  INTEGER NOT NULL,
    -- When the agent last became free for a new call (longest-idle routing).
    idle_since    INTEGER NOT NULL,
    -- 0 once the agent is removed from the configuration.
    active        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE queue_agents (
    queue_id INTEGER NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (queue_id, agent_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id   INTEGER NOT NULL REFERENCES agents (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_agent ON sessions (agent_id);

CREATE TABLE stream_tickets (
    ticket_hash  TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL,
    agent_id     INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);

CREATE TABLE calls (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id        TEXT NOT NULL UNIQUE,
    state              TEXT NOT NULL CHECK (state IN ('ringing', 'active', 'ended')),
    caller_phone       TEXT,
    caller_display     TEXT NOT NULL,
    destination_phone  TEXT NOT NULL,
    queue_id           INTEGER REFERENCES queues (id),
    session_type       TEXT NOT NULL,
    requested_agent_id INTEGER REFERENCES agents (id),
    offered_agent_id   INTEGER REFERENCES agents (id),
    offered_at         INTEGER,
    agent_id           INTEGER REFERENCES agents (id),
    started_at         INTEGER NOT NULL,
    received_at        INTEGER NOT NULL,
    answered_at        INTEGER,
    ended_at           INTEGER,
    end_reason         TEXT
);
CREATE INDEX calls_open ON calls (state, id) WHERE state <> 'ended';

-- Every time a call rang at an agent, and how that ended.
CREATE TABLE call_offers (
    call_id    INTEGER NOT NULL REFERENCES calls (id),
    agent_id   INTEGER NOT NULL REFERENCES agents (id),
    offered_at INTEGER NOT NULL,
    outcome    TEXT,
    closed_at  INTEGER
);
CREATE INDEX call_offers_by_call ON call_offers (call_id, agent_id);

-- The per-agent realtime stream, replayable by id.
CREATE TABLE stream_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX stream_events_by_agent ON stream_events (agent_id, id);
