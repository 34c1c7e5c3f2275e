-- Session outcome emails (seed 004 "CRM record update by email"): one row per successfully
-- finished session whose queue sends its outcome, scheduled in the same transaction as the
-- session's end, sent by the outcome email worker once it is due, retried until its window ends.
CREATE TABLE outcome_emails (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- `call:{id}` / `chat:{id}`: one email per session.
    session         TEXT NOT NULL UNIQUE,
    -- The address resolved from the global and queue settings when the session ended.
    recipient       TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- The end of the session plus the configured delay, then the next retry.
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX outcome_emails_pending ON outcome_emails (next_attempt_at) WHERE state = 'pending';
