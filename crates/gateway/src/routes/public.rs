//! Unauthenticated routes: liveness and the widget's public configuration.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use protocol::api::AdapterConfig;

use crate::error::ApiError;
use crate::state::AppState;

/// `/healthz`, `/api/v1/config`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/v1/config", get(config))
}

/// 200 when the store answers.
#[tracing::instrument(skip(state))]
async fn healthz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    sqlx::query("SELECT 1").execute(&state.store.read).await?;
    Ok(Json(serde_json::json!({ "status": "ok" })))
}

/// What the widget needs before login.
async fn config(State(state): State<AppState>) -> Json<AdapterConfig> {
    Json(AdapterConfig {
        allowed_origins: state.settings.allowed_origins.clone(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        protocol_version: protocol::PROTOCOL_VERSION,
        ring_timeout_secs: state.settings.routing.ring_timeout_secs,
    })
}
