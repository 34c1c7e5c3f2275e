//! Agent assist: an AI suggestion for every customer message of an accepted chat whose queue
//! has `assist = true`, from Optimly's `agent/v2`, pushed to the agent as `assist_updated`.
//!
//! A customer message asks for its suggestion in the same transaction that stores it
//! ([`request`]), so a restart never loses one. The worker ([`run`]) asks Optimly for each
//! chat's requests in order (one Optimly conversation per chat, created on first use with the
//! customer's id as `client_id`, created again if Optimly has lost it), several chats side by
//! side. Optimly's rate limit puts a request back in line until its turn; any other failure
//! (timeout, 5xx, a refusal) shows "assist unavailable" with the reason and the chat goes on.
//! Suggestions are never sent by themselves: the agent inserts, edits and sends.

use std::time::Duration;

use protocol::assist::{AssistState, AssistView};
use protocol::chat::ChatState;
use protocol::optimly::{AgentRequest, AgentResponse, tool_name};
use protocol::stream::StreamEvent;
use serde_json::{Map, Value};
use sqlx::SqliteConnection;

use crate::connectors::optimly::{OptimlyClient, OptimlyError};
use crate::state::AppState;
use crate::store::assist::{self as store, AssistRow};
use crate::store::{WriteTx, chats, now_ms};

/// How many chats' requests one pass takes.
const BATCH: u32 = 16;

/// How long the worker rests when nothing was due.
const IDLE: Duration = Duration::from_millis(100);

/// Whether the chats of queue `queue_id` get suggestions.
pub fn enabled_for(state: &AppState, queue_id: u64) -> bool {
    state.optimly.is_some() && state.settings.queue(queue_id).is_some_and(|q| q.assist)
}

/// The language of queue `queue_id` (`en` when unknown).
pub fn language(state: &AppState, queue_id: u64) -> String {
    state
        .settings
        .queue(queue_id)
        .map_or_else(|| "en".to_owned(), |q| q.language.clone())
}

/// Asks for a suggestion for the customer message `message_id` of `chat`, in the caller's
/// transaction, and tells the agent one is coming. Nothing happens when the chat is not in
/// progress or its queue has no assist.
pub async fn request(
    tx: &mut WriteTx,
    state: &AppState,
    chat: &chats::ChatRow,
    message_id: u64,
) -> Result<Option<AssistView>, sqlx::Error> {
    if chat.state() != ChatState::Active || !enabled_for(state, chat.queue_id as u64) {
        return Ok(None);
    }
    store::request(&mut tx.tx, chat.id as u64, message_id).await?;
    let view = view(&mut tx.tx, state, chat).await?;
    if let (Some(view), Some(agent_id)) = (&view, chat.concerned_agent()) {
        tx.emit(
            agent_id,
            StreamEvent::AssistUpdated {
                assist: view.clone(),
            },
        )
        .await?;
    }
    Ok(view)
}

/// The assist state of `chat`: its newest request, or `None` when it never had one.
pub async fn view(
    conn: &mut SqliteConnection,
    state: &AppState,
    chat: &chats::ChatRow,
) -> Result<Option<AssistView>, sqlx::Error> {
    let Some(latest) = store::latest(&mut *conn, chat.id as u64).await? else {
        return Ok(None);
    };
    let conversation_id = store::conversation(conn, chat.id as u64).await?;
    Ok(Some(view_of(state, chat, &latest, conversation_id)))
}

fn view_of(
    state: &AppState,
    chat: &chats::ChatRow,
    row: &AssistRow,
    conversation_id: Option<String>,
) -> AssistView {
    let assist_state = row.state();
    AssistView {
        chat_id: chat.id as u64,
        state: assist_state,
        suggestion: row.suggestion(),
        error: (assist_state == AssistState::Unavailable)
            .then(|| row.last_error.clone())
            .flatten(),
        conversation_id,
        language: language(state, chat.queue_id as u64),
    }
}

/// The `metadata` of `agent/v2` for `chat`: where the chat comes from and its pre-chat
/// attributes (hidden attributes are stored apart and never sent).
pub fn metadata(state: &AppState, chat: &chats::ChatRow) -> Map<String, Value> {
    let mut metadata = Map::new();
    if let Ok(Value::Object(attributes)) = serde_json::from_str::<Value>(&chat.attributes) {
        for (key, value) in attributes {
            metadata.insert(key, value);
        }
    }
    for (key, value) in [
        ("source", "agent-adapter".to_owned()),
        ("channel", chat.channel_id.clone()),
        ("queue", chat.queue_name.clone()),
        ("queue_path", chat.queue_path.clone()),
        ("language", language(state, chat.queue_id as u64)),
        ("session_type", chat.session_type.clone()),
    ] {
        metadata.insert(key.to_owned(), Value::String(value));
    }
    metadata
}

/// Background task: asks Optimly for due suggestions until the process stops.
pub async fn run(state: AppState, client: OptimlyClient) {
    crate::worker::poll("assist", IDLE, || pass(&state, &client)).await;
}

/// One pass: the due head of each chat, the chats side by side. Returns how many were
/// attempted.
pub async fn pass(state: &AppState, client: &OptimlyClient) -> Result<usize, sqlx::Error> {
    let heads = {
        let mut conn = state.store.read.acquire().await?;
        store::due_heads(&mut conn, BATCH).await?
    };
    let count = heads.len();
    let mut attempts = tokio::task::JoinSet::new();
    for row in heads {
        let (state, client) = (state.clone(), client.clone());
        attempts.spawn(async move { attempt(&state, &client, &row).await });
    }
    let mut failure = None;
    while let Some(joined) = attempts.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => failure = Some(error),
            Err(error) => tracing::error!(%error, "an assist task failed"),
        }
    }
    match failure {
        Some(error) if count <= 1 => Err(error),
        Some(error) => {
            tracing::error!(%error, "an assist outcome could not be recorded");
            Ok(count)
        }
        None => Ok(count),
    }
}

/// What asking Optimly gave: a conversation created on the way, and the reply or why none.
struct Asked {
    created: Option<String>,
    reply: Result<AgentResponse, OptimlyError>,
}

/// Asks for the suggestion of `row` and records the outcome.
#[tracing::instrument(skip_all, fields(assist_id = row.id, chat_id = row.chat_id))]
async fn attempt(
    state: &AppState,
    client: &OptimlyClient,
    row: &AssistRow,
) -> Result<(), sqlx::Error> {
    let (chat, message, conversation) = {
        let mut conn = state.store.read.acquire().await?;
        let chat = chats::by_id(&mut conn, row.chat_id as u64).await?;
        let message = chats::message_by_id(&mut conn, row.message_id as u64).await?;
        let conversation = store::conversation(&mut conn, row.chat_id as u64).await?;
        (chat, message, conversation)
    };
    let Some(chat) = chat else {
        return Ok(());
    };
    let asked = if chat.state() != ChatState::Active {
        None
    } else {
        let content = message
            .map(|m| {
                let m = m.message();
                match (m.text.trim().is_empty(), m.file) {
                    (true, Some(file)) => format!(
                        "[The customer sent a file: {}]",
                        file.name.unwrap_or(file.url)
                    ),
                    _ => m.text,
                }
            })
            .unwrap_or_default();
        Some(ask(state, client, &chat, conversation, content).await)
    };
    let mut tx = state.store.begin().await?;
    let id = row.id as u64;
    let mut tell = true;
    match asked {
        None => {
            store::mark_unavailable(&mut tx.tx, id, "The chat is no longer in progress.").await?;
        }
        Some(asked) => {
            if let Some(created) = &asked.created {
                store::set_conversation(&mut tx.tx, chat.id as u64, created).await?;
            }
            match asked.reply {
                Ok(reply) => {
                    let tools: Vec<String> =
                        reply.tools_executed.iter().filter_map(tool_name).collect();
                    store::mark_ready(&mut tx.tx, id, reply.response.trim(), &tools).await?;
                    tracing::info!(tools = tools.len(), "suggestion ready");
                }
                Err(OptimlyError::RateLimited(wait)) => {
                    let next = now_ms().saturating_add(wait.as_millis() as i64);
                    let error = OptimlyError::RateLimited(wait).to_string();
                    store::mark_later(&mut tx.tx, id, &error, next).await?;
                    tell = false;
                }
                Err(error) => {
                    tracing::warn!(%error, "no suggestion");
                    store::mark_unavailable(&mut tx.tx, id, &error.to_string()).await?;
                }
            }
        }
    }
    if tell
        && let Some(agent_id) = chat.concerned_agent()
        && let Some(view) = view(&mut tx.tx, state, &chat).await?
    {
        tx.emit(agent_id, StreamEvent::AssistUpdated { assist: view })
            .await?;
    }
    tx.commit(&state.hub).await
}

/// `agent/v2` in the chat's conversation, creating the conversation first when there is none
/// and once more when Optimly no longer knows it.
async fn ask(
    state: &AppState,
    client: &OptimlyClient,
    chat: &chats::ChatRow,
    conversation: Option<String>,
    content: String,
) -> Asked {
    let mut created = None;
    let mut conversation = conversation;
    for _ in 0..2 {
        let chat_id = match conversation.take() {
            Some(id) => id,
            None => match client.new_chat(&chat.user_id).await {
                Ok(id) => {
                    created = Some(id.clone());
                    id
                }
                Err(error) => {
                    return Asked {
                        created,
                        reply: Err(error),
                    };
                }
            },
        };
        let request = AgentRequest {
            chat_id,
            content: content.clone(),
            metadata: metadata(state, chat),
        };
        match client.suggest(&request).await {
            Err(OptimlyError::NotFound) if created.is_none() => {
                tracing::warn!("Optimly lost the conversation; starting a new one");
            }
            reply => return Asked { created, reply },
        }
    }
    Asked {
        created,
        reply: Err(OptimlyError::NotFound),
    }
}
