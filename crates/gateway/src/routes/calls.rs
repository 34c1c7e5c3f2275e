//! The agent's actions on calls: answer, decline, hang up.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use protocol::api::{CallState, CallView, EndReason, HoldRequest, RedactionRequest};
use protocol::crm::CrmSessionRef;
use protocol::stream::{StreamEvent, WithdrawReason};

use crate::auth::AuthAgent;
use crate::crm;
use crate::error::ApiError;
use crate::routes::json_error;
use crate::routing;
use crate::state::AppState;
use crate::store::{WriteTx, calls};

/// `/api/v1/calls/{id}/answer|decline|hangup|hold|redaction`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/calls/{id}/answer", post(answer))
        .route("/api/v1/calls/{id}/decline", post(decline))
        .route("/api/v1/calls/{id}/hangup", post(hangup))
        .route("/api/v1/calls/{id}/hold", put(hold))
        .route("/api/v1/calls/{id}/redaction", put(redaction))
}

/// The call, if this agent may see it (it rings at them or they handle it).
pub(crate) async fn own_call(
    tx: &mut WriteTx,
    id: u64,
    agent_id: u64,
) -> Result<calls::CallRow, ApiError> {
    let agent = Some(agent_id as i64);
    calls::by_id(&mut tx.tx, id)
        .await?
        .filter(|call| call.offered_agent_id == agent || call.agent_id == agent)
        .ok_or_else(|| ApiError::NotFound(format!("call {id} is not offered to or handled by you")))
}

/// Fails with 409 unless the call is ringing at `agent_id`.
fn ensure_ringing_at(call: &calls::CallRow, agent_id: u64) -> Result<(), ApiError> {
    if call.state() != CallState::Ringing || call.offered_agent_id != Some(agent_id as i64) {
        return Err(ApiError::Conflict(format!(
            "call {} is no longer ringing at you",
            call.id
        )));
    }
    Ok(())
}

/// Fails with 409 unless the call is in progress with `agent_id`.
pub(crate) fn ensure_in_progress_with(
    call: &calls::CallRow,
    agent_id: u64,
) -> Result<(), ApiError> {
    if call.state() != CallState::Active || call.agent_id != Some(agent_id as i64) {
        return Err(ApiError::Conflict(format!(
            "call {} is not in progress with you",
            call.id
        )));
    }
    Ok(())
}

/// Answers a call ringing at this agent.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), call_id = id))]
async fn answer(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<Json<CallView>, ApiError> {
    let mut tx = state.store.begin().await?;
    let call = own_call(&mut tx, id, auth.id()).await?;
    ensure_ringing_at(&call, auth.id())?;
    calls::answer(&mut tx.tx, id, auth.id()).await?;
    let view = calls::current_view(&mut tx.tx, &call).await?;
    tx.emit(auth.id(), StreamEvent::CallAnswered { call: view.clone() })
        .await?;
    // A transferred call: the agent who handed it over learns who took it.
    if let Some(transfer) = call.transfer() {
        let from = transfer.from_agent.id;
        if from != auth.id() {
            let agent = auth.agent.reference();
            tx.emit(
                from,
                StreamEvent::CallPartyAdded {
                    call: view.clone(),
                    agent,
                },
            )
            .await?;
        }
    }
    if let Some(answered) = calls::by_id(&mut tx.tx, id).await? {
        let vars = crm::flows::call_variables(&state, &answered);
        crm::flows::session_started(&mut tx, &state, CrmSessionRef::Call(id), auth.id(), &vars)
            .await?;
    }
    tx.commit(&state.hub).await?;
    tracing::info!("call answered");
    tokio::spawn(crate::connectors::optico::attach_agent(state.clone(), id));
    Ok(Json(view))
}

/// Declines a call ringing at this agent; it moves on to the next agent.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), call_id = id))]
async fn decline(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.store.begin().await?;
    let call = own_call(&mut tx, id, auth.id()).await?;
    ensure_ringing_at(&call, auth.id())?;
    routing::withdraw(&mut tx, &call, WithdrawReason::Declined, state.policy()).await?;
    tx.commit(&state.hub).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hangs up a call this agent is in.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), call_id = id))]
async fn hangup(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<Json<CallView>, ApiError> {
    let mut tx = state.store.begin().await?;
    let call = own_call(&mut tx, id, auth.id()).await?;
    ensure_in_progress_with(&call, auth.id())?;
    routing::end_call(&mut tx, &call, EndReason::AgentHungUp, state.policy()).await?;
    crm::flows::call_ended(&mut tx, &state, id).await?;
    crate::storage::call_ended(&mut tx, &state, id).await?;
    let view = calls::current_view(&mut tx.tx, &call).await?;
    tx.commit(&state.hub).await?;
    tracing::info!("call hung up by the agent");
    Ok(Json(view))
}

/// Puts the caller on hold or resumes the call.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), call_id = id))]
async fn hold(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
    body: Result<Json<HoldRequest>, JsonRejection>,
) -> Result<Json<CallView>, ApiError> {
    let Json(request) = body.map_err(json_error)?;
    let mut tx = state.store.begin().await?;
    let call = own_call(&mut tx, id, auth.id()).await?;
    ensure_in_progress_with(&call, auth.id())?;
    let changed = calls::set_hold(&mut tx.tx, id, request.on_hold).await?;
    finish_update(state, tx, auth.id(), &call, changed).await
}

/// Pauses or resumes the call recording (redaction).
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), call_id = id))]
async fn redaction(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
    body: Result<Json<RedactionRequest>, JsonRejection>,
) -> Result<Json<CallView>, ApiError> {
    let Json(request) = body.map_err(json_error)?;
    let mut tx = state.store.begin().await?;
    let call = own_call(&mut tx, id, auth.id()).await?;
    ensure_in_progress_with(&call, auth.id())?;
    let changed = calls::set_redacted(&mut tx.tx, id, request.redacted).await?;
    finish_update(state, tx, auth.id(), &call, changed).await
}

/// Tells the agent's streams about a change (if any), commits, and answers with the call.
async fn finish_update(
    state: AppState,
    mut tx: WriteTx,
    agent_id: u64,
    call: &calls::CallRow,
    changed: bool,
) -> Result<Json<CallView>, ApiError> {
    let view = calls::current_view(&mut tx.tx, call).await?;
    if changed {
        tx.emit(agent_id, StreamEvent::CallUpdated { call: view.clone() })
            .await?;
    }
    tx.commit(&state.hub).await?;
    Ok(Json(view))
}
