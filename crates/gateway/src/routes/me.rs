//! The logged-in agent: snapshot, status, and (for supervisors) the team's presence.

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::routing::{get, put};
use axum::{Json, Router};
use protocol::api::{
    AgentPresence, AgentProfile, AgentRole, AgentSnapshot, AgentStatus, Presence, QueuePresence,
    StatusRequest,
};

use crate::auth::AuthAgent;
use crate::error::ApiError;
use crate::routes::json_error;
use crate::routing;
use crate::state::AppState;
use crate::store::{agents, calls, chats, events};

/// `/api/v1/me`, `/api/v1/me/status`, `/api/v1/presence`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(snapshot))
        .route("/api/v1/me/status", put(set_status))
        .route("/api/v1/presence", get(presence))
}

/// Profile, current calls and chats, and the stream position, read in one transaction.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn snapshot(
    State(state): State<AppState>,
    auth: AuthAgent,
) -> Result<Json<AgentSnapshot>, ApiError> {
    let mut tx = state.store.read.begin().await?;
    let agent = agents::profile(&mut tx, &auth.agent).await?;
    let calls = calls::current_for_agent(&mut tx, auth.id()).await?;
    let mut chat_views = Vec::new();
    for chat in chats::current_for_agent(&mut tx, auth.id()).await? {
        let messages = chats::messages(&mut tx, chat.id as u64).await?;
        chat_views.push(chat.view(messages));
    }
    let last_event_id = events::last_id(&mut tx).await?;
    tx.commit().await?;
    Ok(Json(AgentSnapshot {
        agent,
        calls: calls.iter().map(calls::CallRow::view).collect(),
        last_event_id,
        chats: chat_views,
    }))
}

/// Available or on break; offline is reached by logging out.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn set_status(
    State(state): State<AppState>,
    auth: AuthAgent,
    body: Result<Json<StatusRequest>, JsonRejection>,
) -> Result<Json<AgentProfile>, ApiError> {
    let Json(request) = body.map_err(json_error)?;
    if request.status == AgentStatus::Offline {
        return Err(ApiError::InvalidBody(
            "status must be `available` or `break`; log out to go offline".into(),
        ));
    }
    let mut tx = state.store.begin().await?;
    if auth.agent.status() != request.status {
        routing::change_status(&mut tx, auth.id(), request.status, state.ring_timeout_ms()).await?;
    }
    let agent = agents::by_id(&mut tx.tx, auth.id())
        .await?
        .unwrap_or(auth.agent.clone());
    let profile = agents::profile(&mut tx.tx, &agent).await?;
    tx.commit(&state.hub).await?;
    Ok(Json(profile))
}

/// Every agent's status and every queue's backlog (supervisors only).
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn presence(
    State(state): State<AppState>,
    auth: AuthAgent,
) -> Result<Json<Presence>, ApiError> {
    if auth.agent.role() != AgentRole::Supervisor {
        return Err(ApiError::Forbidden(
            "the team's presence is for supervisors",
        ));
    }
    let mut tx = state.store.read.begin().await?;
    let mut agent_rows = Vec::new();
    for agent in agents::all(&mut tx).await? {
        let current = calls::current_for_agent(&mut tx, agent.id as u64).await?;
        let queues = agents::queues_of(&mut tx, agent.id as u64).await?;
        agent_rows.push((agent, current, queues));
    }
    let waiting = calls::waiting_per_queue(&mut tx).await?;
    let queues = agents::all_queues(&mut tx).await?;
    tx.commit().await?;

    let agent_presence: Vec<AgentPresence> = agent_rows
        .iter()
        .map(|(agent, current, _)| AgentPresence {
            id: agent.id as u64,
            name: agent.name(),
            email: agent.email.clone(),
            status: agent.status(),
            status_since: agent.status_since,
            ringing: current.iter().any(|c| c.state == "ringing"),
            on_call: current.iter().any(|c| c.state == "active"),
        })
        .collect();
    let queue_presence = queues
        .into_iter()
        .map(|queue| {
            let available_agents = agent_rows
                .iter()
                .filter(|(agent, current, served)| {
                    agent.status() == AgentStatus::Available
                        && current.is_empty()
                        && served.iter().any(|q| q.id == queue.id)
                })
                .count() as u32;
            let waiting = waiting
                .iter()
                .find(|(q, _)| *q == queue.id)
                .map_or(0, |(_, n)| *n);
            QueuePresence {
                queue,
                waiting,
                available_agents,
            }
        })
        .collect();
    Ok(Json(Presence {
        agents: agent_presence,
        queues: queue_presence,
    }))
}
