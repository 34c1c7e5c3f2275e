//! Suggestion requests (`assist_requests`, one per customer message) and the Optimly
//! conversation of each chat (`optimly_conversations`).

use protocol::assist::{AssistState, Suggestion};
use sqlx::SqliteConnection;

use super::now_ms;

/// One suggestion request.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AssistRow {
    /// Request id (the suggestion's id once ready).
    pub id: i64,
    /// The chat.
    pub chat_id: i64,
    /// The customer message.
    pub message_id: i64,
    /// `waiting`, `ready` or `unavailable`.
    pub state: String,
    /// The suggested reply, when ready.
    pub reply: Option<String>,
    /// JSON array of tool names.
    pub tools: Option<String>,
    /// Why it is unavailable, or the last rate-limit pause.
    pub last_error: Option<String>,
    /// Attempts so far.
    pub attempts: i64,
}

const COLUMNS: &str = "id, chat_id, message_id, state, reply, tools, last_error, attempts";

impl AssistRow {
    /// The state as the agent sees it.
    pub fn state(&self) -> AssistState {
        match self.state.as_str() {
            "ready" => AssistState::Ready,
            "unavailable" => AssistState::Unavailable,
            _ => AssistState::Waiting,
        }
    }

    /// The suggestion, when ready.
    pub fn suggestion(&self) -> Option<Suggestion> {
        let text = self.reply.clone().filter(|_| self.state == "ready")?;
        Some(Suggestion {
            id: self.id as u64,
            message_id: self.message_id as u64,
            text,
            tools: self
                .tools
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default(),
        })
    }
}

/// Asks for a suggestion for `message_id` (again, when one was asked before: it waits anew).
pub async fn request(
    conn: &mut SqliteConnection,
    chat_id: u64,
    message_id: u64,
) -> Result<AssistRow, sqlx::Error> {
    let now = now_ms();
    sqlx::query_as(&format!(
        "INSERT INTO assist_requests (chat_id, message_id, state, attempts, next_attempt_at, \
             created_at, updated_at) VALUES (?, ?, 'waiting', 0, ?, ?, ?) \
         ON CONFLICT (message_id) DO UPDATE SET state = 'waiting', reply = NULL, tools = NULL, \
             last_error = NULL, attempts = 0, next_attempt_at = excluded.next_attempt_at, \
             updated_at = excluded.updated_at \
         RETURNING {COLUMNS}"
    ))
    .bind(chat_id as i64)
    .bind(message_id as i64)
    .bind(now)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The oldest waiting request of each chat whose turn has come, at most `limit` (a chat's
/// requests go to Optimly in order: its conversation follows the customer's messages).
pub async fn due_heads(
    conn: &mut SqliteConnection,
    limit: u32,
) -> Result<Vec<AssistRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM assist_requests a WHERE a.state = 'waiting' \
             AND a.next_attempt_at <= ? \
             AND NOT EXISTS (SELECT 1 FROM assist_requests e WHERE e.state = 'waiting' \
                 AND e.chat_id = a.chat_id AND e.id < a.id) \
         ORDER BY a.id LIMIT ?"
    ))
    .bind(now_ms())
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The newest request of a chat.
pub async fn latest(
    conn: &mut SqliteConnection,
    chat_id: u64,
) -> Result<Option<AssistRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM assist_requests WHERE chat_id = ? ORDER BY id DESC LIMIT 1"
    ))
    .bind(chat_id as i64)
    .fetch_optional(conn)
    .await
}

/// Records the suggestion of request `id`.
pub async fn mark_ready(
    conn: &mut SqliteConnection,
    id: u64,
    reply: &str,
    tools: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assist_requests SET state = 'ready', reply = ?, tools = ?, last_error = NULL, \
             attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'waiting'",
    )
    .bind(reply)
    .bind(serde_json::to_string(tools).unwrap_or_else(|_| "[]".into()))
    .bind(now_ms())
    .bind(id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that request `id` gets no suggestion, and why.
pub async fn mark_unavailable(
    conn: &mut SqliteConnection,
    id: u64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assist_requests SET state = 'unavailable', last_error = ?, \
             attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'waiting'",
    )
    .bind(error)
    .bind(now_ms())
    .bind(id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// Puts request `id` back in line until `next_attempt_at` (Optimly's rate limit).
pub async fn mark_later(
    conn: &mut SqliteConnection,
    id: u64,
    error: &str,
    next_attempt_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assist_requests SET last_error = ?, attempts = attempts + 1, \
             next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'waiting'",
    )
    .bind(error)
    .bind(next_attempt_at)
    .bind(now_ms())
    .bind(id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// The Optimly conversation of a chat, once created.
pub async fn conversation(
    conn: &mut SqliteConnection,
    chat_id: u64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT conversation_id FROM optimly_conversations WHERE chat_id = ?")
        .bind(chat_id as i64)
        .fetch_optional(conn)
        .await
}

/// Keeps `conversation_id` as the chat's Optimly conversation (replacing a lost one).
pub async fn set_conversation(
    conn: &mut SqliteConnection,
    chat_id: u64,
    conversation_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO optimly_conversations (chat_id, conversation_id, created_at) \
         VALUES (?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET \
             conversation_id = excluded.conversation_id, created_at = excluded.created_at",
    )
    .bind(chat_id as i64)
    .bind(conversation_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// How many requests wait, for `/metrics`.
pub async fn waiting_count(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM assist_requests WHERE state = 'waiting'")
        .fetch_one(conn)
        .await
}

/// The id of the newest customer message of a chat.
pub async fn latest_inbound(
    conn: &mut SqliteConnection,
    chat_id: u64,
) -> Result<Option<u64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM chat_messages WHERE chat_id = ? AND direction = 'inbound' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(chat_id as i64)
    .fetch_optional(conn)
    .await?;
    Ok(id.map(|id| id as u64))
}
