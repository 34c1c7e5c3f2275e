-- Session files (metadata JSON, chat transcripts) due for the configured storage: one row per
-- session and kind, so each file is scheduled once and written once, also across restarts.
CREATE TABLE session_files (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- `call:{id}` / `chat:{id}`.
    session     TEXT NOT NULL,
    -- `metadata` or `transcript`.
    kind        TEXT NOT NULL CHECK (kind IN ('metadata', 'transcript')),
    -- Object path inside the storage, e.g. `metadata/call-7.json`.
    path        TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('due', 'written')),
    due_at      INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    written_at  INTEGER,
    UNIQUE (session, kind)
);
CREATE INDEX session_files_due ON session_files (due_at) WHERE state = 'due';
