-- Co-browse sessions reported by the provider's webhook, each in one call or chat.
CREATE TABLE cobrowse_sessions (
    id         TEXT PRIMARY KEY,
    -- `call:{id}` or `chat:{id}`.
    session    TEXT NOT NULL,
    -- The agent whose widget is told about it.
    agent_id   INTEGER NOT NULL REFERENCES agents (id),
    -- The session as the agent sees it (protocol::cobrowse::CobrowseView, JSON).
    view       TEXT NOT NULL,
    active     INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cobrowse_sessions_active ON cobrowse_sessions (agent_id) WHERE active = 1;
