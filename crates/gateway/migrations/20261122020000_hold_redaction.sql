-- Hold and recording pause (redaction) of calls in progress.
ALTER TABLE calls ADD COLUMN on_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN hold_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN hold_started_at INTEGER;
ALTER TABLE calls ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;
