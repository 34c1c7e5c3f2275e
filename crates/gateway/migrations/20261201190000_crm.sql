-- The CRM side of sessions, and the durable queue of CRM calls (the outbox of the generic
-- CRM API: per session in order, retried with backoff, dead letters kept).

-- One row per call or chat that has a CRM flow: `session` is `call:{id}` or `chat:{id}`.
CREATE TABLE crm_sessions (
    session         TEXT PRIMARY KEY,
    -- The agent whose widget is told about it (the one handling the session now).
    agent_id        INTEGER REFERENCES agents (id),
    state           TEXT NOT NULL
        CHECK (state IN ('pending', 'retrying', 'ready', 'failed', 'not_configured')),
    account_id      TEXT,
    record_id       TEXT,
    -- The account was created for this session (no contact was found).
    account_created INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE crm_jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    session         TEXT NOT NULL,
    -- `link`, `comment`, `update`, `upload`.
    step            TEXT NOT NULL,
    -- The step and the session's variables (JSON); emptied once delivered.
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX crm_jobs_pending ON crm_jobs (session, id) WHERE state = 'pending';
CREATE INDEX crm_jobs_dead ON crm_jobs (id) WHERE state = 'dead';
