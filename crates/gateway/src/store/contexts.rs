//! Caller context per call (Optico matches with webhook updates applied), the map from Optico
//! call ids to ours, and webhook updates that arrived before their call was known.

use protocol::api::{CallerContext, ContextStatus};
use protocol::optico::{CallMatch, RealtimeData};
use sqlx::SqliteConnection;

use super::now_ms;

/// The stored spelling of a status.
fn status_str(status: ContextStatus) -> &'static str {
    match status {
        ContextStatus::Loading => "loading",
        ContextStatus::Ready => "ready",
        ContextStatus::Unavailable => "unavailable",
    }
}

/// Rebuilds a context from its stored columns (`None` when the columns are absent).
pub fn from_columns(
    status: Option<&str>,
    reason: Option<String>,
    matches: Option<&str>,
) -> Option<CallerContext> {
    let status = match status? {
        "loading" => ContextStatus::Loading,
        "ready" => ContextStatus::Ready,
        _ => ContextStatus::Unavailable,
    };
    let matches = matches
        .and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or_default();
    Some(CallerContext {
        status,
        reason,
        matches,
    })
}

/// Stores the context of a call, replacing what was there.
pub async fn save(
    conn: &mut SqliteConnection,
    call_id: u64,
    context: &CallerContext,
) -> Result<(), sqlx::Error> {
    let matches =
        serde_json::to_string(&context.matches).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO call_contexts (call_id, status, reason, matches, updated_at) \
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id) DO UPDATE SET status = excluded.status, \
             reason = excluded.reason, matches = excluded.matches, updated_at = excluded.updated_at",
    )
    .bind(call_id as i64)
    .bind(status_str(context.status))
    .bind(&context.reason)
    .bind(matches)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// The context of a call.
pub async fn load(
    conn: &mut SqliteConnection,
    call_id: u64,
) -> Result<Option<CallerContext>, sqlx::Error> {
    let row: Option<(String, Option<String>, String)> =
        sqlx::query_as("SELECT status, reason, matches FROM call_contexts WHERE call_id = ?")
            .bind(call_id as i64)
            .fetch_optional(conn)
            .await?;
    Ok(row
        .and_then(|(status, reason, matches)| from_columns(Some(&status), reason, Some(&matches))))
}

/// Records which of our calls each matched Optico call belongs to.
pub async fn map_optico_calls(
    conn: &mut SqliteConnection,
    call_id: u64,
    matches: &[CallMatch],
) -> Result<(), sqlx::Error> {
    for found in matches {
        sqlx::query(
            "INSERT INTO optico_calls (optico_call_id, call_id) VALUES (?, ?) \
             ON CONFLICT (optico_call_id) DO UPDATE SET call_id = excluded.call_id",
        )
        .bind(found.call.id as i64)
        .bind(call_id as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Our call for an Optico call id.
pub async fn call_for_optico(
    conn: &mut SqliteConnection,
    optico_call_id: u64,
) -> Result<Option<u64>, sqlx::Error> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT call_id FROM optico_calls WHERE optico_call_id = ?")
            .bind(optico_call_id as i64)
            .fetch_optional(conn)
            .await?;
    Ok(id.map(|id| id as u64))
}

/// Keeps an update for an Optico call id that no call has yet.
pub async fn keep_pending(
    conn: &mut SqliteConnection,
    data: &RealtimeData,
) -> Result<(), sqlx::Error> {
    let payload = serde_json::to_string(data).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO optico_pending (optico_call_id, payload, received_at) VALUES (?, ?, ?)",
    )
    .bind(data.call_id as i64)
    .bind(payload)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes and returns the kept updates for these Optico call ids, oldest first.
pub async fn take_pending(
    conn: &mut SqliteConnection,
    optico_call_ids: &[u64],
) -> Result<Vec<RealtimeData>, sqlx::Error> {
    let mut updates = Vec::new();
    for id in optico_call_ids {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT payload FROM optico_pending WHERE optico_call_id = ? ORDER BY id",
        )
        .bind(*id as i64)
        .fetch_all(&mut *conn)
        .await?;
        sqlx::query("DELETE FROM optico_pending WHERE optico_call_id = ?")
            .bind(*id as i64)
            .execute(&mut *conn)
            .await?;
        updates.extend(rows.iter().filter_map(|p| serde_json::from_str(p).ok()));
    }
    Ok(updates)
}
