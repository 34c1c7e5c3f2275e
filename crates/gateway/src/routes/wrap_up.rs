//! After-call work: the disposition and notes of a call the agent handled.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::routing::put;
use axum::{Json, Router};
use protocol::api::{WRAP_UP_NOTES_MAX_CHARS, WrapUpRequest, WrapUpView};
use protocol::stream::StreamEvent;

use crate::auth::AuthAgent;
use crate::error::ApiError;
use crate::routes::json_error;
use crate::routing;
use crate::state::AppState;
use crate::store::{agents, legs};

/// `PUT /api/v1/calls/{id}/wrap-up`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/calls/{id}/wrap-up", put(save))
}

/// Saves (or corrects) the wrap-up of this agent's latest finished part in the call. The first
/// save ends their after-call work: they may be offered the next call at once.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), call_id = id))]
async fn save(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
    body: Result<Json<WrapUpRequest>, JsonRejection>,
) -> Result<Json<WrapUpView>, ApiError> {
    let Json(request) = body.map_err(json_error)?;
    let dispositions = &state.settings.wrap_up.dispositions;
    if !dispositions.iter().any(|d| d.code == request.disposition) {
        let known: Vec<&str> = dispositions.iter().map(|d| d.code.as_str()).collect();
        return Err(ApiError::InvalidBody(format!(
            "unknown disposition `{}`; choose one of: {}",
            request.disposition,
            known.join(", ")
        )));
    }
    let notes = request.notes.trim();
    let length = notes.chars().count();
    if length > WRAP_UP_NOTES_MAX_CHARS {
        return Err(ApiError::InvalidBody(format!(
            "notes are {length} characters long; at most {WRAP_UP_NOTES_MAX_CHARS} are kept"
        )));
    }
    let mut tx = state.store.begin().await?;
    let leg = legs::latest_finished(&mut tx.tx, id, auth.id())
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("you have not finished call {id}")))?;
    let first_save = leg.wrapped_up_at.is_none();
    legs::save_wrap_up(&mut tx.tx, leg.id, &request.disposition, notes).await?;
    let saved = legs::latest_finished(&mut tx.tx, id, auth.id())
        .await?
        .unwrap_or(leg)
        .view();
    tx.emit(
        auth.id(),
        StreamEvent::WrapUpSaved {
            wrap_up: saved.clone(),
        },
    )
    .await?;
    if let Some(call) = crate::store::calls::by_id(&mut tx.tx, id).await? {
        let vars = crate::crm::flows::call_variables(&state, &call);
        let label = dispositions
            .iter()
            .find(|d| d.code == request.disposition)
            .map_or(request.disposition.as_str(), |d| d.label.as_str());
        crate::crm::flows::wrapped_up(
            &mut tx,
            &state,
            protocol::crm::CrmSessionRef::Call(id),
            (request.disposition.as_str(), label),
            notes,
            &vars,
        )
        .await?;
    }
    crate::storage::call_wrapped_up(&mut tx, id).await?;
    if first_save {
        agents::mark_idle(&mut tx.tx, auth.id()).await?;
        routing::dispatch(&mut tx, state.policy()).await?;
    }
    tx.commit(&state.hub).await?;
    tracing::info!(disposition = %saved.disposition.as_deref().unwrap_or_default(), "wrap-up saved");
    Ok(Json(saved))
}
