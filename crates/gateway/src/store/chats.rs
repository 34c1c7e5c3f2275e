//! Chats, their transcripts and offers, and the webhook URL of each Operator API channel.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use protocol::api::QueueRef;
use protocol::chat::{
    ChatFile, ChatMessage, ChatState, ChatView, ClosedBy, DeliveryState, MessageDirection,
};
use serde_json::{Map, Value};
use sqlx::SqliteConnection;

use super::now_ms;

/// A chat with its queue.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ChatRow {
    /// Chat id.
    pub id: i64,
    /// Operator API channel.
    pub channel_id: String,
    /// Aimylogic client id.
    pub user_id: String,
    /// Name shown to the agent.
    pub user_name: String,
    /// `queued`, `offered`, `active` or `closed`.
    pub state: String,
    /// Session type.
    pub session_type: String,
    /// Pre-chat attributes (JSON object).
    pub attributes: String,
    /// Bot's custom data (JSON object).
    pub custom_data: Option<String>,
    /// Agent it is offered to.
    pub offered_agent_id: Option<i64>,
    /// Since when.
    pub offered_at: Option<i64>,
    /// Agent who accepted it.
    pub agent_id: Option<i64>,
    /// Handoff time.
    pub created_at: i64,
    /// Acceptance time.
    pub accepted_at: Option<i64>,
    /// Close time.
    pub closed_at: Option<i64>,
    /// `customer` or `agent`.
    pub closed_by: Option<String>,
    /// When the agent dismissed the closed chat's tab.
    pub dismissed_at: Option<i64>,
    /// Queue id.
    pub queue_id: i64,
    /// Queue name.
    pub queue_name: String,
    /// Queue path.
    pub queue_path: String,
}

const CHAT_SELECT: &str = "SELECT c.id, c.channel_id, c.user_id, c.user_name, c.state, \
     c.session_type, c.attributes, c.custom_data, c.offered_agent_id, c.offered_at, c.agent_id, \
     c.created_at, c.accepted_at, c.closed_at, c.closed_by, c.dismissed_at, \
     q.id AS queue_id, q.name AS queue_name, q.path AS queue_path \
     FROM chats c JOIN queues q ON q.id = c.queue_id";

impl ChatRow {
    /// The chat's state (a corrupt spelling reads as closed, which stops any further action).
    pub fn state(&self) -> ChatState {
        ChatState::parse(&self.state).unwrap_or(ChatState::Closed)
    }

    /// The agent the chat's events go to: who handles it, else who it is offered to.
    pub fn concerned_agent(&self) -> Option<u64> {
        self.agent_id.or(self.offered_agent_id).map(|id| id as u64)
    }

    /// Its queue.
    pub fn queue(&self) -> QueueRef {
        QueueRef {
            id: self.queue_id as u64,
            name: self.queue_name.clone(),
            path: self.queue_path.clone(),
        }
    }

    /// What the agent sees, with `messages` as the transcript.
    pub fn view(&self, messages: Vec<ChatMessage>) -> ChatView {
        ChatView {
            id: self.id as u64,
            channel: self.channel_id.clone(),
            user_id: self.user_id.clone(),
            user_name: self.user_name.clone(),
            queue: self.queue(),
            state: self.state(),
            session_type: self.session_type.clone(),
            attributes: attributes_for_display(&self.attributes),
            custom_data: self
                .custom_data
                .as_deref()
                .and_then(|text| serde_json::from_str(text).ok()),
            created_at: self.created_at,
            accepted_at: self.accepted_at,
            closed_at: self.closed_at,
            closed_by: match self.closed_by.as_deref() {
                Some("customer") => Some(ClosedBy::Customer),
                Some("agent") => Some(ClosedBy::Agent),
                _ => None,
            },
            messages,
        }
    }
}

/// Attribute values as text: strings as they are, anything else as its JSON.
fn attributes_for_display(json: &str) -> BTreeMap<String, String> {
    let map: Map<String, Value> = serde_json::from_str(json).unwrap_or_default();
    map.into_iter()
        .map(|(key, value)| {
            let text = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            (key, text)
        })
        .collect()
}

/// A transcript line as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MessageRow {
    /// Message id.
    pub id: i64,
    /// Chat id.
    pub chat_id: i64,
    /// `inbound`, `outbound` or `system`.
    pub direction: String,
    /// Text.
    pub text: String,
    /// File link.
    pub file_url: Option<String>,
    /// File name.
    pub file_name: Option<String>,
    /// File size.
    pub file_size: Option<i64>,
    /// Agent who wrote it.
    pub agent_id: Option<i64>,
    /// Delivery to Aimylogic.
    pub delivery: Option<String>,
    /// Content hash of a client message.
    pub fingerprint: Option<String>,
    /// When.
    pub created_at: i64,
}

const MESSAGE_SELECT: &str = "SELECT id, chat_id, direction, text, file_url, file_name, \
     file_size, agent_id, delivery, fingerprint, created_at FROM chat_messages";

impl MessageRow {
    /// What the agent sees.
    pub fn message(&self) -> ChatMessage {
        ChatMessage {
            id: self.id as u64,
            direction: match self.direction.as_str() {
                "inbound" => MessageDirection::Inbound,
                "outbound" => MessageDirection::Outbound,
                _ => MessageDirection::System,
            },
            text: self.text.clone(),
            file: self.file_url.as_ref().map(|url| ChatFile {
                url: url.clone(),
                name: self.file_name.clone(),
                size: self.file_size.map(|s| s as u64),
            }),
            agent_id: self.agent_id.map(|id| id as u64),
            delivery: self.delivery.as_deref().and_then(DeliveryState::parse),
            created_at: self.created_at,
        }
    }
}

/// A chat to create from `selectDestination`.
#[derive(Clone, Debug)]
pub struct NewChat {
    /// Operator API channel.
    pub channel_id: String,
    /// Aimylogic client id.
    pub user_id: String,
    /// Name shown to the agent.
    pub user_name: String,
    /// Destination queue.
    pub queue_id: u64,
    /// Session type.
    pub session_type: String,
    /// Pre-chat attributes.
    pub attributes: Map<String, Value>,
    /// Hidden pre-chat attributes.
    pub hidden_attributes: Map<String, Value>,
    /// Custom data.
    pub custom_data: Option<Map<String, Value>>,
}

/// Inserts a queued chat and returns its id.
pub async fn insert(conn: &mut SqliteConnection, chat: &NewChat) -> Result<u64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO chats (channel_id, user_id, user_name, queue_id, state, session_type, \
             attributes, hidden_attributes, custom_data, created_at) \
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&chat.channel_id)
    .bind(&chat.user_id)
    .bind(&chat.user_name)
    .bind(chat.queue_id as i64)
    .bind(&chat.session_type)
    .bind(Value::Object(chat.attributes.clone()).to_string())
    .bind(Value::Object(chat.hidden_attributes.clone()).to_string())
    .bind(
        chat.custom_data
            .clone()
            .map(|c| Value::Object(c).to_string()),
    )
    .bind(now_ms())
    .fetch_one(conn)
    .await?;
    Ok(id as u64)
}

/// The chat with this id.
pub async fn by_id(conn: &mut SqliteConnection, id: u64) -> Result<Option<ChatRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CHAT_SELECT} WHERE c.id = ?"))
        .bind(id as i64)
        .fetch_optional(conn)
        .await
}

/// The newest chat of a client on a channel, open or not.
pub async fn latest_for_user(
    conn: &mut SqliteConnection,
    channel_id: &str,
    user_id: &str,
) -> Result<Option<ChatRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CHAT_SELECT} WHERE c.channel_id = ? AND c.user_id = ? ORDER BY c.id DESC LIMIT 1"
    ))
    .bind(channel_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// What a repeated client delivery is recognised by: the chat's newest transcript line.
#[derive(Clone, Debug)]
pub struct LastLine {
    /// Message id.
    pub id: i64,
    /// `inbound`, `outbound` or `system`.
    pub direction: String,
    /// Content hash of a client message.
    pub fingerprint: Option<String>,
    /// When.
    pub created_at: i64,
}

/// A chat with its newest transcript line (the line's columns are NULL when it has none).
#[derive(sqlx::FromRow)]
struct ChatWithLastLine {
    #[sqlx(flatten)]
    chat: ChatRow,
    last_id: Option<i64>,
    last_direction: Option<String>,
    last_fingerprint: Option<String>,
    last_created_at: Option<i64>,
}

/// The latest chat of `user_id` on a channel, with its newest transcript line, in one query
/// (what every client delivery reads first).
pub async fn latest_for_user_with_last_line(
    conn: &mut SqliteConnection,
    channel_id: &str,
    user_id: &str,
) -> Result<Option<(ChatRow, Option<LastLine>)>, sqlx::Error> {
    // Built once: every client message runs it.
    static STATEMENT: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT chat.*, m.id AS last_id, m.direction AS last_direction, \
                 m.fingerprint AS last_fingerprint, m.created_at AS last_created_at \
             FROM ({CHAT_SELECT} WHERE c.channel_id = ? AND c.user_id = ? \
                 ORDER BY c.id DESC LIMIT 1) chat \
             LEFT JOIN chat_messages m \
                 ON m.id = (SELECT MAX(id) FROM chat_messages WHERE chat_id = chat.id)"
        )
    });
    let row: Option<ChatWithLastLine> = sqlx::query_as(&STATEMENT)
        .bind(channel_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|row| {
        let last = match (row.last_id, row.last_direction, row.last_created_at) {
            (Some(id), Some(direction), Some(created_at)) => Some(LastLine {
                id,
                direction,
                fingerprint: row.last_fingerprint,
                created_at,
            }),
            _ => None,
        };
        (row.chat, last)
    }))
}

/// The transcript, oldest first.
pub async fn messages(
    conn: &mut SqliteConnection,
    chat_id: u64,
) -> Result<Vec<ChatMessage>, sqlx::Error> {
    let rows: Vec<MessageRow> =
        sqlx::query_as(&format!("{MESSAGE_SELECT} WHERE chat_id = ? ORDER BY id"))
            .bind(chat_id as i64)
            .fetch_all(conn)
            .await?;
    Ok(rows.iter().map(MessageRow::message).collect())
}

/// The chat's view with its transcript, as stored now.
pub async fn view(conn: &mut SqliteConnection, chat_id: u64) -> Result<ChatView, sqlx::Error> {
    let row = by_id(&mut *conn, chat_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let messages = messages(conn, chat_id).await?;
    Ok(row.view(messages))
}

/// The message with this id.
pub async fn message_by_id(
    conn: &mut SqliteConnection,
    id: u64,
) -> Result<Option<MessageRow>, sqlx::Error> {
    sqlx::query_as(&format!("{MESSAGE_SELECT} WHERE id = ?"))
        .bind(id as i64)
        .fetch_optional(conn)
        .await
}

/// A transcript line to append.
#[derive(Clone, Debug, Default)]
pub struct NewMessage {
    /// Chat id.
    pub chat_id: u64,
    /// Direction (wire spelling).
    pub direction: &'static str,
    /// Text.
    pub text: String,
    /// File link.
    pub file_url: Option<String>,
    /// File name.
    pub file_name: Option<String>,
    /// File size.
    pub file_size: Option<u64>,
    /// Token of an agent's file served at `/files/{token}`.
    pub file_token: Option<String>,
    /// Agent who wrote it.
    pub agent_id: Option<u64>,
    /// Initial delivery state, for what goes to Aimylogic.
    pub delivery: Option<DeliveryState>,
    /// Content hash of a client message.
    pub fingerprint: Option<String>,
}

/// Appends a line to a transcript and returns it.
pub async fn add_message(
    conn: &mut SqliteConnection,
    message: &NewMessage,
) -> Result<MessageRow, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO chat_messages (chat_id, direction, text, file_url, file_name, file_size, \
             file_token, agent_id, delivery, fingerprint, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         RETURNING id, chat_id, direction, text, file_url, file_name, file_size, agent_id, \
             delivery, fingerprint, created_at",
    )
    .bind(message.chat_id as i64)
    .bind(message.direction)
    .bind(&message.text)
    .bind(&message.file_url)
    .bind(&message.file_name)
    .bind(message.file_size.map(|s| s as i64))
    .bind(&message.file_token)
    .bind(message.agent_id.map(|id| id as i64))
    .bind(message.delivery.map(DeliveryState::as_str))
    .bind(&message.fingerprint)
    .bind(now_ms())
    .fetch_one(conn)
    .await
}

/// Sets a message's delivery state; returns false when it already had it.
pub async fn set_delivery(
    conn: &mut SqliteConnection,
    message_id: u64,
    delivery: DeliveryState,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE chat_messages SET delivery = ?1 WHERE id = ?2 AND delivery IS NOT ?1")
            .bind(delivery.as_str())
            .bind(message_id as i64)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// An agent's file by its download token: `(file name, size)`.
pub async fn file_by_token(
    conn: &mut SqliteConnection,
    token: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT file_name, file_size FROM chat_messages \
         WHERE file_token = ? AND file_name IS NOT NULL AND file_size IS NOT NULL",
    )
    .bind(token)
    .fetch_optional(conn)
    .await
}

/// Chats offered to `agent_id`, in progress with them, or closed with them and not dismissed,
/// oldest first.
pub async fn current_for_agent(
    conn: &mut SqliteConnection,
    agent_id: u64,
) -> Result<Vec<ChatRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CHAT_SELECT} WHERE (c.state = 'offered' AND c.offered_agent_id = ?1) \
             OR (c.agent_id = ?1 AND (c.state = 'active' \
                 OR (c.state = 'closed' AND c.dismissed_at IS NULL))) ORDER BY c.id"
    ))
    .bind(agent_id as i64)
    .fetch_all(conn)
    .await
}

/// Chats waiting for an agent, oldest first.
pub async fn queued(conn: &mut SqliteConnection) -> Result<Vec<ChatRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CHAT_SELECT} WHERE c.state = 'queued' ORDER BY c.id"
    ))
    .fetch_all(conn)
    .await
}

/// Chats offered before `cutoff` (Unix ms).
pub async fn offers_older_than(
    conn: &mut SqliteConnection,
    cutoff: i64,
) -> Result<Vec<ChatRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CHAT_SELECT} WHERE c.state = 'offered' AND c.offered_at < ? ORDER BY c.id"
    ))
    .bind(cutoff)
    .fetch_all(conn)
    .await
}

/// Chats in progress with an agent who went offline or was removed from the configuration.
pub async fn active_with_offline_agents(
    conn: &mut SqliteConnection,
) -> Result<Vec<ChatRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CHAT_SELECT} JOIN agents a ON a.id = c.agent_id \
         WHERE c.state = 'active' AND (a.status = 'offline' OR a.active = 0) ORDER BY c.id"
    ))
    .fetch_all(conn)
    .await
}

/// Chats offered to an agent who is no longer available or logged in.
pub async fn offers_to_unavailable_agents(
    conn: &mut SqliteConnection,
) -> Result<Vec<ChatRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CHAT_SELECT} JOIN agents a ON a.id = c.offered_agent_id          WHERE c.state = 'offered' AND (a.status <> 'available' OR a.active = 0              OR NOT EXISTS (SELECT 1 FROM sessions s WHERE s.agent_id = a.id                  AND s.expires_at > ?)) ORDER BY c.id"
    ))
    .bind(now_ms())
    .fetch_all(conn)
    .await
}

/// [`pick_agent`]'s statement: ?1 queue, ?2 now, ?3 chat capacity, ?4 chat, ?5 retry cut-off.
pub(crate) const PICK_AGENT: &str = "SELECT a.id FROM agents a JOIN queue_agents qa ON qa.agent_id = a.id \
         WHERE qa.queue_id = ?1 AND a.active = 1 AND a.status = 'available' \
           AND EXISTS (SELECT 1 FROM sessions s WHERE s.agent_id = a.id AND s.expires_at > ?2) \
           AND NOT EXISTS (SELECT 1 FROM chats o WHERE o.state = 'offered' \
                AND o.offered_agent_id = a.id) \
           AND (SELECT COUNT(*) FROM chats w WHERE w.state = 'active' AND w.agent_id = a.id) < ?3 \
           AND NOT EXISTS (SELECT 1 FROM chat_offers f WHERE f.chat_id = ?4 AND f.agent_id = a.id \
                AND (f.closed_at > ?5 OR f.outcome = 'transferred')) \
         ORDER BY (SELECT COUNT(*) FROM chats w WHERE w.state = 'active' AND w.agent_id = a.id), \
             COALESCE((SELECT MAX(f.offered_at) FROM chat_offers f WHERE f.agent_id = a.id), 0), \
             a.idle_since, a.id \
         LIMIT 1";

/// The agent a queued chat goes to: active, logged in, available, serving the chat's queue,
/// with no other chat being offered to them and fewer than `capacity` chats in progress, who
/// has not declined or missed this chat since `retry_after` (Unix ms) and never transferred it
/// away. Among those, the one
/// with the fewest chats in progress, then the one who was offered a chat longest ago.
pub async fn pick_agent(
    conn: &mut SqliteConnection,
    chat: &ChatRow,
    retry_after: i64,
    capacity: u32,
) -> Result<Option<u64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(PICK_AGENT)
        .bind(chat.queue_id)
        .bind(now_ms())
        .bind(i64::from(capacity))
        .bind(chat.id)
        .bind(retry_after)
        .fetch_optional(conn)
        .await?;
    Ok(id.map(|id| id as u64))
}

/// Per queue: whether an agent of it is logged in and available.
pub async fn queues_with_online_agents(
    conn: &mut SqliteConnection,
) -> Result<Vec<u64>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT qa.queue_id FROM queue_agents qa JOIN agents a ON a.id = qa.agent_id \
         WHERE a.active = 1 AND a.status = 'available' \
           AND EXISTS (SELECT 1 FROM sessions s WHERE s.agent_id = a.id AND s.expires_at > ?)",
    )
    .bind(now_ms())
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(|id| id as u64).collect())
}

/// Offers the chat to `agent_id`.
pub async fn offer(
    conn: &mut SqliteConnection,
    chat_id: u64,
    agent_id: u64,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "UPDATE chats SET state = 'offered', offered_agent_id = ?, offered_at = ? WHERE id = ?",
    )
    .bind(agent_id as i64)
    .bind(now)
    .bind(chat_id as i64)
    .execute(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO chat_offers (chat_id, agent_id, offered_at) VALUES (?, ?, ?)")
        .bind(chat_id as i64)
        .bind(agent_id as i64)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends the open offer of a chat, recording why (`accepted`, `declined`, `offer_timeout`,
/// `closed`). Unless accepted, the chat goes back to waiting.
pub async fn close_offer(
    conn: &mut SqliteConnection,
    chat_id: u64,
    outcome: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE chat_offers SET outcome = ?, closed_at = ? WHERE chat_id = ? AND closed_at IS NULL",
    )
    .bind(outcome)
    .bind(now_ms())
    .bind(chat_id as i64)
    .execute(&mut *conn)
    .await?;
    if outcome != "accepted" && outcome != "closed" {
        sqlx::query(
            "UPDATE chats SET state = 'queued', offered_agent_id = NULL, offered_at = NULL \
             WHERE id = ? AND state = 'offered'",
        )
        .bind(chat_id as i64)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Marks the chat accepted by `agent_id`.
pub async fn accept(
    conn: &mut SqliteConnection,
    chat_id: u64,
    agent_id: u64,
) -> Result<(), sqlx::Error> {
    close_offer(&mut *conn, chat_id, "accepted").await?;
    sqlx::query(
        "UPDATE chats SET state = 'active', agent_id = ?, accepted_at = ?, \
             offered_agent_id = NULL, offered_at = NULL WHERE id = ?",
    )
    .bind(agent_id as i64)
    .bind(now_ms())
    .bind(chat_id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// Closes the chat. An agent it was only offered to becomes its agent, so that they see it
/// end and can dismiss it.
pub async fn close(
    conn: &mut SqliteConnection,
    chat_id: u64,
    by: ClosedBy,
) -> Result<(), sqlx::Error> {
    close_offer(&mut *conn, chat_id, "closed").await?;
    sqlx::query(
        "UPDATE chats SET state = 'closed', closed_at = ?, closed_by = ?, \
             agent_id = COALESCE(agent_id, offered_agent_id), \
             offered_agent_id = NULL, offered_at = NULL WHERE id = ?",
    )
    .bind(now_ms())
    .bind(match by {
        ClosedBy::Customer => "customer",
        ClosedBy::Agent => "agent",
    })
    .bind(chat_id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves an accepted chat to another queue, waiting for one of its agents other than
/// `from_agent_id`, who transferred it.
pub async fn transfer(
    conn: &mut SqliteConnection,
    chat_id: u64,
    queue_id: u64,
    from_agent_id: u64,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO chat_offers (chat_id, agent_id, offered_at, outcome, closed_at) \
         VALUES (?, ?, ?, 'transferred', ?)",
    )
    .bind(chat_id as i64)
    .bind(from_agent_id as i64)
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    requeue(conn, chat_id, queue_id).await
}

/// Puts a chat back in `queue_id`, waiting for one of its agents.
pub async fn requeue(
    conn: &mut SqliteConnection,
    chat_id: u64,
    queue_id: u64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE chats SET state = 'queued', queue_id = ?, agent_id = NULL, accepted_at = NULL, \
             offered_agent_id = NULL, offered_at = NULL WHERE id = ?",
    )
    .bind(queue_id as i64)
    .bind(chat_id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that the agent dismissed the closed chat's tab; false when already dismissed.
pub async fn dismiss(conn: &mut SqliteConnection, chat_id: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE chats SET dismissed_at = ? WHERE id = ? AND state = 'closed' \
             AND dismissed_at IS NULL",
    )
    .bind(now_ms())
    .bind(chat_id as i64)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the webhook URL a channel set.
pub async fn set_webhook(
    conn: &mut SqliteConnection,
    channel_id: &str,
    url: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO operator_channels (id, webhook_url, updated_at) VALUES (?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET webhook_url = excluded.webhook_url, \
             updated_at = excluded.updated_at",
    )
    .bind(channel_id)
    .bind(url)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// The webhook URL of a channel, once set.
pub async fn webhook_url(
    conn: &mut SqliteConnection,
    channel_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT webhook_url FROM operator_channels WHERE id = ?")
        .bind(channel_id)
        .fetch_optional(conn)
        .await
}
