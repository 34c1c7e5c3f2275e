//! The per-agent stream events table.

use protocol::stream::{StreamEnvelope, StreamEvent};
use sqlx::SqliteConnection;

use super::now_ms;

/// Appends `event` for `agent_id` and returns its id.
pub async fn append(
    conn: &mut SqliteConnection,
    agent_id: u64,
    event: &StreamEvent,
) -> Result<u64, sqlx::Error> {
    let payload = serde_json::to_string(event).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO stream_events (agent_id, payload, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(agent_id as i64)
    .bind(payload)
    .bind(now_ms())
    .fetch_one(conn)
    .await?;
    Ok(id as u64)
}

/// Events of `agent_id` with an id greater than `after`, oldest first, at most `limit`.
pub async fn since(
    conn: &mut SqliteConnection,
    agent_id: u64,
    after: u64,
    limit: u32,
) -> Result<Vec<StreamEnvelope>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, payload FROM stream_events WHERE agent_id = ? AND id > ? ORDER BY id LIMIT ?",
    )
    .bind(agent_id as i64)
    .bind(after as i64)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, payload)| {
            let event =
                serde_json::from_str(&payload).map_err(|e| sqlx::Error::Decode(e.into()))?;
            Ok(StreamEnvelope {
                id: id as u64,
                event,
            })
        })
        .collect()
}

/// The newest event id of the whole store (0 when empty).
pub async fn last_id(conn: &mut SqliteConnection) -> Result<u64, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM stream_events")
        .fetch_one(conn)
        .await?;
    Ok(id.unwrap_or(0) as u64)
}
