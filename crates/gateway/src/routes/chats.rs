//! The agent's chats: list, accept, decline, send text and files, transfer, close, dismiss;
//! the dead letters of the outbox (supervisors); and `GET /files/{token}`, where the client
//! downloads a file an agent sent.
//!
//! An agent only ever sees and acts on the chats offered to them or accepted by them: any other
//! chat id is a 404, exactly as if it did not exist. Everything the agent does to a chat is
//! committed with its stream events and, for what the bot must hear of, with its outbox event.

use std::path::PathBuf;

use axum::body::{Body, Bytes};
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::aimylogic::{
    Closed, Destination, FileMessage, SelectDestination, TextMessage, WebhookEvent,
};
use protocol::api::AgentRole;
use protocol::chat::{
    ChatMessage, ChatState, ChatTextRequest, ChatView, ChatWithdrawReason, ClosedBy, DeadLetter,
    DeliveryState, DestinationView, TransferRequest,
};
use protocol::stream::StreamEvent;
use serde::Deserialize;
use sqlx::SqliteConnection;

use crate::auth::{AuthAgent, new_token};
use crate::chat_routing::{self, ChatRouting};
use crate::config::AimylogicSettings;
use crate::error::ApiError;
use crate::outbox;
use crate::routes::json_error;
use crate::state::AppState;
use crate::store::{WriteTx, chats, outbox as outbox_store};

/// Longest text an agent may send, in characters.
const MAX_TEXT_CHARS: usize = 20_000;

/// Largest upload the HTTP layer reads at all; `aimylogic.max_file_bytes` (at most this) is
/// the configured limit.
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// `/api/v1/chats/...`, `/api/v1/outbox/dead` and `/files/{token}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/chats", get(list))
        .route("/api/v1/chats/destinations", get(destinations))
        .route("/api/v1/chats/{id}", get(one))
        .route("/api/v1/chats/{id}/accept", post(accept))
        .route("/api/v1/chats/{id}/decline", post(decline))
        .route("/api/v1/chats/{id}/messages", post(send_text))
        .route(
            "/api/v1/chats/{id}/files",
            post(send_file).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/api/v1/chats/{id}/transfer", post(transfer))
        .route("/api/v1/chats/{id}/close", post(close))
        .route("/api/v1/chats/{id}/dismiss", post(dismiss))
        .route("/api/v1/outbox/dead", get(dead_letters))
        .route("/files/{token}", get(download))
}

fn configured(state: &AppState) -> Result<&AimylogicSettings, ApiError> {
    state
        .settings
        .aimylogic
        .as_ref()
        .ok_or_else(|| ApiError::NotFound("chats are not configured on this gateway".into()))
}

fn routing_of(state: &AppState) -> Result<ChatRouting, ApiError> {
    ChatRouting::of(state)
        .ok_or_else(|| ApiError::NotFound("chats are not configured on this gateway".into()))
}

/// The chat, if it is offered to this agent or accepted by them.
pub(crate) async fn own_chat(
    conn: &mut SqliteConnection,
    id: u64,
    agent_id: u64,
) -> Result<chats::ChatRow, ApiError> {
    let agent = Some(agent_id as i64);
    chats::by_id(conn, id)
        .await?
        .filter(|chat| chat.offered_agent_id == agent || chat.agent_id == agent)
        .ok_or_else(|| ApiError::NotFound(format!("chat {id} is not offered to or handled by you")))
}

/// Fails with 409 unless the chat is in progress with `agent_id`.
fn ensure_active_with(chat: &chats::ChatRow, agent_id: u64) -> Result<(), ApiError> {
    if chat.state() != ChatState::Active || chat.agent_id != Some(agent_id as i64) {
        return Err(ApiError::Conflict(format!(
            "chat {} is not in progress with you",
            chat.id
        )));
    }
    Ok(())
}

/// Fails with 409 unless the chat is offered to `agent_id`.
fn ensure_offered_to(chat: &chats::ChatRow, agent_id: u64) -> Result<(), ApiError> {
    if chat.state() != ChatState::Offered || chat.offered_agent_id != Some(agent_id as i64) {
        return Err(ApiError::Conflict(format!(
            "chat {} is no longer offered to you",
            chat.id
        )));
    }
    Ok(())
}

/// Chats offered to this agent, in progress with them, or closed and not dismissed.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn list(
    State(state): State<AppState>,
    auth: AuthAgent,
) -> Result<Json<Vec<ChatView>>, ApiError> {
    let mut tx = state.store.read.begin().await?;
    let mut views = Vec::new();
    for chat in chats::current_for_agent(&mut tx, auth.id()).await? {
        let messages = chats::messages(&mut tx, chat.id as u64).await?;
        views.push(chat.view(messages));
    }
    tx.commit().await?;
    Ok(Json(views))
}

/// One chat of this agent with its transcript.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn one(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<Json<ChatView>, ApiError> {
    let mut tx = state.store.read.begin().await?;
    own_chat(&mut tx, id, auth.id()).await?;
    let view = chats::view(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Json(view))
}

/// Where chats can be transferred, with whether someone can take them now.
#[tracing::instrument(skip_all)]
async fn destinations(
    State(state): State<AppState>,
    _auth: AuthAgent,
) -> Result<Json<Vec<DestinationView>>, ApiError> {
    configured(&state)?;
    let mut conn = state.store.read.acquire().await?;
    let online = chats::queues_with_online_agents(&mut conn).await?;
    let queues = crate::store::agents::all_queues(&mut conn).await?;
    Ok(Json(
        queues
            .into_iter()
            .map(|queue| DestinationView {
                has_online: online.contains(&queue.id),
                queue,
            })
            .collect(),
    ))
}

/// Accepts a chat offered to this agent.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn accept(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<Json<ChatView>, ApiError> {
    let mut tx = state.store.begin().await?;
    let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
    ensure_offered_to(&chat, auth.id())?;
    chats::accept(&mut tx.tx, id, auth.id()).await?;
    let view = chats::view(&mut tx.tx, id).await?;
    tx.emit(auth.id(), StreamEvent::ChatAccepted { chat: view.clone() })
        .await?;
    if let Some(accepted) = chats::by_id(&mut tx.tx, id).await? {
        let vars = crate::crm::flows::chat_variables(&state, &accepted);
        let session = protocol::crm::CrmSessionRef::Chat(id);
        crate::crm::flows::session_started(&mut tx, &state, session, auth.id(), &vars).await?;
        // The customer is waiting for an answer to what they last wrote: suggest one now.
        if let Some(message_id) = crate::store::assist::latest_inbound(&mut tx.tx, id).await? {
            crate::assist::request(&mut tx, &state, &accepted, message_id).await?;
        }
    }
    tx.commit(&state.hub).await?;
    tracing::info!("chat accepted");
    Ok(Json(view))
}

/// Declines a chat offered to this agent; it is offered to the next one.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn decline(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    let routing = routing_of(&state)?;
    let mut tx = state.store.begin().await?;
    let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
    ensure_offered_to(&chat, auth.id())?;
    chat_routing::withdraw_offer(&mut tx, &chat, ChatWithdrawReason::Declined, routing).await?;
    tx.commit(&state.hub).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Appends an agent line, queues its webhook event, and tells the agent's streams.
async fn send_outbound(
    state: &AppState,
    mut tx: WriteTx,
    auth: &AuthAgent,
    chat: &chats::ChatRow,
    message: chats::NewMessage,
    event: impl FnOnce(String, protocol::aimylogic::Employee) -> WebhookEvent,
) -> Result<ChatMessage, ApiError> {
    let row = chats::add_message(&mut tx.tx, &message).await?;
    let employee = outbox::employee(&mut tx, state, auth.id()).await?;
    let event = event(row.id.to_string(), employee);
    outbox::enqueue(&mut tx, state, chat, Some(row.id as u64), &event).await?;
    let line = row.message();
    tx.emit(
        auth.id(),
        StreamEvent::ChatMessage {
            chat_id: chat.id as u64,
            message: line.clone(),
        },
    )
    .await?;
    tx.commit(&state.hub).await?;
    Ok(line)
}

/// Sends a text to the client.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn send_text(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
    body: Result<Json<ChatTextRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<ChatMessage>), ApiError> {
    let Json(request) = body.map_err(json_error)?;
    if request.text.trim().is_empty() {
        return Err(ApiError::InvalidBody("`text` must not be empty".into()));
    }
    if request.text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::InvalidBody(format!(
            "`text` is longer than {MAX_TEXT_CHARS} characters"
        )));
    }
    let mut tx = state.store.begin().await?;
    let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
    ensure_active_with(&chat, auth.id())?;
    let user_id = chat.user_id.clone();
    let text = request.text.clone();
    let message = chats::NewMessage {
        chat_id: id,
        direction: "outbound",
        text: request.text,
        agent_id: Some(auth.id()),
        delivery: Some(DeliveryState::Pending),
        ..Default::default()
    };
    let line = send_outbound(&state, tx, &auth, &chat, message, |id, employee| {
        WebhookEvent::TextMessage(TextMessage {
            id,
            user_id,
            text,
            employee,
        })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(line)))
}

/// `POST /api/v1/chats/{id}/files?name=…&comment=…` query.
#[derive(Debug, Deserialize)]
struct FileQuery {
    /// The file's name.
    name: String,
    /// A comment sent with it.
    #[serde(default)]
    comment: Option<String>,
}

/// A file name safe to show and to put in a `Content-Disposition` header: no path, no control
/// characters, no quotes, at most 200 characters.
fn clean_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    (!cleaned.is_empty()).then_some(cleaned)
}

fn files_dir(state: &AppState, aimylogic: &AimylogicSettings) -> PathBuf {
    aimylogic.files_dir.clone().unwrap_or_else(|| {
        state
            .settings
            .database
            .path
            .parent()
            .map(|dir| dir.join("media"))
            .unwrap_or_else(|| PathBuf::from("media"))
    })
}

/// Sends a file (the raw request body) to the client: it is kept on disk and the client gets
/// a download link.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn send_file(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
    query: Result<Query<FileQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(StatusCode, Json<ChatMessage>), ApiError> {
    let aimylogic = configured(&state)?;
    let body = body.map_err(|rejection| super::body_error(rejection, MAX_UPLOAD_BYTES))?;
    let Query(query) = query.map_err(|e| ApiError::InvalidBody(e.body_text()))?;
    let name = clean_file_name(&query.name)
        .ok_or_else(|| ApiError::InvalidBody("`name` must be a file name".into()))?;
    if body.is_empty() {
        return Err(ApiError::InvalidBody("the file is empty".into()));
    }
    if body.len() > aimylogic.max_file_bytes {
        return Err(ApiError::InvalidBody(format!(
            "the file is larger than {} bytes",
            aimylogic.max_file_bytes
        )));
    }
    let comment = query.comment.unwrap_or_default();
    {
        let mut conn = state.store.read.acquire().await?;
        let chat = own_chat(&mut conn, id, auth.id()).await?;
        ensure_active_with(&chat, auth.id())?;
    }
    let token = new_token();
    let dir = files_dir(&state, aimylogic);
    let path = dir.join(&token);
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("Failed to create {dir:?}: {e}")))?;
    tokio::fs::write(&path, &body)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("Failed to write {path:?}: {e}")))?;

    let result = async {
        let mut tx = state.store.begin().await?;
        // Checked again in the writing transaction: the chat may have ended meanwhile.
        let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
        ensure_active_with(&chat, auth.id())?;
        let url = format!(
            "{}/files/{token}",
            aimylogic.public_base_url.trim_end_matches('/')
        );
        let size = body.len() as u64;
        let message = chats::NewMessage {
            chat_id: id,
            direction: "outbound",
            text: comment.clone(),
            file_url: Some(url.clone()),
            file_name: Some(name.clone()),
            file_size: Some(size),
            file_token: Some(token.clone()),
            agent_id: Some(auth.id()),
            delivery: Some(DeliveryState::Pending),
            ..Default::default()
        };
        let user_id = chat.user_id.clone();
        send_outbound(&state, tx, &auth, &chat, message, |id, employee| {
            WebhookEvent::FileMessage(FileMessage {
                id,
                user_id,
                url,
                employee,
                name,
                size,
                comment,
            })
        })
        .await
    }
    .await;
    match result {
        Ok(line) => Ok((StatusCode::CREATED, Json(line))),
        Err(error) => {
            let _ = tokio::fs::remove_file(&path).await;
            Err(error)
        }
    }
}

/// Moves the chat to another destination; the bot hears `SelectDestination`.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn transfer(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
    body: Result<Json<TransferRequest>, JsonRejection>,
) -> Result<Json<ChatView>, ApiError> {
    let routing = routing_of(&state)?;
    let Json(request) = body.map_err(json_error)?;
    let queue = state
        .settings
        .queues
        .iter()
        .find(|q| q.id == request.queue_id)
        .ok_or_else(|| {
            ApiError::InvalidBody(format!("unknown destination {}", request.queue_id))
        })?;
    let mut tx = state.store.begin().await?;
    let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
    ensure_active_with(&chat, auth.id())?;
    if chat.queue_id as u64 == queue.id {
        return Err(ApiError::Conflict(format!(
            "chat {id} is already in destination {}",
            queue.path
        )));
    }
    let online = chats::queues_with_online_agents(&mut tx.tx).await?;
    let line = chats::add_message(
        &mut tx.tx,
        &chats::NewMessage {
            chat_id: id,
            direction: "system",
            text: format!(
                "{} transferred the chat to {}",
                auth.agent.name(),
                queue.path
            ),
            agent_id: Some(auth.id()),
            delivery: Some(DeliveryState::Pending),
            ..Default::default()
        },
    )
    .await?;
    let employee = outbox::employee(&mut tx, &state, auth.id()).await?;
    let event = WebhookEvent::SelectDestination(SelectDestination {
        id: line.id.to_string(),
        user_id: chat.user_id.clone(),
        destination: Destination {
            destination_id: queue.id.to_string(),
            name: queue.path.clone(),
            has_online: online.contains(&queue.id),
        },
        employee: Some(employee),
    });
    outbox::enqueue(&mut tx, &state, &chat, Some(line.id as u64), &event).await?;
    chats::transfer(&mut tx.tx, id, queue.id, auth.id()).await?;
    let vars = crate::crm::flows::chat_variables(&state, &chat);
    let body = format!(
        "Transferred by {} (queue {}) to {}.",
        auth.agent.email, chat.queue_path, queue.path
    );
    let session = protocol::crm::CrmSessionRef::Chat(id);
    crate::crm::flows::comment(&mut tx, &state, session, body, &vars).await?;
    let view = chats::view(&mut tx.tx, id).await?;
    tx.emit(
        auth.id(),
        StreamEvent::ChatWithdrawn {
            chat: view.clone(),
            reason: ChatWithdrawReason::Transferred,
        },
    )
    .await?;
    chat_routing::dispatch(&mut tx, routing).await?;
    tx.commit(&state.hub).await?;
    tracing::info!(to_queue = %queue.name, "chat transferred");
    Ok(Json(view))
}

/// Closes a chat in progress with this agent; the bot hears `Closed`.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn close(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<Json<ChatView>, ApiError> {
    let routing = routing_of(&state)?;
    let mut tx = state.store.begin().await?;
    let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
    ensure_active_with(&chat, auth.id())?;
    let line = chats::add_message(
        &mut tx.tx,
        &chats::NewMessage {
            chat_id: id,
            direction: "system",
            text: format!("{} closed the chat", auth.agent.name()),
            agent_id: Some(auth.id()),
            delivery: Some(DeliveryState::Pending),
            ..Default::default()
        },
    )
    .await?;
    let employee = outbox::employee(&mut tx, &state, auth.id()).await?;
    let event = WebhookEvent::Closed(Closed {
        id: line.id.to_string(),
        user_id: chat.user_id.clone(),
        employee,
    });
    outbox::enqueue(&mut tx, &state, &chat, Some(line.id as u64), &event).await?;
    chats::close(&mut tx.tx, id, ClosedBy::Agent).await?;
    crate::crm::flows::chat_ended(&mut tx, &state, id).await?;
    crate::storage::chat_ended(&mut tx, &state, id).await?;
    let view = chats::view(&mut tx.tx, id).await?;
    tx.emit(auth.id(), StreamEvent::ChatEnded { chat: view.clone() })
        .await?;
    chat_routing::dispatch(&mut tx, routing).await?;
    tx.commit(&state.hub).await?;
    tracing::info!("chat closed by the agent");
    Ok(Json(view))
}

/// Dismisses a closed chat's tab; it leaves the agent's snapshot.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn dismiss(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.store.begin().await?;
    let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
    if chat.state() != ChatState::Closed {
        return Err(ApiError::Conflict(format!(
            "chat {id} is not closed; close it before dismissing it"
        )));
    }
    if chats::dismiss(&mut tx.tx, id).await? {
        tx.emit(auth.id(), StreamEvent::ChatDismissed { chat_id: id })
            .await?;
    }
    tx.commit(&state.hub).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Events the webhooks never accepted within their retry window (supervisors only).
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn dead_letters(
    State(state): State<AppState>,
    auth: AuthAgent,
) -> Result<Json<Vec<DeadLetter>>, ApiError> {
    if auth.agent.role() != AgentRole::Supervisor {
        return Err(ApiError::Forbidden("dead letters are for supervisors"));
    }
    let mut conn = state.store.read.acquire().await?;
    Ok(Json(outbox_store::dead_letters(&mut conn, 500).await?))
}

/// A file an agent sent, for the client to download. The token is 256 random bits; the file is
/// always served as a download, never rendered by the browser.
#[tracing::instrument(skip_all)]
async fn download(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let aimylogic = configured(&state)?;
    let not_found = || ApiError::NotFound("no such file".into());
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let (name, _size) = {
        let mut conn = state.store.read.acquire().await?;
        chats::file_by_token(&mut conn, &token)
            .await?
            .ok_or_else(not_found)?
    };
    let path = files_dir(&state, aimylogic).join(&token);
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        tracing::error!(error = %e, "a stored chat file is missing");
        not_found()
    })?;
    let disposition = HeaderValue::from_str(&content_disposition(&name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        Body::from(bytes),
    )
        .into_response())
}

/// `attachment` with an ASCII `filename` and the exact UTF-8 name as `filename*` (RFC 6266).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_non_ascii_file_name_is_kept_in_filename_star() {
        assert_eq!(
            content_disposition("reçu 1.pdf"),
            "attachment; filename=\"re_u 1.pdf\"; filename*=UTF-8''re%C3%A7u%201.pdf"
        );
    }

    #[test]
    fn file_names_lose_paths_quotes_and_control_characters() {
        assert_eq!(
            clean_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            clean_file_name("C:\\Users\\kim\\a\"b\n.pdf").as_deref(),
            Some("ab.pdf")
        );
        assert_eq!(clean_file_name("..").as_deref(), None);
        assert_eq!(clean_file_name("   ").as_deref(), None);
    }
}
