//! The bot side of the Aimylogic Operator API (seed `aimylogic-operator-api.txt`).
//!
//! [`AimylogicSim`] behaves as the Aimylogic platform does towards a customer engagement
//! platform: it calls `{apiUrl}/setWebhook`, `getDestinations`, `selectDestination`,
//! `sendText`, `sendFile` and `closeChat` on the gateway, and receives the agent's events
//! (`TextMessage`, `FileMessage`, `Closed`, `SelectDestination`) on its webhook,
//! `POST /aimylogic/chatapi/webhook/operatorapi/{apiKey}` (the seed's path shape), recording
//! each one it accepts. The webhook can be switched to fail (answer 500 without recording) to
//! simulate an outage.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use protocol::aimylogic::{
    CloseChatRequest, DestinationsResponse, SelectDestinationRequest, SendFileRequest,
    SendTextRequest, SetWebhookRequest, WebhookEvent,
};
use reqwest::Url;
use serde::Serialize;
use serde_json::{Value, json};

/// The gateway's answer to one Operator API call.
#[derive(Clone, Debug, PartialEq)]
pub struct OperatorReply {
    /// HTTP status.
    pub status: u16,
    /// The body: parsed JSON, a JSON string holding the raw text when it was not JSON, or
    /// `null` when empty.
    pub body: Value,
}

impl OperatorReply {
    /// Whether the gateway accepted the call (2xx).
    pub fn accepted(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why an Operator API call could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AimylogicSimError {
    /// No answer from the gateway.
    #[error("could not reach the gateway: {0}")]
    Unreachable(#[from] reqwest::Error),
}

/// One webhook request the simulator received.
#[derive(Clone, Debug, PartialEq)]
pub struct Received {
    /// The `{apiKey}` path segment it came to.
    pub api_key: String,
    /// The event, as parsed.
    pub event: WebhookEvent,
    /// The body exactly as received (JSON).
    pub raw: Value,
}

#[derive(Debug, Default)]
struct Inbox {
    received: Mutex<Vec<Received>>,
    failing: AtomicBool,
    refused: AtomicU64,
}

/// The simulated Aimylogic platform for one Operator API channel.
#[derive(Clone, Debug)]
pub struct AimylogicSim {
    http: reqwest::Client,
    api_url: String,
    inbox: Arc<Inbox>,
}

impl AimylogicSim {
    /// A bot platform that calls the Operator API at `api_url`
    /// (`{gateway}/operator/{id}.{secret}`).
    pub fn new(api_url: &Url) -> Self {
        Self {
            http: reqwest::Client::new(),
            api_url: api_url.as_str().trim_end_matches('/').to_owned(),
            inbox: Arc::default(),
        }
    }

    /// The webhook URL to register for a simulator served at `base` (its origin and any path
    /// prefix under which [`AimylogicSim::router`] is mounted), with `api_key` as last segment.
    pub fn webhook_url(base: &Url, api_key: &str) -> String {
        format!(
            "{}/aimylogic/chatapi/webhook/operatorapi/{api_key}",
            base.as_str().trim_end_matches('/')
        )
    }

    /// `POST /aimylogic/chatapi/webhook/operatorapi/{apiKey}`: the receiving webhook.
    pub fn router(&self) -> Router {
        Router::new()
            .route(
                "/aimylogic/chatapi/webhook/operatorapi/{api_key}",
                post(receive),
            )
            .with_state(self.inbox.clone())
    }

    /// Makes the webhook answer 500 (recording nothing) while `failing` is true.
    pub fn set_failing(&self, failing: bool) {
        self.inbox.failing.store(failing, Ordering::SeqCst);
    }

    /// How many deliveries the webhook refused (while failing).
    pub fn refused(&self) -> u64 {
        self.inbox.refused.load(Ordering::SeqCst)
    }

    /// Every event received and accepted, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.inbox
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// `POST setWebhook {url}`.
    pub async fn set_webhook(&self, url: &str) -> Result<OperatorReply, AimylogicSimError> {
        self.post("setWebhook", &SetWebhookRequest { url: url.into() })
            .await
    }

    /// `GET getDestinations`, parsed when the gateway answered 200 with the documented body.
    pub async fn get_destinations(
        &self,
    ) -> Result<(OperatorReply, Option<DestinationsResponse>), AimylogicSimError> {
        let response = self
            .http
            .get(format!("{}/getDestinations", self.api_url))
            .send()
            .await?;
        let reply = read(response).await?;
        let parsed = serde_json::from_value(reply.body.clone()).ok();
        Ok((reply, parsed))
    }

    /// `POST selectDestination`.
    pub async fn select_destination(
        &self,
        request: &SelectDestinationRequest,
    ) -> Result<OperatorReply, AimylogicSimError> {
        self.post("selectDestination", request).await
    }

    /// `POST sendText {userId, text}`.
    pub async fn send_text(
        &self,
        user_id: &str,
        text: &str,
    ) -> Result<OperatorReply, AimylogicSimError> {
        let request = SendTextRequest {
            user_id: user_id.into(),
            text: text.into(),
        };
        self.post("sendText", &request).await
    }

    /// `POST sendFile {userId, url, fileName?, size?}`.
    pub async fn send_file(
        &self,
        request: &SendFileRequest,
    ) -> Result<OperatorReply, AimylogicSimError> {
        self.post("sendFile", request).await
    }

    /// `POST closeChat {userId, text}`.
    pub async fn close_chat(
        &self,
        user_id: &str,
        text: &str,
    ) -> Result<OperatorReply, AimylogicSimError> {
        let request = CloseChatRequest {
            user_id: user_id.into(),
            text: text.into(),
        };
        self.post("closeChat", &request).await
    }

    /// POSTs any JSON body to an Operator API method (to send malformed requests too).
    pub async fn post_raw(
        &self,
        method: &str,
        body: &Value,
    ) -> Result<OperatorReply, AimylogicSimError> {
        self.post(method, body).await
    }

    async fn post(
        &self,
        method: &str,
        body: &impl Serialize,
    ) -> Result<OperatorReply, AimylogicSimError> {
        let response = self
            .http
            .post(format!("{}/{method}", self.api_url))
            .json(body)
            .send()
            .await?;
        read(response).await
    }
}

async fn read(response: reqwest::Response) -> Result<OperatorReply, AimylogicSimError> {
    let status = response.status().as_u16();
    let text = response.text().await?;
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Ok(OperatorReply { status, body })
}

async fn receive(
    State(inbox): State<Arc<Inbox>>,
    Path(api_key): Path<String>,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    if inbox.failing.load(Ordering::SeqCst) {
        inbox.refused.fetch_add(1, Ordering::SeqCst);
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": "simulated outage"})),
        );
    }
    let raw: Value = match serde_json::from_slice(&body) {
        Ok(raw) => raw,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": e.to_string()})),
            );
        }
    };
    match serde_json::from_value::<WebhookEvent>(raw.clone()) {
        Ok(event) => {
            inbox
                .received
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Received {
                    api_key,
                    event,
                    raw,
                });
            (StatusCode::OK, Json(json!({"ok": true})))
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": e.to_string()})),
        ),
    }
}
