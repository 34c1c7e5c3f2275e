//! The bot side of the Aimylogic Operator API (seed `aimylogic-operator-api.txt`).
//!
//! [`AimylogicSim`] behaves as the Aimylogic platform does towards a customer engagement
//! platform: it calls `{apiUrl}/setWebhook`, `getDestinations`, `selectDestination`,
//! `sendText`, `sendFile` and `closeChat` on the gateway, and receives the agent's events
//! (`TextMessage`, `FileMessage`, `Closed`, `SelectDestination`) on its webhook,
//! `POST /aimylogic/chatapi/webhook/operatorapi/{apiKey}` (the seed's path shape), recording
//! each one it accepts. The webhook can be switched to fail (answer 500 without recording) to
//! simulate an outage.
//!
//! Over HTTP (the demo page's buttons), under `/aimylogic`:
//!
//! - `POST /aimylogic/chats` with `{"userId"?, "destinationId"?, "userName"?, "attributes"?}`
//!   sets the webhook and hands a client over (`selectDestination`); without `destinationId` it
//!   picks the first destination `getDestinations` reports online (else the first one);
//! - `POST /aimylogic/chats/{userId}/text` `{"text"}`, `.../file` `{"url", "fileName"?, "size"?}`,
//!   `.../close` `{"text"?}`: the client writes, sends a file, leaves;
//! - `GET /aimylogic/events`: every webhook event received, oldest first;
//! - `PUT /aimylogic/outage` `{"failing": bool}`: makes the webhook fail or recover.
//!
//! Each answer carries the gateway's status and body; a refusal by the gateway is a `502`
//! `gateway_rejected`, no answer at all a `502` `gateway_unreachable`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use protocol::aimylogic::{
    CloseChatRequest, DestinationsResponse, SelectDestinationRequest, SendFileRequest,
    SendTextRequest, SetWebhookRequest, WebhookEvent,
};
use reqwest::Url;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::reply::ErrorBody;

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
    own_webhook_url: Option<String>,
    next_user: Arc<AtomicU64>,
}

impl AimylogicSim {
    /// A bot platform that calls the Operator API at `api_url`
    /// (`{gateway}/operator/{id}.{secret}`).
    pub fn new(api_url: &Url) -> Self {
        Self {
            http: reqwest::Client::new(),
            api_url: api_url.as_str().trim_end_matches('/').to_owned(),
            inbox: Arc::default(),
            own_webhook_url: None,
            next_user: Arc::new(AtomicU64::new(1)),
        }
    }

    /// The same simulator, registering `url` (where the gateway reaches its webhook) when a
    /// chat is started over HTTP.
    pub fn with_webhook_url(mut self, url: String) -> Self {
        self.own_webhook_url = Some(url);
        self
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

    /// The webhook and the HTTP control endpoints under `/aimylogic` (see the module docs).
    pub fn control_router(&self) -> Router {
        Router::new()
            .route("/aimylogic/chats", post(start_chat))
            .route("/aimylogic/chats/{user_id}/text", post(client_text))
            .route("/aimylogic/chats/{user_id}/file", post(client_file))
            .route("/aimylogic/chats/{user_id}/close", post(client_close))
            .route("/aimylogic/events", get(events))
            .route("/aimylogic/outage", put(outage))
            .with_state(self.clone())
            .merge(self.router())
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

/// `POST /aimylogic/chats` body.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartChat {
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    destination_id: Option<String>,
    #[serde(default)]
    user_name: Option<String>,
    #[serde(default)]
    attributes: Option<Map<String, Value>>,
}

/// What one control request made the gateway answer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Forwarded {
    user_id: String,
    gateway_status: u16,
    gateway_body: Value,
}

fn forwarded(user_id: String, result: Result<OperatorReply, AimylogicSimError>) -> Response {
    match result {
        Ok(reply) if reply.accepted() => Json(Forwarded {
            user_id,
            gateway_status: reply.status,
            gateway_body: reply.body,
        })
        .into_response(),
        Ok(reply) => ErrorBody::gateway_rejected(
            reply.status,
            Forwarded {
                user_id,
                gateway_status: reply.status,
                gateway_body: reply.body,
            },
        ),
        Err(error) => unreachable_gateway(&error),
    }
}

fn unreachable_gateway(error: &AimylogicSimError) -> Response {
    ErrorBody::<()>::new("gateway_unreachable", error.to_string())
        .into_response_with(StatusCode::BAD_GATEWAY)
}

fn invalid(rejection: &JsonRejection) -> Response {
    ErrorBody::<()>::new("invalid_body", rejection.body_text())
        .into_response_with(StatusCode::BAD_REQUEST)
}

/// An optional JSON body: empty reads as the default.
fn optional_body<T: Default + serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body)
}

fn invalid_json(error: &serde_json::Error) -> Response {
    ErrorBody::<()>::new("invalid_body", error.to_string())
        .into_response_with(StatusCode::BAD_REQUEST)
}

async fn start_chat(State(sim): State<AimylogicSim>, body: Bytes) -> Response {
    let request: StartChat = match optional_body(&body) {
        Ok(request) => request,
        Err(error) => return invalid_json(&error),
    };
    if let Some(url) = &sim.own_webhook_url {
        match sim.set_webhook(url).await {
            Ok(reply) if reply.accepted() => {}
            other => return forwarded(String::new(), other),
        }
    }
    let destination_id = match request.destination_id {
        Some(id) => id,
        None => match sim.get_destinations().await {
            Ok((_, Some(found))) => {
                let online = found.destinations.iter().find(|d| d.has_online);
                match online.or(found.destinations.first()) {
                    Some(destination) => destination.destination_id.clone(),
                    None => {
                        return ErrorBody::<()>::new(
                            "no_destination",
                            "The gateway lists no destination.".into(),
                        )
                        .into_response_with(StatusCode::CONFLICT);
                    }
                }
            }
            Ok((reply, None)) => return forwarded(String::new(), Ok(reply)),
            Err(error) => return unreachable_gateway(&error),
        },
    };
    let user_id = request
        .user_id
        .unwrap_or_else(|| format!("client-{}", sim.next_user.fetch_add(1, Ordering::SeqCst)));
    let handoff = SelectDestinationRequest {
        user_id: user_id.clone(),
        destination_id,
        user_name: request.user_name,
        attributes: request.attributes,
        hidden_attributes: None,
        custom_data: None,
    };
    let result = sim.select_destination(&handoff).await;
    forwarded(user_id, result)
}

#[derive(Debug, Deserialize)]
struct ClientText {
    text: String,
}

async fn client_text(
    State(sim): State<AimylogicSim>,
    Path(user_id): Path<String>,
    body: Result<Json<ClientText>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => {
            let result = sim.send_text(&user_id, &request.text).await;
            forwarded(user_id, result)
        }
        Err(rejection) => invalid(&rejection),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClientFile {
    url: String,
    #[serde(default)]
    file_name: Option<String>,
    #[serde(default)]
    size: Option<u64>,
}

async fn client_file(
    State(sim): State<AimylogicSim>,
    Path(user_id): Path<String>,
    body: Result<Json<ClientFile>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => {
            let file = SendFileRequest {
                user_id: user_id.clone(),
                url: request.url,
                file_name: request.file_name,
                size: request.size,
            };
            let result = sim.send_file(&file).await;
            forwarded(user_id, result)
        }
        Err(rejection) => invalid(&rejection),
    }
}

#[derive(Debug, Default, Deserialize)]
struct ClientClose {
    #[serde(default)]
    text: Option<String>,
}

async fn client_close(
    State(sim): State<AimylogicSim>,
    Path(user_id): Path<String>,
    body: Bytes,
) -> Response {
    let request: ClientClose = match optional_body(&body) {
        Ok(request) => request,
        Err(error) => return invalid_json(&error),
    };
    let text = request
        .text
        .unwrap_or_else(|| "The user closed the dialog".to_owned());
    let result = sim.close_chat(&user_id, &text).await;
    forwarded(user_id, result)
}

async fn events(State(sim): State<AimylogicSim>) -> Json<Vec<Value>> {
    Json(sim.received().into_iter().map(|r| r.raw).collect())
}

#[derive(Debug, Deserialize)]
struct Outage {
    failing: bool,
}

async fn outage(
    State(sim): State<AimylogicSim>,
    body: Result<Json<Outage>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(request)) => {
            sim.set_failing(request.failing);
            Json(json!({"failing": request.failing})).into_response()
        }
        Err(rejection) => invalid(&rejection),
    }
}
