//! The CRM tables: each session's account and record, and the queue of CRM calls.

use protocol::crm::{CrmDeadLetter, CrmLookupState, CrmSessionRef};
use sqlx::SqliteConnection;

use super::now_ms;

/// The key of a session in the CRM tables.
pub fn key(session: CrmSessionRef) -> String {
    match session {
        CrmSessionRef::Call(id) => format!("call:{id}"),
        CrmSessionRef::Chat(id) => format!("chat:{id}"),
    }
}

/// The session of a key.
pub fn parse_key(key: &str) -> Option<CrmSessionRef> {
    let (kind, id) = key.split_once(':')?;
    let id = id.parse().ok()?;
    match kind {
        "call" => Some(CrmSessionRef::Call(id)),
        "chat" => Some(CrmSessionRef::Chat(id)),
        _ => None,
    }
}

/// The CRM side of a session.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CrmSessionRow {
    /// `call:{id}` / `chat:{id}`.
    pub session: String,
    /// Agent told about it.
    pub agent_id: Option<i64>,
    /// Lookup state.
    pub state: String,
    /// Account id.
    pub account_id: Option<String>,
    /// Record id.
    pub record_id: Option<String>,
    /// Created for this session.
    pub account_created: bool,
    /// Last failure.
    pub last_error: Option<String>,
}

impl CrmSessionRow {
    /// The typed state.
    pub fn lookup_state(&self) -> CrmLookupState {
        match self.state.as_str() {
            "retrying" => CrmLookupState::Retrying,
            "ready" => CrmLookupState::Ready,
            "failed" => CrmLookupState::Failed,
            "not_configured" => CrmLookupState::NotConfigured,
            _ => CrmLookupState::Pending,
        }
    }
}

fn state_name(state: CrmLookupState) -> &'static str {
    match state {
        CrmLookupState::Pending => "pending",
        CrmLookupState::Retrying => "retrying",
        CrmLookupState::Ready => "ready",
        CrmLookupState::Failed => "failed",
        CrmLookupState::NotConfigured => "not_configured",
    }
}

/// The CRM side of `session`, if it has one.
pub async fn session(
    conn: &mut SqliteConnection,
    session: &str,
) -> Result<Option<CrmSessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT session, agent_id, state, account_id, record_id, account_created, last_error \
         FROM crm_sessions WHERE session = ?",
    )
    .bind(session)
    .fetch_optional(conn)
    .await
}

/// Starts the CRM side of `session` for `agent_id` (a second start only changes the agent).
pub async fn open(
    conn: &mut SqliteConnection,
    session: &str,
    agent_id: u64,
    state: CrmLookupState,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO crm_sessions (session, agent_id, state, updated_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (session) DO UPDATE SET agent_id = excluded.agent_id, \
             updated_at = excluded.updated_at",
    )
    .bind(session)
    .bind(agent_id as i64)
    .bind(state_name(state))
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the account found or created.
pub async fn set_account(
    conn: &mut SqliteConnection,
    session: &str,
    account_id: &str,
    created: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE crm_sessions SET account_id = ?, account_created = ?, updated_at = ? \
         WHERE session = ?",
    )
    .bind(account_id)
    .bind(created)
    .bind(now_ms())
    .bind(session)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the record found or created.
pub async fn set_record(
    conn: &mut SqliteConnection,
    session: &str,
    record_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE crm_sessions SET record_id = ?, updated_at = ? WHERE session = ?")
        .bind(record_id)
        .bind(now_ms())
        .bind(session)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets the lookup state (and the failure, for retrying / failed).
pub async fn set_state(
    conn: &mut SqliteConnection,
    session: &str,
    state: CrmLookupState,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE crm_sessions SET state = ?, last_error = ?, updated_at = ? WHERE session = ?",
    )
    .bind(state_name(state))
    .bind(error)
    .bind(now_ms())
    .bind(session)
    .execute(conn)
    .await?;
    Ok(())
}

/// One queued CRM call.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CrmJobRow {
    /// Job id.
    pub id: i64,
    /// Session key.
    pub session: String,
    /// Step name.
    pub step: String,
    /// JSON payload.
    pub payload: String,
    /// Attempts so far.
    pub attempts: i64,
    /// Queued at.
    pub created_at: i64,
    /// Given up after.
    pub expires_at: i64,
}

/// Queues a step of `session`; it may be retried for `window_ms`.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    session: &str,
    step: &str,
    payload: &str,
    window_ms: i64,
) -> Result<u64, sqlx::Error> {
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO crm_jobs (session, step, payload, state, next_attempt_at, created_at, \
             expires_at) VALUES (?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
    )
    .bind(session)
    .bind(step)
    .bind(payload)
    .bind(now)
    .bind(now)
    .bind(now.saturating_add(window_ms))
    .fetch_one(conn)
    .await?;
    Ok(id as u64)
}

/// Due jobs that are the oldest pending one of their session, oldest first.
pub async fn due_heads(
    conn: &mut SqliteConnection,
    limit: u32,
) -> Result<Vec<CrmJobRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, session, step, payload, attempts, created_at, expires_at FROM crm_jobs j \
         WHERE j.state = 'pending' AND j.next_attempt_at <= ? \
             AND NOT EXISTS (SELECT 1 FROM crm_jobs e WHERE e.state = 'pending' \
                 AND e.session = j.session AND e.id < j.id) \
         ORDER BY j.id LIMIT ?",
    )
    .bind(now_ms())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// CRM dead letters, newest first, at most `limit`.
pub async fn dead_letters(
    conn: &mut SqliteConnection,
    limit: u32,
) -> Result<Vec<CrmDeadLetter>, sqlx::Error> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        i64,
        String,
        String,
        String,
        i64,
        Option<String>,
        i64,
        Option<i64>,
    )> = sqlx::query_as(
        "SELECT id, session, step, payload, attempts, last_error, created_at, finished_at \
             FROM crm_jobs WHERE state = 'dead' ORDER BY id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, session, step, payload, attempts, last_error, created, failed)| {
                Some(CrmDeadLetter {
                    id: id as u64,
                    session: parse_key(&session)?,
                    step,
                    payload: serde_json::from_str(&payload)
                        .unwrap_or(serde_json::Value::String(payload)),
                    attempts: attempts as u32,
                    last_error,
                    created_at: created,
                    failed_at: failed.unwrap_or(created),
                })
            },
        )
        .collect())
}

/// Prometheus gauges of the CRM job queue and the session files: waiting, given up, due.
pub async fn render_metrics(conn: &mut SqliteConnection) -> Result<String, sqlx::Error> {
    let jobs: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, COUNT(*) FROM crm_jobs WHERE state <> 'delivered' GROUP BY state",
    )
    .fetch_all(&mut *conn)
    .await?;
    let files: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_files WHERE state = 'due'")
        .fetch_one(&mut *conn)
        .await?;
    let count = |key: &str| jobs.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n);
    Ok(format!(
        "# HELP agent_adapter_crm_pending CRM calls waiting for delivery.\n\
         # TYPE agent_adapter_crm_pending gauge\n\
         agent_adapter_crm_pending {}\n\
         # HELP agent_adapter_crm_dead CRM calls given up.\n\
         # TYPE agent_adapter_crm_dead gauge\n\
         agent_adapter_crm_dead {}\n\
         # HELP agent_adapter_session_files_due Session files not written yet.\n\
         # TYPE agent_adapter_session_files_due gauge\n\
         agent_adapter_session_files_due {files}\n",
        count("pending"),
        count("dead"),
    ))
}
