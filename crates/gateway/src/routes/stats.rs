//! Live team statistics from DeepCall: the whole table for supervisors, the summary counts for
//! everyone (the call adapter's team line).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use protocol::api::AgentRole;
use protocol::deepcall::TeamStats;

use crate::auth::AuthAgent;
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/v1/stats/live`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/stats/live", get(live))
}

/// DeepCall's live statistics (cached by the connector). Agents get the summary only.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn live(State(state): State<AppState>, auth: AuthAgent) -> Result<Json<TeamStats>, ApiError> {
    let deepcall = state.deepcall.as_ref().ok_or(ApiError::NotConfigured(
        "live agent statistics are not configured (no [deepcall] section)",
    ))?;
    let mut stats = deepcall
        .live()
        .await
        .map_err(|error| ApiError::Upstream(error.to_string()))?;
    if auth.agent.role() != AgentRole::Supervisor {
        stats.agents.clear();
    }
    Ok(Json(stats))
}
