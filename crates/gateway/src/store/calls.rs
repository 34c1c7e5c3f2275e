//! Calls and the offers made to agents.

use std::sync::LazyLock;

use protocol::api::{CallState, CallTransfer, CallView, EndReason, LegOutcome};
use sqlx::SqliteConnection;

use super::now_ms;

/// A call with its queue, as read for the agent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallRow {
    /// Call id.
    pub id: i64,
    /// Telephony id.
    pub external_id: String,
    /// `ringing`, `active` or `ended`.
    pub state: String,
    /// E.164 caller number.
    pub caller_phone: Option<String>,
    /// Caller number for people.
    pub caller_display: String,
    /// Dialled number.
    pub destination_phone: String,
    /// Session type.
    pub session_type: String,
    /// Agent the PBX asked for.
    pub requested_agent_id: Option<i64>,
    /// Agent it rings at.
    pub offered_agent_id: Option<i64>,
    /// Since when it rings there.
    pub offered_at: Option<i64>,
    /// Agent who answered.
    pub agent_id: Option<i64>,
    /// Start of ringing (Unix ms).
    pub started_at: i64,
    /// Answer time.
    pub answered_at: Option<i64>,
    /// End time.
    pub ended_at: Option<i64>,
    /// `caller_hung_up`, `agent_hung_up`, `abandoned`.
    pub end_reason: Option<String>,
    /// Queue id.
    pub queue_id: Option<i64>,
    /// Queue name.
    pub queue_name: Option<String>,
    /// Queue path.
    pub queue_path: Option<String>,
    /// On hold.
    pub on_hold: bool,
    /// Hold time accumulated before the current hold (ms).
    pub hold_ms: i64,
    /// Start of the current hold.
    pub hold_started_at: Option<i64>,
    /// Recording paused.
    pub redacted: bool,
    /// Caller context status, when a lookup exists.
    pub context_status: Option<String>,
    /// Why the context is unavailable.
    pub context_reason: Option<String>,
    /// Caller context matches (JSON).
    pub context_matches: Option<String>,
    /// The latest transfer (JSON [`CallTransfer`]).
    pub transfer: Option<String>,
}

/// The columns of a [`CallRow`].
///
/// Queries of calls that are not over repeat `state <> 'ended'`, the condition of the
/// `calls_open` partial index: SQLite uses a partial index only for a query whose `WHERE`
/// has that term, and without it every call ever taken is scanned.
const CALL_SELECT: &str = "SELECT c.id, c.external_id, c.state, c.caller_phone, c.caller_display, \
     c.destination_phone, c.session_type, c.requested_agent_id, c.offered_agent_id, c.offered_at, \
     c.agent_id, c.started_at, c.answered_at, c.ended_at, c.end_reason, \
     c.on_hold, c.hold_ms, c.hold_started_at, c.redacted, \
     q.id AS queue_id, q.name AS queue_name, q.path AS queue_path, \
     x.status AS context_status, x.reason AS context_reason, x.matches AS context_matches, \
     c.transfer \
     FROM calls c LEFT JOIN queues q ON q.id = c.queue_id \
     LEFT JOIN call_contexts x ON x.call_id = c.id";

impl CallRow {
    /// The call's state (a corrupt spelling reads as ended, which stops any further action).
    pub fn state(&self) -> CallState {
        match self.state.as_str() {
            "ringing" => CallState::Ringing,
            "active" => CallState::Active,
            _ => CallState::Ended,
        }
    }

    /// The latest transfer, when the call was transferred (a corrupt value reads as none).
    pub fn transfer(&self) -> Option<CallTransfer> {
        self.transfer
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
    }

    /// What the agent sees.
    pub fn view(&self) -> CallView {
        let queue = super::queue_ref(self.queue_id, &self.queue_name, &self.queue_path);
        CallView {
            id: self.id as u64,
            external_id: self.external_id.clone(),
            state: self.state(),
            caller_phone: self.caller_phone.clone(),
            caller_display: self.caller_display.clone(),
            destination_phone: self.destination_phone.clone(),
            queue,
            session_type: self.session_type.clone(),
            started_at: self.started_at,
            answered_at: self.answered_at,
            ended_at: self.ended_at,
            end_reason: self.end_reason.as_deref().and_then(parse_end_reason),
            on_hold: self.on_hold,
            hold_ms: self.hold_ms,
            hold_started_at: self.hold_started_at,
            redacted: self.redacted,
            context: super::contexts::from_columns(
                self.context_status.as_deref(),
                self.context_reason.clone(),
                self.context_matches.as_deref(),
            ),
            transfer: self.transfer(),
        }
    }
}

fn parse_end_reason(value: &str) -> Option<EndReason> {
    match value {
        "caller_hung_up" => Some(EndReason::CallerHungUp),
        "agent_hung_up" => Some(EndReason::AgentHungUp),
        "abandoned" => Some(EndReason::Abandoned),
        _ => None,
    }
}

fn end_reason_str(reason: EndReason) -> &'static str {
    match reason {
        EndReason::CallerHungUp => "caller_hung_up",
        EndReason::AgentHungUp => "agent_hung_up",
        EndReason::Abandoned => "abandoned",
    }
}

/// A new ringing call, as validated from the telephony webhook.
#[derive(Clone, Debug)]
pub struct NewCall {
    /// Telephony id.
    pub external_id: String,
    /// E.164 caller number.
    pub caller_phone: Option<String>,
    /// Caller number for people.
    pub caller_display: String,
    /// Dialled number.
    pub destination_phone: String,
    /// Queue id.
    pub queue_id: u64,
    /// Session type.
    pub session_type: String,
    /// Agent the PBX asked for.
    pub requested_agent_id: Option<u64>,
    /// Start of ringing (Unix ms).
    pub started_at: i64,
}

/// Inserts a ringing call and returns its id, or `None` (and changes nothing) when a call with
/// its `external_id` is already stored. One statement, so that a first delivery costs no
/// separate look-up.
pub async fn insert_new(
    conn: &mut SqliteConnection,
    call: &NewCall,
) -> Result<Option<u64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO calls (external_id, state, caller_phone, caller_display, destination_phone, \
             queue_id, session_type, requested_agent_id, started_at, received_at) \
         VALUES (?, 'ringing', ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (external_id) DO NOTHING RETURNING id",
    )
    .bind(&call.external_id)
    .bind(&call.caller_phone)
    .bind(&call.caller_display)
    .bind(&call.destination_phone)
    .bind(call.queue_id as i64)
    .bind(&call.session_type)
    .bind(call.requested_agent_id.map(|id| id as i64))
    .bind(call.started_at)
    .bind(now_ms())
    .fetch_optional(conn)
    .await?;
    Ok(id.map(|id| id as u64))
}

/// The call with this id.
pub async fn by_id(conn: &mut SqliteConnection, id: u64) -> Result<Option<CallRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CALL_SELECT} WHERE c.id = ?"))
        .bind(id as i64)
        .fetch_optional(conn)
        .await
}

/// The call's view as stored now, read again after a change (`call` as it was if the row is
/// gone).
pub async fn current_view(
    conn: &mut SqliteConnection,
    call: &CallRow,
) -> Result<CallView, sqlx::Error> {
    Ok(by_id(conn, call.id as u64)
        .await?
        .as_ref()
        .unwrap_or(call)
        .view())
}

/// The call with this telephony id.
pub async fn by_external_id(
    conn: &mut SqliteConnection,
    external_id: &str,
) -> Result<Option<CallRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CALL_SELECT} WHERE c.external_id = ?"))
        .bind(external_id)
        .fetch_optional(conn)
        .await
}

/// Calls ringing at `agent_id` or in progress with them, oldest first.
pub async fn current_for_agent(
    conn: &mut SqliteConnection,
    agent_id: u64,
) -> Result<Vec<CallRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CALL_SELECT} WHERE c.state <> 'ended' AND c.state IN ('ringing', 'active') \
             AND ((c.state = 'ringing' AND c.offered_agent_id = ?1) \
             OR (c.state = 'active' AND c.agent_id = ?1)) ORDER BY c.id"
    ))
    .bind(agent_id as i64)
    .fetch_all(conn)
    .await
}

/// True when a ringing call waits for an agent (one lookup in `calls_open`).
const ANY_WAITING: &str = "EXISTS (SELECT 1 FROM calls WHERE state <> 'ended' \
     AND state = 'ringing' AND offered_agent_id IS NULL)";

/// Whether a ringing call waits for an agent.
pub async fn any_waiting(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT {ANY_WAITING}"))
        .fetch_one(conn)
        .await
}

/// Ringing calls that no agent is being offered, oldest first.
pub async fn waiting(conn: &mut SqliteConnection) -> Result<Vec<CallRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CALL_SELECT} WHERE c.state <> 'ended' AND c.state = 'ringing' \
             AND c.offered_agent_id IS NULL ORDER BY c.id"
    ))
    .fetch_all(conn)
    .await
}

/// Ringing calls offered before `cutoff` (Unix ms).
pub async fn offers_older_than(
    conn: &mut SqliteConnection,
    cutoff: i64,
) -> Result<Vec<CallRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CALL_SELECT} WHERE c.state <> 'ended' AND c.state = 'ringing' \
             AND c.offered_agent_id IS NOT NULL \
             AND c.offered_at < ? ORDER BY c.id"
    ))
    .bind(cutoff)
    .fetch_all(conn)
    .await
}

/// The terms agent `a` meets when free to take a call: active, available, logged in (a
/// session valid at parameter `now`), nothing ringing at them or in progress with them, not
/// in after-call work that ended after parameter `after_call_cutoff`. Each open-call question
/// is a `NOT EXISTS` of its own, one lookup in its partial index; asked as one `OR` of the
/// two columns, SQLite read every open call for every agent.
fn free_agent_terms(now: &str, after_call_cutoff: &str) -> String {
    format!(
        "a.active = 1 AND a.status = 'available' \
         AND EXISTS (SELECT 1 FROM sessions s WHERE s.agent_id = a.id AND s.expires_at > {now}) \
         AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.offered_agent_id = a.id \
              AND c.state <> 'ended') \
         AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.agent_id = a.id AND c.state <> 'ended') \
         AND NOT EXISTS (SELECT 1 FROM call_legs l WHERE l.agent_id = a.id \
              AND l.wrapped_up_at IS NULL AND l.ended_at > {after_call_cutoff})"
    )
}

/// [`pick_agent`]'s statement: ?1 queue, ?2 requested agent, ?3 now, ?4 call, ?5 retry
/// cut-off, ?6 after-call cut-off.
pub(crate) static PICK_AGENT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT a.id FROM agents a WHERE {} \
           AND (a.id = ?2 OR EXISTS (SELECT 1 FROM queue_agents qa \
                WHERE qa.queue_id = ?1 AND qa.agent_id = a.id)) \
           AND (?2 IS NULL OR a.id = ?2 OR NOT EXISTS \
                (SELECT 1 FROM agents r WHERE r.id = ?2 AND r.status = 'available' AND r.active = 1)) \
           AND NOT EXISTS (SELECT 1 FROM call_offers o WHERE o.call_id = ?4 AND o.agent_id = a.id \
                AND o.closed_at > ?5) \
         ORDER BY (a.id = ?2) DESC, a.idle_since, a.id LIMIT 1",
        free_agent_terms("?3", "?6")
    )
});

/// [`free_agents_for_waiting_calls`]'s statement: ?1 now, ?2 after-call cut-off.
pub(crate) static FREE_AGENTS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT CASE WHEN {ANY_WAITING} THEN \
             (SELECT COUNT(*) FROM agents a WHERE {}) ELSE 0 END",
        free_agent_terms("?1", "?2")
    )
});

/// The longest-idle agent who may take `call` now: active, logged in, available, serving the
/// call's queue (or the agent the call asks for), with nothing ringing or in progress, not in
/// after-call work that ended after `after_call_cutoff`, and who has not declined or missed this
/// call since `retry_after` (times in Unix ms).
pub async fn pick_agent(
    conn: &mut SqliteConnection,
    call: &CallRow,
    retry_after: i64,
    after_call_cutoff: i64,
) -> Result<Option<u64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(&PICK_AGENT)
        .bind(call.queue_id)
        .bind(call.requested_agent_id)
        .bind(now_ms())
        .bind(call.id)
        .bind(retry_after)
        .bind(after_call_cutoff)
        .fetch_optional(conn)
        .await?;
    Ok(id.map(|id| id as u64))
}

/// How many agents could take a waiting call now (available, logged in, nothing ringing or
/// in progress, not in after-call work that ended after `after_call_cutoff`), whatever their
/// queues; 0 when no call waits. Either way one statement: the agents (the available ones, by
/// the `agents_available` index) are counted only when a call waits, so a status change with
/// nothing to route costs one index lookup however many agents there are.
pub async fn free_agents_for_waiting_calls(
    conn: &mut SqliteConnection,
    after_call_cutoff: i64,
) -> Result<u32, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(&FREE_AGENTS)
        .bind(now_ms())
        .bind(after_call_cutoff)
        .fetch_one(conn)
        .await?;
    Ok(count as u32)
}

/// Rings the call at `agent_id`.
pub async fn offer(
    conn: &mut SqliteConnection,
    call_id: u64,
    agent_id: u64,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query("UPDATE calls SET offered_agent_id = ?, offered_at = ? WHERE id = ?")
        .bind(agent_id as i64)
        .bind(now)
        .bind(call_id as i64)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO call_offers (call_id, agent_id, offered_at) VALUES (?, ?, ?)")
        .bind(call_id as i64)
        .bind(agent_id as i64)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Stops ringing the call at its current agent, recording why (`answered`, `declined`,
/// `ring_timeout`, `ended`).
pub async fn close_offer(
    conn: &mut SqliteConnection,
    call_id: u64,
    outcome: &str,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "UPDATE call_offers SET outcome = ?, closed_at = ? \
         WHERE call_id = ? AND closed_at IS NULL",
    )
    .bind(outcome)
    .bind(now)
    .bind(call_id as i64)
    .execute(&mut *conn)
    .await?;
    if outcome != "answered" {
        sqlx::query("UPDATE calls SET offered_agent_id = NULL, offered_at = NULL WHERE id = ?")
            .bind(call_id as i64)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Marks the call answered by `agent_id`.
pub async fn answer(
    conn: &mut SqliteConnection,
    call_id: u64,
    agent_id: u64,
) -> Result<(), sqlx::Error> {
    close_offer(&mut *conn, call_id, "answered").await?;
    let now = now_ms();
    sqlx::query("UPDATE calls SET state = 'active', agent_id = ?, answered_at = ? WHERE id = ?")
        .bind(agent_id as i64)
        .bind(now)
        .bind(call_id as i64)
        .execute(&mut *conn)
        .await?;
    super::legs::open(conn, call_id, agent_id, now).await
}

/// Ends the call.
pub async fn end(
    conn: &mut SqliteConnection,
    call_id: u64,
    reason: EndReason,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE call_offers SET outcome = 'ended', closed_at = ? \
         WHERE call_id = ? AND closed_at IS NULL",
    )
    .bind(now_ms())
    .bind(call_id as i64)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE calls SET state = 'ended', ended_at = ?1, end_reason = ?2, on_hold = 0, \
             hold_ms = hold_ms + CASE WHEN on_hold = 1 THEN ?1 - hold_started_at ELSE 0 END, \
             hold_started_at = NULL, redacted = 0 \
         WHERE id = ?3",
    )
    .bind(now_ms())
    .bind(end_reason_str(reason))
    .bind(call_id as i64)
    .execute(&mut *conn)
    .await?;
    super::legs::close(conn, call_id, LegOutcome::Ended, None).await
}

/// Hands the call in progress over: it rings again, at `to_agent` first when given, in
/// `to_queue` (or its own queue) otherwise. The current agent's part ends as transferred;
/// finished hold time is kept and the hold and recording pause end.
pub async fn transfer(
    conn: &mut SqliteConnection,
    call_id: u64,
    transfer: &CallTransfer,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(transfer).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "UPDATE calls SET state = 'ringing', agent_id = NULL, answered_at = NULL, \
             offered_agent_id = NULL, offered_at = NULL, requested_agent_id = ?2, \
             queue_id = COALESCE(?3, queue_id), transfer = ?4, on_hold = 0, \
             hold_ms = hold_ms + CASE WHEN on_hold = 1 THEN ?1 - hold_started_at ELSE 0 END, \
             hold_started_at = NULL, redacted = 0 \
         WHERE id = ?5",
    )
    .bind(now_ms())
    .bind(transfer.to_agent.as_ref().map(|a| a.id as i64))
    .bind(transfer.to_queue.as_ref().map(|q| q.id as i64))
    .bind(json)
    .bind(call_id as i64)
    .execute(&mut *conn)
    .await?;
    super::legs::close(
        conn,
        call_id,
        LegOutcome::Transferred,
        Some(&transfer.destination()),
    )
    .await
}

/// Stops asking for a particular agent: the call rings at anyone of its queue.
pub async fn clear_requested_agent(
    conn: &mut SqliteConnection,
    call_id: u64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE calls SET requested_agent_id = NULL WHERE id = ?")
        .bind(call_id as i64)
        .execute(conn)
        .await?;
    Ok(())
}

/// Puts the caller on hold or resumes, adding the finished hold to the call's hold time.
/// Returns false when nothing changed.
pub async fn set_hold(
    conn: &mut SqliteConnection,
    call_id: u64,
    on_hold: bool,
) -> Result<bool, sqlx::Error> {
    let statement = if on_hold {
        "UPDATE calls SET on_hold = 1, hold_started_at = ?1 WHERE id = ?2 AND on_hold = 0"
    } else {
        "UPDATE calls SET on_hold = 0, hold_ms = hold_ms + (?1 - hold_started_at), \
             hold_started_at = NULL WHERE id = ?2 AND on_hold = 1"
    };
    let done = sqlx::query(statement)
        .bind(now_ms())
        .bind(call_id as i64)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Pauses or resumes the recording. Returns false when nothing changed.
pub async fn set_redacted(
    conn: &mut SqliteConnection,
    call_id: u64,
    redacted: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE calls SET redacted = ?1 WHERE id = ?2 AND redacted <> ?1")
        .bind(redacted)
        .bind(call_id as i64)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Per queue: calls waiting for an answer.
pub async fn waiting_per_queue(
    conn: &mut SqliteConnection,
) -> Result<Vec<(u64, u32)>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT queue_id, COUNT(*) FROM calls WHERE state <> 'ended' AND state = 'ringing' \
         AND queue_id IS NOT NULL \
         GROUP BY queue_id",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(q, n)| (q as u64, n as u32))
        .collect())
}
