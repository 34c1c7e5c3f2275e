//! The logged-in agent: snapshot, status, and (for supervisors) the team's presence.

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::routing::{get, put};
use axum::{Json, Router};
use protocol::api::{
    AgentPresence, AgentProfile, AgentRole, AgentSnapshot, AgentStatus, Disposition, Presence,
    StatusRequest,
};

use crate::auth::AuthAgent;
use crate::error::ApiError;
use crate::routes::json_error;
use crate::routing;
use crate::state::AppState;
use crate::store::{agents, calls, chats, events, legs, now_ms};
use crate::team;

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
    let wrap_ups = legs::pending_for_agent(&mut tx, auth.id()).await?;
    let mut chat_views = Vec::new();
    let mut assist = Vec::new();
    for chat in chats::current_for_agent(&mut tx, auth.id()).await? {
        let messages = chats::messages(&mut tx, chat.id as u64).await?;
        if let Some(view) = crate::assist::view(&mut tx, &state, &chat).await? {
            assist.push(view);
        }
        chat_views.push(chat.view(messages));
    }
    let cobrowse = crate::store::cobrowse::active_for_agent(&mut tx, auth.id()).await?;
    let last_event_id = events::last_id(&mut tx).await?;
    tx.commit().await?;
    Ok(Json(AgentSnapshot {
        agent,
        calls: calls.iter().map(calls::CallRow::view).collect(),
        last_event_id,
        wrap_ups: wrap_ups.iter().map(legs::LegRow::view).collect(),
        dispositions: dispositions(&state),
        chats: chat_views,
        assist,
        tools: state.optimly.is_some(),
        cobrowse,
    }))
}

/// The configured disposition codes.
fn dispositions(state: &AppState) -> Vec<Disposition> {
    state
        .settings
        .wrap_up
        .dispositions
        .iter()
        .map(|d| Disposition {
            code: d.code.clone(),
            label: d.label.clone(),
        })
        .collect()
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
        routing::change_status(&mut tx, auth.id(), request.status, state.policy()).await?;
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
    let team = team::read(&mut tx, now_ms() - state.policy().after_call_ms).await?;
    tx.commit().await?;
    let agents = team
        .members
        .iter()
        .map(|member| AgentPresence {
            id: member.agent.id as u64,
            name: member.agent.name(),
            email: member.agent.email.clone(),
            status: member.agent.status(),
            status_since: member.agent.status_since,
            ringing: member.ringing,
            on_call: member.on_call,
            after_call_work: member.after_call_work,
        })
        .collect();
    Ok(Json(Presence {
        agents,
        queues: team.queues,
    }))
}
