//! Each agent's part in a call (a leg) and its wrap-up.

use protocol::api::{LegOutcome, WrapUpView};
use sqlx::SqliteConnection;

use super::now_ms;

/// A leg with what its wrap-up shows.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LegRow {
    /// Leg id.
    pub id: i64,
    /// The call.
    pub call_id: i64,
    /// The agent.
    pub agent_id: i64,
    /// When the agent answered.
    pub answered_at: i64,
    /// When their part ended.
    pub ended_at: Option<i64>,
    /// `ended` or `transferred`.
    pub outcome: Option<String>,
    /// For transfers: where the call went, for people.
    pub transferred_to: Option<String>,
    /// Saved disposition code.
    pub disposition: Option<String>,
    /// Saved notes.
    pub notes: String,
    /// When the wrap-up was saved.
    pub wrapped_up_at: Option<i64>,
    /// The call's caller, for people.
    pub caller_display: String,
    /// The call's queue id.
    pub queue_id: Option<i64>,
    /// Its name.
    pub queue_name: Option<String>,
    /// Its path.
    pub queue_path: Option<String>,
}

const LEG_SELECT: &str = "SELECT l.id, l.call_id, l.agent_id, l.answered_at, l.ended_at, \
     l.outcome, l.transferred_to, l.disposition, l.notes, l.wrapped_up_at, c.caller_display, \
     q.id AS queue_id, q.name AS queue_name, q.path AS queue_path \
     FROM call_legs l JOIN calls c ON c.id = l.call_id LEFT JOIN queues q ON q.id = c.queue_id";

impl LegRow {
    /// The wrap-up as the agent sees it.
    pub fn view(&self) -> WrapUpView {
        let queue = super::queue_ref(self.queue_id, &self.queue_name, &self.queue_path);
        WrapUpView {
            call_id: self.call_id as u64,
            caller_display: self.caller_display.clone(),
            queue,
            answered_at: self.answered_at,
            ended_at: self.ended_at.unwrap_or(self.answered_at),
            outcome: match self.outcome.as_deref() {
                Some("transferred") => LegOutcome::Transferred,
                _ => LegOutcome::Ended,
            },
            transferred_to: self.transferred_to.clone(),
            disposition: self.disposition.clone(),
            notes: self.notes.clone(),
            saved_at: self.wrapped_up_at,
        }
    }
}

/// Starts `agent_id`'s part in the call.
pub async fn open(
    conn: &mut SqliteConnection,
    call_id: u64,
    agent_id: u64,
    answered_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO call_legs (call_id, agent_id, answered_at) VALUES (?, ?, ?)")
        .bind(call_id as i64)
        .bind(agent_id as i64)
        .bind(answered_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends the open part of the call (there is at most one), if any.
pub async fn close(
    conn: &mut SqliteConnection,
    call_id: u64,
    outcome: LegOutcome,
    transferred_to: Option<&str>,
) -> Result<(), sqlx::Error> {
    let outcome = match outcome {
        LegOutcome::Ended => "ended",
        LegOutcome::Transferred => "transferred",
    };
    sqlx::query(
        "UPDATE call_legs SET ended_at = ?, outcome = ?, transferred_to = ? \
         WHERE call_id = ? AND ended_at IS NULL",
    )
    .bind(now_ms())
    .bind(outcome)
    .bind(transferred_to)
    .bind(call_id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// The finished parts of `agent_id` whose wrap-up is not saved, oldest first.
pub async fn pending_for_agent(
    conn: &mut SqliteConnection,
    agent_id: u64,
) -> Result<Vec<LegRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LEG_SELECT} WHERE l.agent_id = ? AND l.ended_at IS NOT NULL \
             AND l.wrapped_up_at IS NULL ORDER BY l.id"
    ))
    .bind(agent_id as i64)
    .fetch_all(conn)
    .await
}

/// `agent_id`'s latest finished part in the call.
pub async fn latest_finished(
    conn: &mut SqliteConnection,
    call_id: u64,
    agent_id: u64,
) -> Result<Option<LegRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LEG_SELECT} WHERE l.call_id = ? AND l.agent_id = ? AND l.ended_at IS NOT NULL \
         ORDER BY l.id DESC LIMIT 1"
    ))
    .bind(call_id as i64)
    .bind(agent_id as i64)
    .fetch_optional(conn)
    .await
}

/// Saves (or corrects) the wrap-up of leg `leg_id`; the first save time is kept.
pub async fn save_wrap_up(
    conn: &mut SqliteConnection,
    leg_id: i64,
    disposition: &str,
    notes: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE call_legs SET disposition = ?, notes = ?, \
             wrapped_up_at = COALESCE(wrapped_up_at, ?) WHERE id = ?",
    )
    .bind(disposition)
    .bind(notes)
    .bind(now_ms())
    .bind(leg_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Agents in after-call work: a part ended after `cutoff` (Unix ms) without a saved wrap-up.
pub async fn agents_in_after_call_work(
    conn: &mut SqliteConnection,
    cutoff: i64,
) -> Result<Vec<u64>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT agent_id FROM call_legs \
         WHERE wrapped_up_at IS NULL AND ended_at > ? ORDER BY agent_id",
    )
    .bind(cutoff)
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(|id| id as u64).collect())
}

/// Every leg of a call, in order.
pub async fn for_call(
    conn: &mut SqliteConnection,
    call_id: u64,
) -> Result<Vec<LegRow>, sqlx::Error> {
    sqlx::query_as(&format!("{LEG_SELECT} WHERE l.call_id = ? ORDER BY l.id"))
        .bind(call_id as i64)
        .fetch_all(conn)
        .await
}
