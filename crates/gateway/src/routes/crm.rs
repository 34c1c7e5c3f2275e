//! `GET /api/v1/crm/sessions/{call|chat}/{id}`: the CRM side of a session with its custom
//! lookup URL; `GET /api/v1/crm/dead`: the CRM calls given up (supervisors only).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use protocol::api::AgentRole;
use protocol::crm::{CrmDeadLetter, CrmSessionRef, CrmSessionView};

use crate::auth::AuthAgent;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::crm;

/// `/api/v1/crm/dead`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/crm/dead", get(dead_letters))
        .route("/api/v1/crm/sessions/{kind}/{id}", get(session))
}

/// The CRM side of a call or chat of this agent: lookup state, record URL, and (while the
/// session is open) the custom lookup URL for Open / Copy.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn session(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path((kind, id)): Path<(String, u64)>,
) -> Result<Json<CrmSessionView>, ApiError> {
    let session = match kind.as_str() {
        "call" => CrmSessionRef::Call(id),
        "chat" => CrmSessionRef::Chat(id),
        other => {
            return Err(ApiError::NotFound(format!(
                "`{other}` is not a session kind; use call or chat"
            )));
        }
    };
    let not_found = || ApiError::NotFound(format!("{kind} {id} has no CRM side for you"));
    let mut conn = state.store.read.acquire().await?;
    let (view, agent) = crate::crm::flows::live_view(&mut conn, &state, session)
        .await?
        .ok_or_else(not_found)?;
    if agent != Some(auth.id()) {
        return Err(not_found());
    }
    Ok(Json(view))
}

/// CRM calls given up, newest first: the CRM refused them with a status the retry policy does
/// not retry, or they failed for their whole retry window.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn dead_letters(
    State(state): State<AppState>,
    auth: AuthAgent,
) -> Result<Json<Vec<CrmDeadLetter>>, ApiError> {
    if auth.agent.role() != AgentRole::Supervisor {
        return Err(ApiError::Forbidden("dead letters are for supervisors"));
    }
    let mut conn = state.store.read.acquire().await?;
    Ok(Json(crm::dead_letters(&mut conn, 500).await?))
}
