//! The Aimylogic Operator API server (seed `aimylogic-operator-api.txt`) at
//! `/operator/{channel}/...`: `setWebhook`, `sendText`, `sendFile`, `closeChat`,
//! `selectDestination` and `GET getDestinations`.
//!
//! **Authentication.** Aimylogic is configured with nothing but an API URL, so the secret is in
//! it: the `{channel}` segment is `{id}.{secret}` for a channel of `[[aimylogic.channels]]`,
//! and the API URL given to Aimylogic is `https://host/operator/{id}.{secret}`. The secret is
//! compared in constant time; an unknown channel and a wrong secret get the same 401. Logs
//! carry the matched route, never the raw path.
//!
//! **Validation.** A body is parsed completely (mandatory fields present, types as the seed's
//! table says) before anything is stored; any problem is a 400 with a JSON reason.
//!
//! **Repeated deliveries.** The Operator API gives client messages no id. A `sendText` or
//! `sendFile` whose content equals the chat's latest transcript line, itself a client message
//! received less than `duplicate_window_secs` ago, is taken for a repeated delivery of that
//! line: acknowledged with `"duplicate": true` and not stored again. (A client who really
//! sends the same text twice in a row within those seconds, with nothing between, is shown it
//! once.) A repeated `selectDestination` for a chat still open in the same destination, and a
//! repeated `closeChat` for a closed chat, are acknowledged the same way.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::aimylogic::{
    CloseChatRequest, Destination, DestinationsResponse, SelectDestinationRequest, SendFileRequest,
    SendTextRequest, SetWebhookRequest,
};
use protocol::chat::{ChatState, ClosedBy, SESSION_TYPE_CHAT_INBOUND};
use protocol::stream::StreamEvent;
use secrecy::ExposeSecret;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::auth::secrets_match;
use crate::chat_routing::{self, ChatRouting};
use crate::config::{AimylogicSettings, ChannelSettings};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{WriteTx, chats, now_ms};

/// Largest accepted request body.
const MAX_BODY: usize = 256 * 1024;

/// Longest accepted client text, in characters.
const MAX_TEXT_CHARS: usize = 20_000;

/// Longest accepted id (`userId`, `destinationId`), in characters.
const MAX_ID_CHARS: usize = 200;

/// `/operator/{channel}/...`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/{channel}/setWebhook", post(set_webhook))
        .route("/operator/{channel}/sendText", post(send_text))
        .route("/operator/{channel}/sendFile", post(send_file))
        .route("/operator/{channel}/closeChat", post(close_chat))
        .route(
            "/operator/{channel}/selectDestination",
            post(select_destination),
        )
        .route("/operator/{channel}/getDestinations", get(get_destinations))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// Our answer to a POST of the Operator API (the seed defines none; this one is JSON).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// Always true: failures are 4xx/5xx with an error body.
    ok: bool,
    /// The chat concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    chat_id: Option<u64>,
    /// The transcript line stored (or found, for a duplicate).
    #[serde(skip_serializing_if = "Option::is_none")]
    message_id: Option<u64>,
    /// True when this delivery repeated one already processed; nothing was stored.
    duplicate: bool,
}

/// The configured chat settings and the channel whose `{id}.{secret}` key is `key`.
fn authenticate<'a>(
    state: &'a AppState,
    key: &str,
) -> Result<(&'a AimylogicSettings, &'a ChannelSettings), ApiError> {
    let aimylogic = state.settings.aimylogic.as_ref().ok_or_else(|| {
        ApiError::NotFound("the Aimylogic Operator API is not configured on this gateway".into())
    })?;
    let Some((id, secret)) = key.split_once('.') else {
        tracing::warn!("Operator API call without a channel secret rejected");
        return Err(ApiError::Unauthorized("unknown channel or wrong secret"));
    };
    // An unknown id is compared against a dummy secret so that both cases take the same time.
    let channel = aimylogic.channel(id);
    let expected = channel.map_or("no-such-channel-secret", |c| c.secret.expose_secret());
    let matched = secrets_match(secret, expected);
    match channel {
        Some(channel) if matched => Ok((aimylogic, channel)),
        _ => {
            tracing::warn!("Operator API call with an unknown channel or wrong secret rejected");
            Err(ApiError::Unauthorized("unknown channel or wrong secret"))
        }
    }
}

/// Counts the call in the webhook metrics: accepted, or refused for the caller's mistake.
fn counted<T>(state: &AppState, result: Result<T, ApiError>) -> Result<T, ApiError> {
    match &result {
        Ok(_) => state.metrics.webhook_accepted(),
        Err(
            ApiError::Unauthorized(_)
            | ApiError::InvalidBody(_)
            | ApiError::PayloadTooLarge(_)
            | ApiError::Conflict(_)
            | ApiError::NotFound(_),
        ) => state.metrics.webhook_rejected(),
        Err(_) => {}
    }
    result
}

/// Parses a body as the seed's `method` request.
fn parse<T: DeserializeOwned>(method: &str, body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::InvalidBody(format!("{method} body: {e}")))
}

/// A mandatory text field, trimmed, that must not be empty.
fn required<'a>(field: &str, value: &'a str) -> Result<&'a str, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::InvalidBody(format!(
            "`{field}` must not be empty"
        )));
    }
    Ok(value)
}

/// A mandatory id, trimmed: not empty, at most [`MAX_ID_CHARS`] characters.
fn required_id<'a>(field: &str, value: &'a str) -> Result<&'a str, ApiError> {
    let value = required(field, value)?;
    if value.chars().count() > MAX_ID_CHARS {
        return Err(ApiError::InvalidBody(format!(
            "`{field}` must be at most {MAX_ID_CHARS} characters"
        )));
    }
    Ok(value)
}

/// An absolute http(s) URL.
fn http_url(field: &str, value: &str) -> Result<String, ApiError> {
    let value = required(field, value)?;
    match reqwest::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(value.to_owned())
        }
        _ => Err(ApiError::InvalidBody(format!(
            "`{field}` must be an absolute http or https URL"
        ))),
    }
}

/// The Operator API methods that take a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyMethod {
    /// `setWebhook`.
    SetWebhook,
    /// `sendText`.
    SendText,
    /// `sendFile`.
    SendFile,
    /// `closeChat`.
    CloseChat,
    /// `selectDestination`.
    SelectDestination,
}

/// Checks a body of `method` as its route does before it looks at the store: `Ok`, or the 400
/// saying what is wrong. Public for the fuzz targets (`fuzz/`).
pub fn check_body(method: BodyMethod, body: &[u8]) -> Result<(), ApiError> {
    match method {
        BodyMethod::SetWebhook => read_set_webhook(body).map(drop),
        BodyMethod::SendText => read_send_text(body).map(drop),
        BodyMethod::SendFile => read_send_file(body).map(drop),
        BodyMethod::CloseChat => read_close_chat(body).map(drop),
        BodyMethod::SelectDestination => read_select_destination(body).map(drop),
    }
}

/// A `setWebhook` body: its URL.
fn read_set_webhook(body: &[u8]) -> Result<String, ApiError> {
    let request: SetWebhookRequest = parse("setWebhook", body)?;
    http_url("url", &request.url)
}

/// A `sendText` body: the trimmed `userId` and the request.
fn read_send_text(body: &[u8]) -> Result<(String, SendTextRequest), ApiError> {
    let request: SendTextRequest = parse("sendText", body)?;
    let user_id = required_id("userId", &request.user_id)?.to_owned();
    if request.text.trim().is_empty() {
        return Err(ApiError::InvalidBody("`text` must not be empty".into()));
    }
    if request.text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::InvalidBody(format!(
            "`text` is longer than {MAX_TEXT_CHARS} characters"
        )));
    }
    Ok((user_id, request))
}

/// A checked `sendFile` body.
struct FileDelivery {
    user_id: String,
    url: String,
    file_name: Option<String>,
    request: SendFileRequest,
}

fn read_send_file(body: &[u8]) -> Result<FileDelivery, ApiError> {
    let request: SendFileRequest = parse("sendFile", body)?;
    let user_id = required_id("userId", &request.user_id)?.to_owned();
    let url = http_url("url", &request.url)?;
    let file_name = request
        .file_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    Ok(FileDelivery {
        user_id,
        url,
        file_name,
        request,
    })
}

/// A `closeChat` body: the trimmed `userId` and the request.
fn read_close_chat(body: &[u8]) -> Result<(String, CloseChatRequest), ApiError> {
    let request: CloseChatRequest = parse("closeChat", body)?;
    let user_id = required_id("userId", &request.user_id)?.to_owned();
    Ok((user_id, request))
}

/// A `selectDestination` body: the trimmed `userId` and `destinationId`, and the request.
fn read_select_destination(
    body: &[u8],
) -> Result<(String, String, SelectDestinationRequest), ApiError> {
    let request: SelectDestinationRequest = parse("selectDestination", body)?;
    let user_id = required_id("userId", &request.user_id)?.to_owned();
    let destination_id = required_id("destinationId", &request.destination_id)?.to_owned();
    Ok((user_id, destination_id, request))
}

fn fingerprint(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// The open chat of `user_id` on `channel`, or a 400 saying why there is none.
async fn open_chat(
    tx: &mut WriteTx,
    channel: &str,
    user_id: &str,
) -> Result<(chats::ChatRow, Option<chats::LastLine>), ApiError> {
    let (chat, last) = chats::latest_for_user_with_last_line(&mut tx.tx, channel, user_id)
        .await?
        .ok_or_else(|| {
            ApiError::InvalidBody(format!(
                "unknown userId `{user_id}`: no chat was started for it with selectDestination"
            ))
        })?;
    if chat.state() == ChatState::Closed {
        return Err(ApiError::InvalidBody(format!(
            "the chat of userId `{user_id}` is closed; start a new one with selectDestination"
        )));
    }
    Ok((chat, last))
}

/// The receipt of a repeated delivery, when `fingerprint` equals the chat's latest line
/// (`last`), a client message younger than the duplicate window.
fn repeated(
    chat: &chats::ChatRow,
    last: Option<&chats::LastLine>,
    fingerprint: &str,
    window_secs: u32,
) -> Option<Receipt> {
    let last = last?;
    let recent = now_ms() - last.created_at <= i64::from(window_secs) * 1000;
    if last.direction == "inbound" && last.fingerprint.as_deref() == Some(fingerprint) && recent {
        tracing::info!(
            chat_id = chat.id,
            message_id = last.id,
            "repeated delivery acknowledged"
        );
        return Some(Receipt {
            ok: true,
            chat_id: Some(chat.id as u64),
            message_id: Some(last.id as u64),
            duplicate: true,
        });
    }
    None
}

/// Appends a client line to an open chat and tells its agent.
async fn store_inbound(
    state: &AppState,
    mut tx: WriteTx,
    chat: &chats::ChatRow,
    message: chats::NewMessage,
) -> Result<Receipt, ApiError> {
    let row = chats::add_message(&mut tx.tx, &message).await?;
    if let Some(agent_id) = chat.concerned_agent() {
        tx.emit(
            agent_id,
            StreamEvent::ChatMessage {
                chat_id: chat.id as u64,
                message: row.message(),
            },
        )
        .await?;
    }
    crate::assist::request(&mut tx, state, chat, row.id as u64).await?;
    tx.commit(&state.hub).await?;
    Ok(Receipt {
        ok: true,
        chat_id: Some(chat.id as u64),
        message_id: Some(row.id as u64),
        duplicate: false,
    })
}

/// `POST setWebhook {url}`: where the agent's events go from now on.
#[tracing::instrument(skip_all)]
async fn set_webhook(
    State(state): State<AppState>,
    Path(key): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Receipt>, ApiError> {
    let result = match body {
        Ok(body) => set_webhook_inner(&state, &key, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    counted(&state, result)
}

async fn set_webhook_inner(
    state: &AppState,
    key: &str,
    body: &[u8],
) -> Result<Json<Receipt>, ApiError> {
    let (_, channel) = authenticate(state, key)?;
    let url = read_set_webhook(body)?;
    let mut tx = state.store.begin().await?;
    chats::set_webhook(&mut tx.tx, &channel.id, &url).await?;
    tx.commit(&state.hub).await?;
    tracing::info!(channel = %channel.id, "webhook set");
    Ok(Json(Receipt {
        ok: true,
        ..Receipt::default()
    }))
}

/// `POST sendText {userId, text}`: the client wrote.
#[tracing::instrument(skip_all)]
async fn send_text(
    State(state): State<AppState>,
    Path(key): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Receipt>, ApiError> {
    let result = match body {
        Ok(body) => send_text_inner(&state, &key, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    counted(&state, result)
}

async fn send_text_inner(
    state: &AppState,
    key: &str,
    body: &[u8],
) -> Result<Json<Receipt>, ApiError> {
    let (aimylogic, channel) = authenticate(state, key)?;
    let (user_id, request) = read_send_text(body)?;
    let mut tx = state.store.begin().await?;
    let (chat, last) = open_chat(&mut tx, &channel.id, &user_id).await?;
    let print = fingerprint(&["text", &request.text]);
    if let Some(receipt) = repeated(
        &chat,
        last.as_ref(),
        &print,
        aimylogic.duplicate_window_secs,
    ) {
        return Ok(Json(receipt));
    }
    let message = chats::NewMessage {
        chat_id: chat.id as u64,
        direction: "inbound",
        text: request.text,
        fingerprint: Some(print),
        ..Default::default()
    };
    Ok(Json(store_inbound(state, tx, &chat, message).await?))
}

/// `POST sendFile {userId, url, fileName?, size?}`: the client sent a file link.
#[tracing::instrument(skip_all)]
async fn send_file(
    State(state): State<AppState>,
    Path(key): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Receipt>, ApiError> {
    let result = match body {
        Ok(body) => send_file_inner(&state, &key, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    counted(&state, result)
}

async fn send_file_inner(
    state: &AppState,
    key: &str,
    body: &[u8],
) -> Result<Json<Receipt>, ApiError> {
    let (aimylogic, channel) = authenticate(state, key)?;
    let FileDelivery {
        user_id,
        url,
        file_name,
        request,
    } = read_send_file(body)?;
    let mut tx = state.store.begin().await?;
    let (chat, last) = open_chat(&mut tx, &channel.id, &user_id).await?;
    let size = request.size.map(|s| s.to_string()).unwrap_or_default();
    let print = fingerprint(&["file", &url, file_name.as_deref().unwrap_or(""), &size]);
    if let Some(receipt) = repeated(
        &chat,
        last.as_ref(),
        &print,
        aimylogic.duplicate_window_secs,
    ) {
        return Ok(Json(receipt));
    }
    let message = chats::NewMessage {
        chat_id: chat.id as u64,
        direction: "inbound",
        text: String::new(),
        file_url: Some(url),
        file_name,
        file_size: request.size,
        fingerprint: Some(print),
        ..Default::default()
    };
    Ok(Json(store_inbound(state, tx, &chat, message).await?))
}

/// `POST closeChat {userId, text}`: the client left.
#[tracing::instrument(skip_all)]
async fn close_chat(
    State(state): State<AppState>,
    Path(key): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Receipt>, ApiError> {
    let result = match body {
        Ok(body) => close_chat_inner(&state, &key, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    counted(&state, result)
}

async fn close_chat_inner(
    state: &AppState,
    key: &str,
    body: &[u8],
) -> Result<Json<Receipt>, ApiError> {
    let (_, channel) = authenticate(state, key)?;
    let (user_id, request) = read_close_chat(body)?;
    let user_id = user_id.as_str();
    let mut tx = state.store.begin().await?;
    let chat = chats::latest_for_user(&mut tx.tx, &channel.id, user_id)
        .await?
        .ok_or_else(|| {
            ApiError::InvalidBody(format!(
                "unknown userId `{user_id}`: no chat was started for it with selectDestination"
            ))
        })?;
    if chat.state() == ChatState::Closed {
        return Ok(Json(Receipt {
            ok: true,
            chat_id: Some(chat.id as u64),
            message_id: None,
            duplicate: true,
        }));
    }
    let text = match request.text.trim() {
        "" => "The client closed the chat".to_owned(),
        text => text.to_owned(),
    };
    let line = chats::add_message(
        &mut tx.tx,
        &chats::NewMessage {
            chat_id: chat.id as u64,
            direction: "system",
            text,
            ..Default::default()
        },
    )
    .await?;
    chats::close(&mut tx.tx, chat.id as u64, ClosedBy::Customer).await?;
    crate::crm::flows::chat_ended(&mut tx, state, chat.id as u64).await?;
    crate::storage::chat_ended(&mut tx, state, chat.id as u64).await?;
    if let Some(agent_id) = chat.concerned_agent() {
        tx.emit(
            agent_id,
            StreamEvent::ChatMessage {
                chat_id: chat.id as u64,
                message: line.message(),
            },
        )
        .await?;
        let view = chats::view(&mut tx.tx, chat.id as u64).await?;
        tx.emit(agent_id, StreamEvent::ChatEnded { chat: view })
            .await?;
    }
    if let Some(routing) = ChatRouting::of(state) {
        chat_routing::dispatch(&mut tx, routing).await?;
    }
    tx.commit(&state.hub).await?;
    tracing::info!(chat_id = chat.id, "chat closed by the client");
    Ok(Json(Receipt {
        ok: true,
        chat_id: Some(chat.id as u64),
        message_id: Some(line.id as u64),
        duplicate: false,
    }))
}

/// `POST selectDestination`: the bot hands the client over to an agent group.
#[tracing::instrument(skip_all)]
async fn select_destination(
    State(state): State<AppState>,
    Path(key): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Receipt>, ApiError> {
    let result = match body {
        Ok(body) => select_destination_inner(&state, &key, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    counted(&state, result)
}

async fn select_destination_inner(
    state: &AppState,
    key: &str,
    body: &[u8],
) -> Result<Json<Receipt>, ApiError> {
    let (_, channel) = authenticate(state, key)?;
    let (user_id, destination_id, request) = read_select_destination(body)?;
    let (user_id, destination_id) = (user_id.as_str(), destination_id.as_str());
    let queue = destination_id
        .parse::<u64>()
        .ok()
        .and_then(|id| state.settings.queues.iter().find(|q| q.id == id))
        .ok_or_else(|| {
            let known: Vec<String> = state
                .settings
                .queues
                .iter()
                .map(|q| format!("{} ({})", q.id, q.path))
                .collect();
            ApiError::InvalidBody(format!(
                "unknown destinationId `{destination_id}`; destinations: {}",
                known.join(", ")
            ))
        })?;
    let user_name = match request.user_name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => format!("{} {user_id}", channel.id),
    };

    let mut tx = state.store.begin().await?;
    if let Some(open) = chats::latest_for_user(&mut tx.tx, &channel.id, user_id)
        .await?
        .filter(|c| c.state() != ChatState::Closed)
    {
        if open.queue_id as u64 == queue.id {
            return Ok(Json(Receipt {
                ok: true,
                chat_id: Some(open.id as u64),
                message_id: None,
                duplicate: true,
            }));
        }
        return Err(ApiError::Conflict(format!(
            "userId `{user_id}` already has an open chat in destination {} ({}); \
             close it with closeChat first",
            open.queue_id, open.queue_path
        )));
    }
    let chat_id = chats::insert(
        &mut tx.tx,
        &chats::NewChat {
            channel_id: channel.id.clone(),
            user_id: user_id.to_owned(),
            user_name,
            queue_id: queue.id,
            session_type: SESSION_TYPE_CHAT_INBOUND.to_owned(),
            attributes: request.attributes.unwrap_or_default(),
            hidden_attributes: request.hidden_attributes.unwrap_or_default(),
            custom_data: request.custom_data,
        },
    )
    .await?;
    if let Some(routing) = ChatRouting::of(state) {
        chat_routing::dispatch(&mut tx, routing).await?;
    }
    tx.commit(&state.hub).await?;
    tracing::info!(chat_id, queue = %queue.name, "chat handed off by the bot");
    Ok(Json(Receipt {
        ok: true,
        chat_id: Some(chat_id),
        message_id: None,
        duplicate: false,
    }))
}

/// `GET getDestinations`: every queue, with whether one of its agents is available now.
#[tracing::instrument(skip_all)]
async fn get_destinations(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<DestinationsResponse>, ApiError> {
    counted(&state, get_destinations_inner(&state, &key).await)
}

async fn get_destinations_inner(
    state: &AppState,
    key: &str,
) -> Result<Json<DestinationsResponse>, ApiError> {
    authenticate(state, key)?;
    let mut conn = state.store.read.acquire().await?;
    let online = chats::queues_with_online_agents(&mut conn).await?;
    let destinations = state
        .settings
        .queues
        .iter()
        .map(|queue| Destination {
            destination_id: queue.id.to_string(),
            name: queue.path.clone(),
            has_online: online.contains(&queue.id),
        })
        .collect();
    Ok(Json(DestinationsResponse { destinations }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_differ_when_fields_shift() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
    }

    #[test]
    fn only_absolute_http_urls_are_accepted() {
        assert!(http_url("url", "https://bot.example.com/hook").is_ok());
        assert!(http_url("url", "javascript:alert(1)").is_err());
        assert!(http_url("url", "/relative").is_err());
        assert!(http_url("url", "ftp://files.example.com/a").is_err());
    }
}
