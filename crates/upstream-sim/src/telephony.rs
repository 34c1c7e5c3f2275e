//! The simulated telephony source (a PBX/CTI in front of the contact center).
//!
//! It rings calls into the gateway through `POST /webhooks/telephony/{secret}` and hangs them
//! up again, exactly as a real PBX integration would. Use it from Rust with [`TelephonySim`]
//! or over HTTP:
//!
//! - `POST /telephony/calls` with `{"callerPhone"?, "queue"?, "agent"?, "destinationPhone"?}`
//!   rings a new call and answers `{"externalId", "gatewayStatus", "gatewayBody"}`;
//! - `POST /telephony/calls/{externalId}/hangup` reports that the caller hung up;
//! - `GET /telephony/calls` lists the calls this simulator started, oldest first.
//!
//! When the gateway refuses a webhook the answer is `502` carrying the gateway's status and
//! body; when it cannot be reached at all, `502` with `error: "gateway_unreachable"`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use protocol::telephony::{TelephonyEventKind, TelephonyWebhook};
use reqwest::Url;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::config::url_with_segments;

/// The number callers dial when a ring request names none.
pub const DEFAULT_DESTINATION_PHONE: &str = "0033123456789";

/// What to ring: the body of `POST /telephony/calls`. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RingRequest {
    /// Caller number as the PBX would send it; empty or absent for a private number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_phone: Option<String>,
    /// Queue name (`sales-fr`, `support`); the gateway picks its first queue when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// Email of an agent the PBX already picked (routing strategy 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// Number dialled; [`DEFAULT_DESTINATION_PHONE`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_phone: Option<String>,
}

/// Where a simulated call is, from the PBX's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SimCallState {
    /// The caller is on the line (ringing or talking: the PBX does not care which).
    InProgress,
    /// The caller hung up.
    Ended,
}

/// A call this simulator started and the gateway accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimCall {
    /// The PBX's id for the call (`externalId` of the webhooks).
    pub external_id: String,
    /// Caller number, `None` for a private number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_phone: Option<String>,
    /// Number dialled.
    pub destination_phone: String,
    /// Queue name sent with the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// Agent email sent with the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// `startDate` sent with the call (`Y-m-d H:i:s`, UTC).
    pub start_date: String,
    /// In progress or ended.
    pub state: SimCallState,
    /// The gateway's id for the call (`callId` of its answer), when it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway_call_id: Option<u64>,
}

/// How the gateway answered one webhook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// The call the webhook was about.
    pub external_id: String,
    /// HTTP status the gateway answered with.
    pub gateway_status: u16,
    /// The gateway's body: parsed JSON, or a JSON string holding the raw text when it was not
    /// JSON, or `null` when it was empty.
    pub gateway_body: serde_json::Value,
}

impl Delivery {
    /// Whether the gateway accepted the webhook (2xx).
    pub fn accepted(&self) -> bool {
        (200..300).contains(&self.gateway_status)
    }

    /// `callId` from the gateway's answer.
    pub fn gateway_call_id(&self) -> Option<u64> {
        self.gateway_body
            .get("callId")
            .and_then(serde_json::Value::as_u64)
    }
}

/// Why a simulated telephony action could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The HTTP request to the gateway failed before any answer (refused, timed out, …).
    #[error("could not reach the gateway at {origin}: {source}")]
    Unreachable {
        /// Origin of the gateway (the webhook path holds the secret, so it is left out).
        origin: String,
        /// What went wrong, without the URL.
        source: reqwest::Error,
    },
    /// No call with this external id was started by this simulator.
    #[error("no call with external id {0:?} was started by this simulator")]
    UnknownCall(String),
}

/// The simulated telephony source. Cheap to clone; clones share their calls.
#[derive(Clone, Debug)]
pub struct TelephonySim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    webhook_url: Url,
    id_prefix: String,
    next_id: AtomicU64,
    calls: Mutex<Vec<SimCall>>,
}

impl TelephonySim {
    /// A telephony source posting to `{gateway_url}/webhooks/telephony/{secret}`.
    pub fn new(gateway_url: &Url, secret: &str) -> Self {
        Self::with_client(reqwest::Client::new(), gateway_url, secret)
    }

    /// Like [`TelephonySim::new`] with a caller-supplied HTTP client (timeouts, proxies).
    pub fn with_client(http: reqwest::Client, gateway_url: &Url, secret: &str) -> Self {
        // External ids must not repeat across simulator restarts: the gateway keeps its calls
        // in a durable store and treats a known external id as a duplicate delivery.
        let boot_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis())
            .unwrap_or_default();
        Self {
            inner: Arc::new(Inner {
                http,
                webhook_url: url_with_segments(gateway_url, &["webhooks", "telephony", secret]),
                id_prefix: format!("sim-{boot_ms}"),
                next_id: AtomicU64::new(1),
                calls: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Rings a new call: posts a `ringing` webhook and, when the gateway accepts it, remembers
    /// the call so that it can be hung up later.
    ///
    /// A refusal by the gateway is not an error here: the returned [`Delivery`] carries its
    /// status and body.
    #[tracing::instrument(skip(self))]
    pub async fn ring(&self, request: RingRequest) -> Result<Delivery, SimError> {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        let mut call = SimCall {
            external_id: format!("{}-{id}", self.inner.id_prefix),
            caller_phone: request
                .caller_phone
                .map(|phone| phone.trim().to_owned())
                .filter(|phone| !phone.is_empty()),
            destination_phone: request
                .destination_phone
                .unwrap_or_else(|| DEFAULT_DESTINATION_PHONE.to_owned()),
            queue: request.queue.filter(|queue| !queue.is_empty()),
            agent: request.agent.filter(|agent| !agent.is_empty()),
            start_date: format_start_date(OffsetDateTime::now_utc()),
            state: SimCallState::InProgress,
            gateway_call_id: None,
        };
        let delivery = self
            .send(&webhook_for(&call, TelephonyEventKind::Ringing))
            .await?;
        if delivery.accepted() {
            call.gateway_call_id = delivery.gateway_call_id();
            self.lock_calls().push(call);
        }
        Ok(delivery)
    }

    /// Reports that the caller of `external_id` hung up: posts an `ended` webhook with the
    /// same fields the call rang with.
    #[tracing::instrument(skip(self))]
    pub async fn hang_up(&self, external_id: &str) -> Result<Delivery, SimError> {
        let call = self
            .call(external_id)
            .ok_or_else(|| SimError::UnknownCall(external_id.to_owned()))?;
        let delivery = self
            .send(&webhook_for(&call, TelephonyEventKind::Ended))
            .await?;
        if delivery.accepted() {
            for known in self.lock_calls().iter_mut() {
                if known.external_id == external_id {
                    known.state = SimCallState::Ended;
                }
            }
        }
        Ok(delivery)
    }

    /// Posts any webhook body as is, e.g. a repeated delivery. The simulator's call list is
    /// left alone.
    #[tracing::instrument(skip_all, fields(event = ?webhook.event, external_id = %webhook.external_id))]
    pub async fn send(&self, webhook: &TelephonyWebhook) -> Result<Delivery, SimError> {
        let unreachable = |source: reqwest::Error| SimError::Unreachable {
            origin: self.inner.webhook_url.origin().ascii_serialization(),
            source: source.without_url(),
        };
        let response = self
            .inner
            .http
            .post(self.inner.webhook_url.clone())
            .json(webhook)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let text = response.text().await.map_err(unreachable)?;
        let delivery = Delivery {
            external_id: webhook.external_id.clone(),
            gateway_status: status.as_u16(),
            gateway_body: parse_body(&text),
        };
        if delivery.accepted() {
            tracing::info!(
                status = status.as_u16(),
                "gateway accepted the telephony webhook"
            );
        } else {
            tracing::warn!(status = status.as_u16(), body = %text, "gateway refused the telephony webhook");
        }
        Ok(delivery)
    }

    /// The call started with `external_id`, if any.
    pub fn call(&self, external_id: &str) -> Option<SimCall> {
        self.lock_calls()
            .iter()
            .find(|call| call.external_id == external_id)
            .cloned()
    }

    /// Every call this simulator started (and the gateway accepted), oldest first.
    pub fn calls(&self) -> Vec<SimCall> {
        self.lock_calls().clone()
    }

    fn lock_calls(&self) -> MutexGuard<'_, Vec<SimCall>> {
        // The list is only pushed to and updated in place, so a panic elsewhere cannot leave
        // it half-written: keep using it.
        self.inner
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn webhook_for(call: &SimCall, event: TelephonyEventKind) -> TelephonyWebhook {
    TelephonyWebhook {
        event,
        caller_phone: call.caller_phone.clone(),
        destination_phone: call.destination_phone.clone(),
        start_date: call.start_date.clone(),
        queue: call.queue.clone(),
        agent: call.agent.clone(),
        external_id: call.external_id.clone(),
    }
}

/// `Y-m-d H:i:s`, the PBX date format of the telephony webhook.
pub fn format_start_date(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

pub(crate) fn parse_body(text: &str) -> serde_json::Value {
    if text.trim().is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_owned()))
    }
}

/// The HTTP face of the telephony simulator (`/telephony/...`).
pub fn router(sim: TelephonySim) -> Router {
    Router::new()
        .route("/telephony/calls", post(ring_call).get(list_calls))
        .route("/telephony/calls/{external_id}/hangup", post(hang_up_call))
        .with_state(sim)
}

async fn ring_call(
    State(sim): State<TelephonySim>,
    body: Result<Json<RingRequest>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => delivery_response(sim.ring(request).await),
        Err(rejection) => ErrorBody::new("invalid_body", rejection.body_text())
            .into_response_with(StatusCode::BAD_REQUEST),
    }
}

async fn hang_up_call(
    State(sim): State<TelephonySim>,
    Path(external_id): Path<String>,
) -> Response {
    delivery_response(sim.hang_up(&external_id).await)
}

async fn list_calls(State(sim): State<TelephonySim>) -> Json<Vec<SimCall>> {
    Json(sim.calls())
}

fn delivery_response(result: Result<Delivery, SimError>) -> Response {
    match result {
        Ok(delivery) if delivery.accepted() => (StatusCode::OK, Json(delivery)).into_response(),
        Ok(delivery) => ErrorBody::gateway_rejected(delivery.gateway_status, delivery),
        Err(error @ SimError::Unreachable { .. }) => {
            ErrorBody::new("gateway_unreachable", error.to_string())
                .into_response_with(StatusCode::BAD_GATEWAY)
        }
        Err(error @ SimError::UnknownCall(_)) => ErrorBody::new("unknown_call", error.to_string())
            .into_response_with(StatusCode::NOT_FOUND),
    }
}

/// Error answer of this simulator's control endpoints.
type ErrorBody = crate::reply::ErrorBody<Delivery>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_date_is_formatted_as_the_pbx_sends_it() {
        let at = OffsetDateTime::from_unix_timestamp(1_519_822_633).expect("valid timestamp");
        assert_eq!(format_start_date(at), "2018-02-28 12:57:13");
    }

    #[test]
    fn start_date_is_converted_to_utc() {
        let offset = time::UtcOffset::from_hms(2, 0, 0).expect("valid offset");
        let at = OffsetDateTime::from_unix_timestamp(1_519_822_633)
            .expect("valid timestamp")
            .to_offset(offset);
        assert_eq!(format_start_date(at), "2018-02-28 12:57:13");
    }

    #[test]
    fn a_non_json_gateway_body_is_kept_as_text() {
        assert_eq!(parse_body("oops"), serde_json::json!("oops"));
        assert_eq!(parse_body(""), serde_json::Value::Null);
        assert_eq!(
            parse_body(r#"{"callId":3}"#),
            serde_json::json!({"callId": 3})
        );
    }

    #[test]
    fn only_2xx_deliveries_count_as_accepted() {
        let delivery = |status| Delivery {
            external_id: "x".to_owned(),
            gateway_status: status,
            gateway_body: serde_json::json!({"callId": 9}),
        };
        assert!(delivery(200).accepted());
        assert!(!delivery(401).accepted());
        assert!(!delivery(500).accepted());
        assert_eq!(delivery(200).gateway_call_id(), Some(9));
    }

    #[test]
    fn the_webhook_url_holds_the_secret_as_one_path_segment() {
        let gateway = Url::parse("http://127.0.0.1:8700").expect("test URL parses");
        let sim = TelephonySim::new(&gateway, "demo-telephony-secret");
        assert_eq!(
            sim.inner.webhook_url.as_str(),
            "http://127.0.0.1:8700/webhooks/telephony/demo-telephony-secret"
        );
    }
}
