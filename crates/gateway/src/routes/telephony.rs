//! `POST /webhooks/telephony/{secret}`: the PBX reports ringing and ended calls.
//!
//! The secret in the path authenticates the PBX (compared in constant time, never logged).
//! The body is validated completely before anything is stored; a repeated delivery of the same
//! `externalId` is acknowledged with `"duplicate": true` and has no second effect.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::post;
use axum::{Json, Router};
use protocol::api::{CallState, CallerContext, ContextStatus, EndReason};
use protocol::host::SESSION_TYPE_VOICE_INBOUND;
use protocol::telephony::{TelephonyEventKind, TelephonyWebhook};
use secrecy::ExposeSecret;
use serde::Serialize;

use crate::auth::secrets_match;
use crate::connectors::optico;
use crate::error::ApiError;
use crate::phone::{CallerNumber, Region};
use crate::routing;
use crate::state::AppState;
use crate::store::{WriteTx, agents, calls, contexts};

/// Largest accepted webhook body.
const MAX_BODY: usize = 64 * 1024;

/// `/webhooks/telephony/{secret}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks/telephony/{secret}", post(receive))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// Answer to the PBX.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Receipt {
    /// Our call id.
    call_id: u64,
    /// True when this delivery repeated one already processed.
    duplicate: bool,
}

#[tracing::instrument(skip_all, fields(external_id, event))]
async fn receive(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Receipt>, ApiError> {
    let result = match body {
        Ok(body) => process(&state, &secret, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    match &result {
        Ok(_) => state.metrics.webhook_accepted(),
        Err(
            ApiError::Unauthorized(_)
            | ApiError::InvalidBody(_)
            | ApiError::PayloadTooLarge(_)
            | ApiError::NotFound(_),
        ) => state.metrics.webhook_rejected(),
        Err(_) => {}
    }
    result.map(Json)
}

async fn process(state: &AppState, secret: &str, body: &[u8]) -> Result<Receipt, ApiError> {
    if !secrets_match(
        secret,
        state.settings.webhooks.telephony_secret.expose_secret(),
    ) {
        tracing::warn!("telephony webhook with a wrong secret rejected");
        return Err(ApiError::Unauthorized("wrong webhook secret"));
    }
    let hook = parse(body)?;
    tracing::Span::current().record("external_id", hook.external_id.as_str());
    let receipt = match hook.event {
        TelephonyEventKind::Ringing => {
            tracing::Span::current().record("event", "ringing");
            ringing(state, hook).await?
        }
        TelephonyEventKind::Ended => {
            tracing::Span::current().record("event", "ended");
            ended(state, &hook).await?
        }
    };
    Ok(receipt)
}

/// A webhook body as a [`TelephonyWebhook`], or the 400 saying what is wrong.
pub fn parse(body: &[u8]) -> Result<TelephonyWebhook, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::InvalidBody(format!("telephony webhook body: {e}")))
}

/// The checked fields of a `ringing` delivery.
#[derive(Debug)]
pub struct Ringing<'a> {
    /// The PBX's id of the call.
    pub external_id: &'a str,
    /// The number called.
    pub destination: &'a str,
    /// `startDate` in Unix milliseconds.
    pub started_at: i64,
    /// The caller.
    pub caller: CallerNumber,
}

/// Checks the fields of a `ringing` delivery (numbers without a country code are read in
/// `region`). Public for the fuzz targets (`fuzz/`).
pub fn check_ringing(hook: &TelephonyWebhook, region: Region) -> Result<Ringing<'_>, ApiError> {
    Ok(Ringing {
        external_id: non_empty("externalId", &hook.external_id)?,
        destination: non_empty("destinationPhone", &hook.destination_phone)?,
        started_at: parse_start_date(&hook.start_date)?,
        caller: CallerNumber::parse(hook.caller_phone.as_deref(), region)
            .map_err(ApiError::InvalidBody)?,
    })
}

/// Validates a ringing call, stores it and routes it.
async fn ringing(state: &AppState, hook: TelephonyWebhook) -> Result<Receipt, ApiError> {
    let region = state
        .settings
        .routing
        .default_region
        .parse()
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("invalid default_region")))?;
    let Ringing {
        external_id,
        destination,
        started_at,
        caller,
    } = check_ringing(&hook, region)?;
    let queue = match hook
        .queue
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        Some(name) => state.settings.queue_by_name(name).ok_or_else(|| {
            let known: Vec<&str> = state
                .settings
                .queues
                .iter()
                .map(|q| q.name.as_str())
                .collect();
            ApiError::InvalidBody(format!(
                "unknown queue `{name}`; configured queues: {}",
                known.join(", ")
            ))
        })?,
        None => &state.settings.queues[0],
    };

    let mut tx = state.store.begin().await?;
    let requested_agent_id = match hook
        .agent
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(email) => match agents::by_email(&mut tx.tx, email).await? {
            Some(agent) => Some(agent.id as u64),
            // A repeated delivery is acknowledged even if its agent has left since.
            None => {
                return duplicate_of(&mut tx, external_id)
                    .await?
                    .ok_or_else(|| ApiError::InvalidBody(format!("unknown agent `{email}`")));
            }
        },
        None => None,
    };
    let new_call = calls::insert_new(
        &mut tx.tx,
        &calls::NewCall {
            external_id: external_id.to_owned(),
            caller_phone: caller.e164,
            caller_display: caller.display,
            destination_phone: destination.to_owned(),
            queue_id: queue.id,
            session_type: SESSION_TYPE_VOICE_INBOUND.to_owned(),
            requested_agent_id,
            started_at,
        },
    )
    .await?;
    let Some(call_id) = new_call else {
        return duplicate_of(&mut tx, external_id)
            .await?
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a conflicting call vanished")));
    };
    if state.optico.is_some() {
        let loading = CallerContext {
            status: ContextStatus::Loading,
            reason: None,
            matches: Vec::new(),
        };
        contexts::save(&mut tx.tx, call_id, &loading).await?;
    }
    routing::dispatch(&mut tx, state.policy()).await?;
    tx.commit(&state.hub).await?;
    tracing::info!(call_id, queue = %queue.name, "call ringing");
    if state.optico.is_some() {
        tokio::spawn(optico::look_up(state.clone(), call_id));
    }
    Ok(Receipt {
        call_id,
        duplicate: false,
    })
}

/// The receipt of a repeated `ringing` delivery: the call already stored under `external_id`.
async fn duplicate_of(tx: &mut WriteTx, external_id: &str) -> Result<Option<Receipt>, ApiError> {
    Ok(calls::by_external_id(&mut tx.tx, external_id)
        .await?
        .map(|existing| Receipt {
            call_id: existing.id as u64,
            duplicate: true,
        }))
}

/// The caller hung up: ends the call wherever it is.
async fn ended(state: &AppState, hook: &TelephonyWebhook) -> Result<Receipt, ApiError> {
    let external_id = non_empty("externalId", &hook.external_id)?;
    let mut tx = state.store.begin().await?;
    let call = calls::by_external_id(&mut tx.tx, external_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no call with externalId `{external_id}`")))?;
    let reason = match call.state() {
        CallState::Ended => {
            return Ok(Receipt {
                call_id: call.id as u64,
                duplicate: true,
            });
        }
        CallState::Ringing => EndReason::Abandoned,
        CallState::Active => EndReason::CallerHungUp,
    };
    routing::end_call(&mut tx, &call, reason, state.policy()).await?;
    crate::crm::flows::call_ended(&mut tx, state, call.id as u64).await?;
    crate::storage::call_ended(&mut tx, state, call.id as u64).await?;
    tx.commit(&state.hub).await?;
    tracing::info!(call_id = call.id, ?reason, "call ended by telephony");
    Ok(Receipt {
        call_id: call.id as u64,
        duplicate: false,
    })
}

/// Longest accepted `externalId` and phone number, in characters.
const MAX_FIELD_CHARS: usize = 200;

/// A mandatory field, trimmed: not empty, at most [`MAX_FIELD_CHARS`] characters.
fn non_empty<'a>(field: &str, value: &'a str) -> Result<&'a str, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ApiError::InvalidBody(format!(
            "`{field}` must not be empty"
        )));
    }
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(ApiError::InvalidBody(format!(
            "`{field}` must be at most {MAX_FIELD_CHARS} characters"
        )));
    }
    Ok(value)
}

/// `Y-m-d H:i:s` (UTC) to Unix milliseconds.
fn parse_start_date(value: &str) -> Result<i64, ApiError> {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(value.trim(), format)
        .map(|t| (t.assume_utc().unix_timestamp_nanos() / 1_000_000) as i64)
        .map_err(|_| {
            ApiError::InvalidBody(format!(
                "`startDate` `{value}` must be `Y-m-d H:i:s`, e.g. 2018-02-28 12:57:13"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_date_in_the_documented_format_is_read_as_utc() {
        assert_eq!(
            parse_start_date("2018-02-28 12:57:13").ok(),
            Some(1_519_822_633_000)
        );
    }

    #[test]
    fn start_date_in_another_format_is_rejected() {
        assert!(parse_start_date("28/02/2018 12:57").is_err());
        assert!(parse_start_date("2018-02-28T12:57:13Z").is_err());
    }
}
