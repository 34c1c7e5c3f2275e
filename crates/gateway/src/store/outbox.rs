//! The outbox table: webhook events waiting for delivery, delivered, or given up (dead
//! letters).

use protocol::aimylogic::WebhookEvent;
use protocol::chat::DeadLetter;
use sqlx::SqliteConnection;

use super::now_ms;

/// One queued delivery.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    /// Outbox id.
    pub id: i64,
    /// Operator API channel whose webhook it goes to.
    pub channel_id: String,
    /// The chat it belongs to.
    pub chat_id: i64,
    /// The transcript line it reports, if any.
    pub message_id: Option<i64>,
    /// `TextMessage`, `FileMessage`, `Closed`, `SelectDestination`.
    pub event_type: String,
    /// The JSON body.
    pub payload: String,
    /// Attempts made so far.
    pub attempts: i64,
    /// When it was queued.
    pub created_at: i64,
    /// When it becomes a dead letter if still undelivered.
    pub expires_at: i64,
}

const OUTBOX_COLUMNS: &str =
    "id, channel_id, chat_id, message_id, event_type, payload, attempts, created_at, expires_at";

/// Queues `event` for the webhook of `channel_id`; it may be retried for `window_ms`.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    channel_id: &str,
    chat_id: u64,
    message_id: Option<u64>,
    event: &WebhookEvent,
    window_ms: i64,
) -> Result<u64, sqlx::Error> {
    let payload = serde_json::to_string(event).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (channel_id, chat_id, message_id, event_type, payload, state, \
             next_attempt_at, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
    )
    .bind(channel_id)
    .bind(chat_id as i64)
    .bind(message_id.map(|id| id as i64))
    .bind(event.type_name())
    .bind(payload)
    .bind(now)
    .bind(now)
    .bind(now.saturating_add(window_ms))
    .fetch_one(conn)
    .await?;
    Ok(id as u64)
}

/// Pending deliveries that are due now and are the oldest pending one of their chat (so a later
/// event never overtakes an earlier one of the same chat), oldest first, at most `limit`.
pub async fn due_heads(
    conn: &mut SqliteConnection,
    limit: u32,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox o WHERE o.state = 'pending' \
             AND o.next_attempt_at <= ? \
             AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.state = 'pending' \
                 AND e.chat_id = o.chat_id AND e.id < o.id) \
         ORDER BY o.id LIMIT ?"
    ))
    .bind(now_ms())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Dead letters, newest first, at most `limit`.
pub async fn dead_letters(
    conn: &mut SqliteConnection,
    limit: u32,
) -> Result<Vec<DeadLetter>, sqlx::Error> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        i64,
        String,
        i64,
        String,
        String,
        i64,
        Option<String>,
        i64,
        Option<i64>,
    )> = sqlx::query_as(
        "SELECT id, channel_id, chat_id, event_type, payload, attempts, last_error, \
                 created_at, finished_at FROM outbox WHERE state = 'dead' \
             ORDER BY id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, channel, chat_id, event_type, payload, attempts, last_error, created, failed)| {
                DeadLetter {
                    id: id as u64,
                    channel,
                    chat_id: Some(chat_id as u64),
                    event_type,
                    payload: serde_json::from_str(&payload)
                        .unwrap_or(serde_json::Value::String(payload)),
                    attempts: attempts as u32,
                    last_error,
                    created_at: created,
                    failed_at: failed.unwrap_or(created),
                }
            },
        )
        .collect())
}
