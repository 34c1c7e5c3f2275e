//! Agent assist for the widget: `POST /api/v1/chats/{id}/assist/retry` asks again for the
//! suggestion of a chat's latest customer message; `POST /api/v1/assist/lead` and
//! `POST /api/v1/assist/appointment` send the agent's lead and appointment forms to Optimly for
//! the customer of one of their calls or chats.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use protocol::assist::{AppointmentForm, AssistView, FieldError, LeadForm, ToolOutcome};
use protocol::crm::CrmSessionRef;
use protocol::optimly::{AppointmentRequest, LeadFormRequest, ToolResponse};

use crate::auth::AuthAgent;
use crate::connectors::optimly::{OptimlyClient, OptimlyError};
use crate::error::ApiError;
use crate::routes::chats::own_chat;
use crate::routes::json_error;
use crate::state::AppState;
use crate::store::{assist as store, calls, chats};

/// The assist routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/chats/{id}/assist/retry", post(retry))
        .route("/api/v1/assist/lead", post(lead))
        .route("/api/v1/assist/appointment", post(appointment))
}

fn client(state: &AppState) -> Result<&OptimlyClient, ApiError> {
    state
        .optimly
        .as_ref()
        .ok_or(ApiError::NotConfigured("Optimly is not configured"))
}

/// Asks again for the suggestion of the chat's latest customer message.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), chat_id = id))]
async fn retry(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path(id): Path<u64>,
) -> Result<Json<AssistView>, ApiError> {
    client(&state)?;
    let mut tx = state.store.begin().await?;
    let chat = own_chat(&mut tx.tx, id, auth.id()).await?;
    if chat.agent_id != Some(auth.id() as i64) {
        return Err(ApiError::Conflict(format!(
            "chat {id} is not in progress with you"
        )));
    }
    if !crate::assist::enabled_for(&state, chat.queue_id as u64) {
        return Err(ApiError::Conflict(format!(
            "the queue of chat {id} has no assist"
        )));
    }
    let message_id = store::latest_inbound(&mut tx.tx, id)
        .await?
        .ok_or_else(|| {
            ApiError::Conflict(format!("the customer has written nothing in chat {id}"))
        })?;
    let view = crate::assist::request(&mut tx, &state, &chat, message_id)
        .await?
        .ok_or_else(|| ApiError::Conflict(format!("chat {id} is not in progress")))?;
    tx.commit(&state.hub).await?;
    Ok(Json(view))
}

/// Checks that `session` is a call or chat this agent handles or handled.
async fn ensure_own_session(
    state: &AppState,
    agent_id: u64,
    session: Option<CrmSessionRef>,
) -> Result<(), ApiError> {
    let mut conn = state.store.read.acquire().await?;
    let me = Some(agent_id as i64);
    let owned = match session {
        None => true,
        Some(CrmSessionRef::Call(id)) => calls::by_id(&mut conn, id)
            .await?
            .is_some_and(|call| call.agent_id == me),
        Some(CrmSessionRef::Chat(id)) => chats::by_id(&mut conn, id)
            .await?
            .is_some_and(|chat| chat.agent_id == me),
    };
    if owned {
        Ok(())
    } else {
        Err(ApiError::NotFound(
            "that session is not handled by you".into(),
        ))
    }
}

fn refuse(problems: &[FieldError]) -> ApiError {
    let reasons: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.message))
        .collect();
    ApiError::InvalidBody(reasons.join("; "))
}

fn outcome(answer: Result<ToolResponse, OptimlyError>) -> Result<Json<ToolOutcome>, ApiError> {
    match answer {
        Ok(answer) => Ok(Json(ToolOutcome {
            reference: answer.reference(),
            message: answer.message(),
        })),
        Err(error) => {
            tracing::warn!(%error, "Optimly tool failed");
            Err(ApiError::Upstream(error.to_string()))
        }
    }
}

fn optional(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Sends the lead form to Optimly.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn lead(
    State(state): State<AppState>,
    auth: AuthAgent,
    body: Result<Json<LeadForm>, JsonRejection>,
) -> Result<Json<ToolOutcome>, ApiError> {
    let Json(form) = body.map_err(json_error)?;
    let client = client(&state)?;
    let problems = form.problems();
    if !problems.is_empty() {
        return Err(refuse(&problems));
    }
    ensure_own_session(&state, auth.id(), form.session).await?;
    let request = LeadFormRequest {
        full_name: form.full_name.trim().to_owned(),
        email: optional(&form.email),
        phone: optional(&form.phone),
        company: optional(&form.company),
        message: optional(&form.message),
    };
    let answer = client.lead(&request).await;
    if answer.is_ok() {
        tracing::info!("lead captured");
    }
    outcome(answer)
}

/// Sends the appointment form to Optimly.
#[tracing::instrument(skip_all, fields(agent_id = auth.id()))]
async fn appointment(
    State(state): State<AppState>,
    auth: AuthAgent,
    body: Result<Json<AppointmentForm>, JsonRejection>,
) -> Result<Json<ToolOutcome>, ApiError> {
    let Json(form) = body.map_err(json_error)?;
    let client = client(&state)?;
    // The agent's day may be behind UTC: yesterday (UTC) is the earliest day accepted here;
    // the widget checks against the agent's own today.
    let yesterday = time::OffsetDateTime::now_utc().date().previous_day();
    let earliest = yesterday
        .map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
        .unwrap_or_default();
    let problems = form.problems(&earliest);
    if !problems.is_empty() {
        return Err(refuse(&problems));
    }
    ensure_own_session(&state, auth.id(), form.session).await?;
    let request = AppointmentRequest {
        name: form.name.trim().to_owned(),
        email: form.email.trim().to_owned(),
        date: form.date.trim().to_owned(),
        time: form.time.trim().to_owned(),
        duration_minutes: form.duration_minutes,
        notes: optional(&form.notes),
    };
    let answer = client.appointment(&request).await;
    if answer.is_ok() {
        tracing::info!("appointment booked");
    }
    outcome(answer)
}
