//! The per-agent realtime stream (server-sent events) and its tickets.
//!
//! A browser's `EventSource` cannot send headers, so the widget first trades its bearer token
//! for a single-use ticket valid for a minute, then opens `GET /api/v1/stream?ticket=…&since=…`.
//! Other clients may send `Authorization: Bearer` on the stream itself. `since` (or the
//! `Last-Event-ID` header) replays every stored event after that id before live ones.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use protocol::api::StreamTicket;
use protocol::stream::StreamEnvelope;
use serde::Deserialize;
use tokio::sync::{broadcast, mpsc};
use tokio_stream::wrappers::ReceiverStream;

use crate::auth::{AuthAgent, agent_for_session, bearer_token, new_token, token_hash};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{events, now_ms, sessions};

/// How long a ticket stays valid.
const TICKET_TTL_SECS: u32 = 60;
/// How many stored events one replay query reads at a time.
const REPLAY_BATCH: u32 = 500;
/// How often an open stream re-checks that its session still exists.
const SESSION_CHECK: Duration = Duration::from_secs(15);

/// `/api/v1/stream/ticket`, `/api/v1/stream`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/stream/ticket", post(ticket))
        .route("/api/v1/stream", get(stream))
}

/// Issues a single-use stream ticket for this session.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn ticket(
    State(state): State<AppState>,
    auth: AuthAgent,
) -> Result<Json<StreamTicket>, ApiError> {
    let ticket = new_token();
    let expires_at = now_ms() + i64::from(TICKET_TTL_SECS) * 1000;
    let mut tx = state.store.begin().await?;
    sessions::create_ticket(
        &mut tx.tx,
        &token_hash(&ticket),
        &auth.session_hash,
        auth.id(),
        expires_at,
    )
    .await?;
    tx.commit(&state.hub).await?;
    Ok(Json(StreamTicket {
        ticket,
        expires_in_secs: TICKET_TTL_SECS,
    }))
}

/// Query of `GET /api/v1/stream`.
#[derive(Debug, Deserialize)]
struct StreamQuery {
    ticket: Option<String>,
    since: Option<u64>,
}

/// Opens the agent's event stream.
#[tracing::instrument(skip_all)]
async fn stream(
    State(state): State<AppState>,
    Query(query): Query<StreamQuery>,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let (parts, _) = request.into_parts();
    let (session_hash, agent_id) = authenticate(&state, &parts, query.ticket.as_deref()).await?;
    let last_event_id = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let since = match (query.since, last_event_id) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };

    // Subscribe before reading the store so that nothing committed in between is missed.
    let live = state.hub.subscribe(agent_id);
    let start = match since {
        Some(id) => id,
        None => {
            let mut conn = state.store.read.acquire().await?;
            events::last_id(&mut conn).await?
        }
    };
    let (sender, receiver) = mpsc::channel(64);
    tokio::spawn(feed(state, agent_id, session_hash, start, live, sender));
    tracing::info!(agent_id, since = start, "stream opened");
    Ok(Sse::new(ReceiverStream::new(receiver)).keep_alive(KeepAlive::default()))
}

/// A ticket (single use) or a bearer token; returns the session hash and agent id.
async fn authenticate(
    state: &AppState,
    parts: &Parts,
    ticket: Option<&str>,
) -> Result<(String, u64), ApiError> {
    if let Some(ticket) = ticket {
        let redeemed = {
            let mut tx = state.store.begin().await?;
            let redeemed = sessions::redeem_ticket(&mut tx.tx, &token_hash(ticket)).await?;
            tx.commit(&state.hub).await?;
            redeemed
        };
        let (session_hash, agent_id) = redeemed.ok_or(ApiError::Unauthorized(
            "the stream ticket is unknown, used or expired",
        ))?;
        agent_for_session(state, &session_hash)
            .await?
            .ok_or(ApiError::Unauthorized(
                "the session has expired or was logged out",
            ))?;
        return Ok((session_hash, agent_id));
    }
    let token = bearer_token(parts).ok_or(ApiError::Unauthorized(
        "open the stream with ?ticket= or a bearer token",
    ))?;
    let session_hash = token_hash(token);
    let agent = agent_for_session(state, &session_hash)
        .await?
        .ok_or(ApiError::Unauthorized(
            "the session has expired or was logged out",
        ))?;
    Ok((session_hash, agent.id as u64))
}

/// Sends stored events after `after`, then whatever is committed later, in id order. Ends when
/// the client goes away or the session ends.
async fn feed(
    state: AppState,
    agent_id: u64,
    session_hash: String,
    mut after: u64,
    mut live: broadcast::Receiver<Arc<StreamEnvelope>>,
    sender: mpsc::Sender<Result<Event, Infallible>>,
) {
    let _open = state.metrics.stream_opened();
    let mut shutdown = state.shutdown.clone();
    let mut session_check = tokio::time::interval(SESSION_CHECK);
    session_check.tick().await;
    if !replay(&state, agent_id, &mut after, &sender).await {
        return;
    }
    loop {
        tokio::select! {
            received = live.recv() => match received {
                Ok(envelope) if envelope.id <= after => {}
                // Events are published in commit order, which is id order (one writer commits
                // the batches one after another and publishes each before the next commits,
                // `store::writer`), and everything committed before this stream subscribed
                // was replayed: a newer live event is the next one, sent without reading the
                // store again.
                Ok(envelope) => {
                    after = envelope.id;
                    if sender.send(Ok(to_sse(&envelope))).await.is_err() {
                        return;
                    }
                }
                // Missed events are read from the store, where they all are.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    if !replay(&state, agent_id, &mut after, &sender).await {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = session_check.tick() => {
                match agent_for_session(&state, &session_hash).await {
                    Ok(Some(_)) => {}
                    Ok(None) => {
                        tracing::info!(agent_id, "stream closed: session ended");
                        return;
                    }
                    Err(error) => tracing::warn!(agent_id, ?error, "session check failed"),
                }
            }
            () = sender.closed() => return,
            // The only change is to "stopping"; an error means the server is gone.
            _ = shutdown.changed() => return,
        }
    }
}

/// Sends every stored event after `after`; false when the client is gone or the store failed.
async fn replay(
    state: &AppState,
    agent_id: u64,
    after: &mut u64,
    sender: &mpsc::Sender<Result<Event, Infallible>>,
) -> bool {
    loop {
        let batch = match state.store.read.acquire().await {
            Ok(mut conn) => events::since(&mut conn, agent_id, *after, REPLAY_BATCH).await,
            Err(error) => Err(error),
        };
        let batch = match batch {
            Ok(batch) => batch,
            Err(error) => {
                tracing::error!(agent_id, %error, "stream replay failed");
                return false;
            }
        };
        let full = batch.len() == REPLAY_BATCH as usize;
        for envelope in batch {
            *after = envelope.id;
            if sender.send(Ok(to_sse(&envelope))).await.is_err() {
                return false;
            }
        }
        if !full {
            return true;
        }
    }
}

fn to_sse(envelope: &StreamEnvelope) -> Event {
    let data = serde_json::to_string(envelope).unwrap_or_default();
    Event::default().id(envelope.id.to_string()).data(data)
}
