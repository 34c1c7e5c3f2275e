//! Unauthenticated routes: liveness, metrics and the widget's public configuration.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use protocol::api::AdapterConfig;

use crate::error::ApiError;
use crate::metrics::StoreGauges;
use crate::state::AppState;

/// `/healthz`, `/metrics`, `/api/v1/config`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
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

/// Prometheus text: counters plus call, agent, chat and outbox gauges read from the store.
async fn metrics(State(state): State<AppState>) -> Result<String, ApiError> {
    let mut conn = state.store.read.acquire().await?;
    let calls: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM calls WHERE state <> 'ended' GROUP BY state")
            .fetch_all(&mut *conn)
            .await?;
    let agents: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM agents WHERE active = 1 GROUP BY status")
            .fetch_all(&mut *conn)
            .await?;
    let count = |rows: &[(String, i64)], key: &str| {
        rows.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
    };
    let mut text = state.metrics.render(StoreGauges {
        calls_ringing: count(&calls, "ringing"),
        calls_active: count(&calls, "active"),
        agents: [
            count(&agents, "available"),
            count(&agents, "break"),
            count(&agents, "offline"),
        ],
    });
    text.push_str(&crate::outbox::render_metrics(&mut conn).await?);
    text.push_str(&crate::store::crm::render_metrics(&mut conn).await?);
    let waiting = crate::store::assist::waiting_count(&mut conn).await?;
    text.push_str(&format!(
        "# HELP agent_adapter_assist_waiting Suggestion requests waiting for Optimly.\n\
         # TYPE agent_adapter_assist_waiting gauge\nagent_adapter_assist_waiting {waiting}\n"
    ));
    Ok(text)
}
