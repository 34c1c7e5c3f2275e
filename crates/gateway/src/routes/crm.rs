//! `GET /api/v1/crm/dead`: the CRM calls given up (supervisors only).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use protocol::api::AgentRole;
use protocol::crm::CrmDeadLetter;

use crate::auth::AuthAgent;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::crm;

/// `/api/v1/crm/dead`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/crm/dead", get(dead_letters))
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
