//! Login and logout.

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use protocol::api::{AgentStatus, LoginRequest, LoginResponse};

use std::sync::OnceLock;

use crate::auth::{AuthAgent, hash_password, new_token, token_hash, verify_password};
use crate::error::ApiError;
use crate::routes::json_error;
use crate::routing;
use crate::state::AppState;
use crate::store::{agents, now_ms, sessions};

/// `/api/v1/auth/login`, `/api/v1/auth/logout`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/logout", post(logout))
}

/// Checks the password, opens a session and makes an offline agent available.
#[tracing::instrument(skip_all)]
async fn login(
    State(state): State<AppState>,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let Json(request) = body.map_err(json_error)?;
    let key = request.email.trim().to_lowercase();
    if let Err(not_until) = state.login_limiter.check_key(&key) {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        state.metrics.login_failed();
        tracing::warn!("sign-in attempts limited");
        return Err(ApiError::TooManyAttempts(wait.as_secs().max(1)));
    }
    let agent = {
        let mut conn = state.store.read.acquire().await?;
        agents::by_email(&mut conn, &request.email).await?
    };
    // Verify against a real hash even for unknown emails so timing does not reveal accounts.
    let hash = match &agent {
        Some(agent) => agent.password_hash.clone(),
        None => dummy_hash().to_owned(),
    };
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let agent = match agent {
        Some(agent) if matches => agent,
        _ => {
            state.metrics.login_failed();
            return Err(ApiError::InvalidCredentials);
        }
    };

    let token = new_token();
    let expires_at = now_ms() + i64::from(state.settings.auth.session_ttl_hours) * 3_600_000;
    let mut tx = state.store.begin().await?;
    sessions::create(&mut tx.tx, &token_hash(&token), agent.id as u64, expires_at).await?;
    if agent.status() == AgentStatus::Offline {
        routing::change_status(
            &mut tx,
            agent.id as u64,
            AgentStatus::Available,
            state.policy(),
        )
        .await?;
    }
    let agent = agents::by_id(&mut tx.tx, agent.id as u64)
        .await?
        .unwrap_or(agent);
    let profile = agents::profile(&mut tx.tx, &agent).await?;
    tx.commit(&state.hub).await?;
    tracing::info!(agent_id = profile.id, "agent logged in");
    Ok(Json(LoginResponse {
        token,
        expires_at,
        agent: profile,
    }))
}

/// Ends the session; the agent goes offline when it was their last one.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn logout(State(state): State<AppState>, auth: AuthAgent) -> Result<StatusCode, ApiError> {
    let mut tx = state.store.begin().await?;
    let remaining = sessions::delete(&mut tx.tx, &auth.session_hash, auth.id()).await?;
    if remaining == 0 {
        routing::change_status(&mut tx, auth.id(), AgentStatus::Offline, state.policy()).await?;
    }
    tx.commit(&state.hub).await?;
    tracing::info!("agent logged out");
    Ok(StatusCode::NO_CONTENT)
}

/// An Argon2id hash of a random password, checked when the email is unknown.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(&new_token()).unwrap_or_default())
}
