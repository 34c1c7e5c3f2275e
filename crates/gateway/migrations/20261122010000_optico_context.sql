-- Caller context from Optico, per call.
CREATE TABLE call_contexts (
    call_id    INTEGER PRIMARY KEY REFERENCES calls (id),
    status     TEXT NOT NULL CHECK (status IN ('loading', 'ready', 'unavailable')),
    reason     TEXT,
    -- JSON array of protocol::optico::CallMatch, webhook updates applied.
    matches    TEXT NOT NULL DEFAULT '[]',
    updated_at INTEGER NOT NULL
);

-- Which of our calls an Optico callId belongs to (webhooks are routed by it).
CREATE TABLE optico_calls (
    optico_call_id INTEGER PRIMARY KEY,
    call_id        INTEGER NOT NULL REFERENCES calls (id)
);

-- Webhook updates for an Optico callId we do not know yet, applied when the lookup returns.
CREATE TABLE optico_pending (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    optico_call_id INTEGER NOT NULL,
    payload        TEXT NOT NULL,
    received_at    INTEGER NOT NULL
);
CREATE INDEX optico_pending_by_call ON optico_pending (optico_call_id, id);
