//! `POST /webhooks/optico/{secret}`: Optico pushes a new view, cart or order of a caller as the
//! form field `realtimeData`. Routed by Optico's `callId` to the agent handling that call;
//! updates for a call not known yet are kept and applied when its lookup returns.

use std::collections::HashMap;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use protocol::optico::RealtimeData;
use protocol::stream::StreamEvent;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::auth::secrets_match;
use crate::context::{Applied, apply};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{calls, contexts};

/// Largest accepted webhook body.
const MAX_BODY: usize = 256 * 1024;

/// `/webhooks/optico/{secret}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks/optico/{secret}", post(receive))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

#[tracing::instrument(skip_all, fields(optico_call_id))]
async fn receive(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let result = match body {
        Ok(body) => process(&state, &secret, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    match &result {
        Ok(_) => state.metrics.webhook_accepted(),
        Err(
            ApiError::Unauthorized(_) | ApiError::InvalidBody(_) | ApiError::PayloadTooLarge(_),
        ) => state.metrics.webhook_rejected(),
        Err(_) => {}
    }
    result
}

async fn process(
    state: &AppState,
    secret: &str,
    body: &[u8],
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Some(optico) = state.settings.optico.as_ref() else {
        return Err(ApiError::NotFound(
            "Optico is not configured on this gateway".into(),
        ));
    };
    if !secrets_match(secret, optico.webhook_secret.expose_secret()) {
        tracing::warn!("Optico webhook with a wrong secret rejected");
        return Err(ApiError::Unauthorized("wrong webhook secret"));
    }
    let data = parse(body)?;
    tracing::Span::current().record("optico_call_id", data.call_id);

    let mut tx = state.store.begin().await?;
    let Some(call_id) = contexts::call_for_optico(&mut tx.tx, data.call_id).await? else {
        contexts::keep_pending(&mut tx.tx, &data).await?;
        tx.commit(&state.hub).await?;
        tracing::info!("Optico update kept until its call is known");
        return Ok((StatusCode::ACCEPTED, Json(json!({ "status": "pending" }))));
    };
    let Some(mut context) = contexts::load(&mut tx.tx, call_id).await? else {
        contexts::keep_pending(&mut tx.tx, &data).await?;
        tx.commit(&state.hub).await?;
        return Ok((StatusCode::ACCEPTED, Json(json!({ "status": "pending" }))));
    };
    let change = match apply(&mut context.matches, &data) {
        Applied::Changed(change) => change,
        Applied::Duplicate => return Ok((StatusCode::OK, Json(json!({ "status": "duplicate" })))),
        Applied::UnknownCall => {
            contexts::keep_pending(&mut tx.tx, &data).await?;
            tx.commit(&state.hub).await?;
            return Ok((StatusCode::ACCEPTED, Json(json!({ "status": "pending" }))));
        }
    };
    contexts::save(&mut tx.tx, call_id, &context).await?;
    let call = calls::by_id(&mut tx.tx, call_id).await?;
    if let Some(agent_id) = call.and_then(|c| c.agent_id.or(c.offered_agent_id)) {
        let event = StreamEvent::CallContextUpdated {
            call_id,
            context,
            change: Some(change),
        };
        tx.emit(agent_id as u64, event).await?;
    }
    tx.commit(&state.hub).await?;
    Ok((StatusCode::OK, Json(json!({ "status": "applied" }))))
}

/// The `realtimeData` form field of a webhook body as validated [`RealtimeData`], or the 400
/// saying what is wrong. Public for the fuzz targets (`fuzz/`).
pub fn parse(body: &[u8]) -> Result<RealtimeData, ApiError> {
    // The form decoder would silently replace bytes that are not UTF-8.
    for pair in body.split(|b| *b == b'&') {
        if percent_encoding::percent_decode(pair)
            .decode_utf8()
            .is_err()
        {
            return Err(ApiError::InvalidBody(
                "the form body is not valid UTF-8 once decoded".into(),
            ));
        }
    }
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(body).map_err(|e| {
        ApiError::InvalidBody(format!(
            "the body must be form-encoded (realtimeData=…): {e}"
        ))
    })?;
    let raw = form
        .get("realtimeData")
        .ok_or_else(|| ApiError::InvalidBody("form field `realtimeData` is missing".into()))?;
    let data: RealtimeData = serde_json::from_str(raw)
        .map_err(|e| ApiError::InvalidBody(format!("realtimeData: {e}")))?;
    data.validate()
        .map_err(|e| ApiError::InvalidBody(format!("realtimeData: {e}")))?;
    Ok(data)
}
