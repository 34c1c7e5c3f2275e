//! A co-browse provider under `/cobrowse`: the customer's side starts and ends sessions, and the
//! provider's API takes the agent's requests (remote control, full device, end) from the
//! gateway, answering each with the customer's decision through the gateway's webhook
//! (`POST {gateway}/webhooks/cobrowse/{secret}`).
//!
//! - `POST /cobrowse/sessions {call_id | chat_id}`: the customer starts co-browsing;
//! - `POST /cobrowse/sessions/{id}/end`: the customer ends it;
//! - `POST /cobrowse/api/sessions/{id}/{remote-control|full-device|end}` (Bearer key): the
//!   gateway asks on the agent's behalf; 202, then after `answer_delay_ms` the customer's
//!   answer (`on`, or `rejected` when the control says so) arrives as a webhook;
//! - `POST /cobrowse/control {customer_answer, answer_delay_ms}`; `GET /cobrowse/requests`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::cobrowse::{
    CobrowseAsk, CobrowseEventKind, CobrowseMode, CobrowseParty, CobrowseWebhook,
};
use reqwest::Url;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::config::url_with_segments;

/// How the simulated customer answers the agent's requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerAnswer {
    /// Grants them.
    #[default]
    Accept,
    /// Refuses them.
    Reject,
}

/// The body of `POST /cobrowse/control`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CobrowseControl {
    /// How the customer answers.
    #[serde(default)]
    pub customer_answer: CustomerAnswer,
    /// How long the customer takes to answer, in milliseconds.
    #[serde(default = "default_delay")]
    pub answer_delay_ms: u64,
}

fn default_delay() -> u64 {
    400
}

impl Default for CobrowseControl {
    fn default() -> Self {
        Self {
            customer_answer: CustomerAnswer::Accept,
            answer_delay_ms: default_delay(),
        }
    }
}

/// The body of `POST /cobrowse/sessions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    /// The call the customer is in.
    #[serde(default)]
    pub call_id: Option<u64>,
    /// The chat the customer is in.
    #[serde(default)]
    pub chat_id: Option<u64>,
}

/// The simulated provider. Cheap to clone; clones share state.
#[derive(Clone, Debug)]
pub struct CobrowseSim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    webhook_url: Url,
    api_key: String,
    state: Mutex<SimState>,
}

#[derive(Debug, Default)]
struct SimState {
    control: CobrowseControl,
    /// Session id → what it belongs to.
    sessions: BTreeMap<String, StartRequest>,
    requests: Vec<Value>,
}

impl CobrowseSim {
    /// A provider posting to `{gateway_url}/webhooks/cobrowse/{secret}` and accepting
    /// `api_key` from the gateway.
    pub fn new(gateway_url: &Url, secret: &str, api_key: &str) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: reqwest::Client::new(),
                webhook_url: url_with_segments(gateway_url, &["webhooks", "cobrowse", secret]),
                api_key: api_key.to_owned(),
                state: Mutex::new(SimState::default()),
            }),
        }
    }

    /// The HTTP face, every route under `/cobrowse`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/cobrowse/sessions", post(start))
            .route("/cobrowse/sessions/{id}/end", post(customer_ends))
            .route("/cobrowse/api/sessions/{id}/{ask}", post(agent_asks))
            .route("/cobrowse/control", post(set_control))
            .route("/cobrowse/requests", get(list_requests))
            .with_state(self.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// How the customer answers from now on.
    pub fn set_control(&self, control: CobrowseControl) {
        self.lock().control = control;
    }

    /// Every webhook sent and request received, oldest first.
    pub fn requests(&self) -> Vec<Value> {
        self.lock().requests.clone()
    }

    /// Posts `body` to the gateway's webhook; the gateway's status and answer.
    pub async fn send(&self, body: &CobrowseWebhook) -> Result<(u16, Value), String> {
        self.lock()
            .requests
            .push(json!({"webhook": serde_json::to_value(body).unwrap_or_default()}));
        let response = self
            .inner
            .http
            .post(self.inner.webhook_url.clone())
            .json(body)
            .send()
            .await
            .map_err(|e| format!("the gateway is unreachable: {e}"))?;
        let status = response.status().as_u16();
        let answer = response.json().await.unwrap_or(Value::Null);
        Ok((status, answer))
    }

    /// The customer starts co-browsing in a call or chat; the new session's id.
    pub async fn start(&self, request: StartRequest) -> Result<(String, u16, Value), String> {
        let id = {
            let mut state = self.lock();
            let id = format!("cb-{}", state.sessions.len() + 1);
            state.sessions.insert(id.clone(), request);
            id
        };
        let (status, answer) = self
            .send(&webhook(
                CobrowseEventKind::SessionStarted,
                &id,
                request,
                |w| {
                    w.requested_by = Some(CobrowseParty::EndUser);
                    w.remote_control = Some(CobrowseMode::Off);
                    w.full_device = Some(CobrowseMode::Off);
                },
            ))
            .await?;
        Ok((id, status, answer))
    }

    fn session(&self, id: &str) -> Option<StartRequest> {
        self.lock().sessions.get(id).copied()
    }
}

/// A webhook body of `kind` for session `id` of `belongs`, completed by `fill`.
fn webhook(
    kind: CobrowseEventKind,
    id: &str,
    belongs: StartRequest,
    fill: impl FnOnce(&mut CobrowseWebhook),
) -> CobrowseWebhook {
    let mut body = CobrowseWebhook {
        event: kind,
        session_id: id.to_owned(),
        call_id: belongs.call_id,
        chat_id: belongs.chat_id,
        requested_by: None,
        ended_by: None,
        remote_control: None,
        full_device: None,
    };
    fill(&mut body);
    body
}

fn gateway_answer(result: Result<(u16, Value), String>) -> Response {
    match result {
        Ok((status, answer)) => {
            Json(json!({"gateway_status": status, "gateway": answer})).into_response()
        }
        Err(error) => (StatusCode::BAD_GATEWAY, Json(json!({"error": error}))).into_response(),
    }
}

async fn start(
    State(sim): State<CobrowseSim>,
    body: Result<Json<StartRequest>, JsonRejection>,
) -> Response {
    let Ok(Json(request)) = body else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "give {\"call_id\": n} or {\"chat_id\": n}"})),
        )
            .into_response();
    };
    match sim.start(request).await {
        Ok((id, status, answer)) => {
            Json(json!({"session_id": id, "gateway_status": status, "gateway": answer}))
                .into_response()
        }
        Err(error) => (StatusCode::BAD_GATEWAY, Json(json!({"error": error}))).into_response(),
    }
}

async fn customer_ends(State(sim): State<CobrowseSim>, Path(id): Path<String>) -> Response {
    let Some(belongs) = sim.session(&id) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "unknown session"})),
        )
            .into_response();
    };
    let body = webhook(CobrowseEventKind::SessionEnded, &id, belongs, |w| {
        w.ended_by = Some(CobrowseParty::EndUser);
    });
    gateway_answer(sim.send(&body).await)
}

async fn agent_asks(
    State(sim): State<CobrowseSim>,
    Path((id, ask)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let expected = format!("Bearer {}", sim.inner.api_key);
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        == Some(expected.as_str());
    sim.lock()
        .requests
        .push(json!({"api": ask, "session_id": id, "authorized": authorized}));
    if !authorized {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid API key"})),
        )
            .into_response();
    }
    let (Some(ask), Some(belongs)) = (CobrowseAsk::parse(&ask), sim.session(&id)) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "unknown session or request"})),
        )
            .into_response();
    };
    let control = sim.lock().control;
    let answer = match control.customer_answer {
        CustomerAnswer::Accept => CobrowseMode::On,
        CustomerAnswer::Reject => CobrowseMode::Rejected,
    };
    let body = match ask {
        CobrowseAsk::RemoteControl => {
            webhook(CobrowseEventKind::RemoteControlChanged, &id, belongs, |w| {
                w.remote_control = Some(answer);
            })
        }
        CobrowseAsk::FullDevice => {
            webhook(CobrowseEventKind::FullDeviceChanged, &id, belongs, |w| {
                w.full_device = Some(answer);
            })
        }
        CobrowseAsk::End => webhook(CobrowseEventKind::SessionEnded, &id, belongs, |w| {
            w.ended_by = Some(CobrowseParty::Agent);
        }),
    };
    // The customer answers a moment later, as a person would.
    let delay = Duration::from_millis(control.answer_delay_ms);
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if let Err(error) = sim.send(&body).await {
            tracing::warn!(%error, "co-browse webhook not delivered");
        }
    });
    (StatusCode::ACCEPTED, Json(json!({"accepted": true}))).into_response()
}

async fn set_control(
    State(sim): State<CobrowseSim>,
    body: Result<Json<CobrowseControl>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(control)) => {
            sim.set_control(control);
            Json(control).into_response()
        }
        Err(rejection) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_body", "message": rejection.body_text()})),
        )
            .into_response(),
    }
}

async fn list_requests(State(sim): State<CobrowseSim>) -> Json<Vec<Value>> {
    Json(sim.requests())
}
