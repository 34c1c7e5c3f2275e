-- Transfers and after-call work.

-- The latest cold transfer of a call (JSON protocol::api::CallTransfer), shown to the agent it
-- goes to and used for Party_Added when they answer.
ALTER TABLE calls ADD COLUMN transfer TEXT;

-- Each agent's part in a call: from their answer to their hang-up or transfer, then the
-- wrap-up (disposition and notes) they save. While a part is over but not wrapped up, the agent
-- is in after-call work and is offered no new call for `wrap_up.after_call_secs`.
CREATE TABLE call_legs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id        INTEGER NOT NULL REFERENCES calls (id),
    agent_id       INTEGER NOT NULL REFERENCES agents (id),
    answered_at    INTEGER NOT NULL,
    ended_at       INTEGER,
    outcome        TEXT CHECK (outcome IN ('ended', 'transferred')),
    transferred_to TEXT,
    disposition    TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    wrapped_up_at  INTEGER
);
CREATE INDEX call_legs_by_call ON call_legs (call_id, agent_id);
CREATE INDEX call_legs_pending ON call_legs (agent_id) WHERE wrapped_up_at IS NULL;
