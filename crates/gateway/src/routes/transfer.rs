//! Cold transfer of the call in progress to another agent or to a queue.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::api::{
    AgentRole, CallTransfer, CallView, TransferAgent, TransferRequest, TransferTargets,
};

use crate::auth::AuthAgent;
use crate::error::ApiError;
use crate::routes::calls::{ensure_in_progress_with, own_call};
use crate::routes::json_error;
use crate::routing;
use crate::state::AppState;
use crate::store::{agents, calls, now_ms};
use crate::team;

/// `GET /api/v1/transfer-targets`, `POST /api/v1/calls/{id}/transfer`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/transfer-targets", get(targets))
        .route("/api/v1/calls/{id}/transfer", post(transfer))
}

/// Every other agent who takes calls (with whether a call would ring at them now) and every
/// queue (with its free agents and waiting calls).
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn targets(
    State(state): State<AppState>,
    auth: AuthAgent,
) -> Result<Json<TransferTargets>, ApiError> {
    let mut tx = state.store.read.begin().await?;
    let team = team::read(&mut tx, now_ms() - state.policy().after_call_ms).await?;
    tx.commit().await?;
    let agents = team
        .members
        .iter()
        .filter(|m| m.agent.id as u64 != auth.id() && m.agent.role() == AgentRole::Agent)
        .map(|m| TransferAgent {
            agent: m.agent.reference(),
            status: m.agent.status(),
            busy: m.ringing || m.on_call || m.after_call_work,
        })
        .collect();
    Ok(Json(TransferTargets {
        agents,
        queues: team.queues,
    }))
}

/// Hands the call this agent is in over to an available agent or to a queue. The agent's part
/// ends (their wrap-up is pending); the call rings at its destination.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), call_id = id))]
async fn transfer(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
    body: Result<Json<TransferRequest>, JsonRejection>,
) -> Result<Json<CallView>, ApiError> {
    let Json(request) = body.map_err(json_error)?;
    let policy = state.policy();
    let mut tx = state.store.begin().await?;
    let call = own_call(&mut tx, id, auth.id()).await?;
    ensure_in_progress_with(&call, auth.id())?;
    let from_queue = call.view().queue;
    let (to_agent, to_queue) = match request {
        TransferRequest::Agent { agent_id } => {
            if agent_id == auth.id() {
                return Err(ApiError::InvalidBody(
                    "a call cannot be transferred to yourself".into(),
                ));
            }
            let team = team::read(&mut tx.tx, now_ms() - policy.after_call_ms).await?;
            let member = team
                .members
                .iter()
                .find(|m| m.agent.id as u64 == agent_id && m.agent.role() == AgentRole::Agent)
                .ok_or_else(|| ApiError::NotFound(format!("no agent {agent_id} takes calls")))?;
            if !member.is_free() {
                return Err(ApiError::Conflict(format!(
                    "{} cannot take a call now ({})",
                    member.agent.name(),
                    unavailability(member)
                )));
            }
            (Some(member.agent.reference()), None)
        }
        TransferRequest::Queue { queue_id } => {
            let queue = agents::all_queues(&mut tx.tx)
                .await?
                .into_iter()
                .find(|q| q.id == queue_id)
                .ok_or_else(|| ApiError::NotFound(format!("no queue {queue_id}")))?;
            (None, Some(queue))
        }
    };
    let transfer = CallTransfer {
        from_agent: auth.agent.reference(),
        to_agent,
        from_queue,
        to_queue,
        at: now_ms(),
    };
    routing::transfer_call(&mut tx, &call, &transfer, policy).await?;
    let vars = crate::crm::flows::call_variables(&state, &call);
    crate::crm::flows::transferred(
        &mut tx,
        &state,
        protocol::crm::CrmSessionRef::Call(id),
        &transfer,
        &vars,
    )
    .await?;
    let view = calls::current_view(&mut tx.tx, &call).await?;
    tx.commit(&state.hub).await?;
    tracing::info!(to = %transfer.destination(), "call transferred");
    Ok(Json(view))
}

/// Why a team member cannot take a call, for the 409 message.
fn unavailability(member: &team::Member) -> &'static str {
    if member.on_call {
        "on a call"
    } else if member.ringing {
        "a call is ringing"
    } else if member.after_call_work {
        "wrapping up a call"
    } else {
        match member.agent.status() {
            protocol::api::AgentStatus::Break => "on break",
            _ => "offline",
        }
    }
}
