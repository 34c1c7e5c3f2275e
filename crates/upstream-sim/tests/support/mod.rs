//! Shared helpers: a fake gateway that records telephony and Optico webhooks, and the
//! simulator on port 0 pointing at it.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use std::collections::BTreeMap;

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use axum::{Json, Router};
use reqwest::Url;
use serde_json::{Value, json};
use upstream_sim::SimConfig;

/// The secret the fake gateway accepts.
pub const GATEWAY_SECRET: &str = "s3cret";

/// The Optico API key the simulator is configured with in the Optico tests.
pub const OPTICO_API_KEY: &str = "test-optico-key";

/// One webhook the fake gateway received.
#[derive(Clone, Debug)]
pub struct Received {
    /// Request path, e.g. `/webhooks/telephony/s3cret`.
    pub path: String,
    /// The body, parsed as JSON; for an Optico webhook, the JSON of its `realtimeData` field.
    pub body: Value,
    /// The request's `Content-Type`.
    pub content_type: String,
    /// The names of the form fields, for an Optico webhook.
    pub form_fields: Vec<String>,
}

/// A gateway stand-in on port 0 that records every telephony webhook.
pub struct FakeGateway {
    pub url: Url,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeGateway {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("fake gateway lock").clone()
    }
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn record_webhook(
    State(received): State<Arc<Mutex<Vec<Received>>>>,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<Value>) {
    let body: Value = serde_json::from_str(&body).expect("the simulator posts JSON");
    let mut received = received.lock().expect("fake gateway lock");
    received.push(Received {
        path: uri.path().to_owned(),
        body,
        content_type: content_type(&headers),
        form_fields: Vec::new(),
    });
    if uri.path() == format!("/webhooks/telephony/{GATEWAY_SECRET}") {
        let call_id = 100 + received.len();
        (
            StatusCode::OK,
            Json(json!({"callId": call_id, "duplicate": false})),
        )
    } else {
        let error = json!({"error": "unauthorized", "message": "Unknown webhook secret."});
        (StatusCode::UNAUTHORIZED, Json(error))
    }
}

/// Records an Optico webhook (form field `realtimeData`) and answers as the gateway would
/// for a call it knows: `{"status": "applied"}`.
async fn record_optico_webhook(
    State(received): State<Arc<Mutex<Vec<Received>>>>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<BTreeMap<String, String>>,
) -> (StatusCode, Json<Value>) {
    let body = form
        .get("realtimeData")
        .map(|data| serde_json::from_str(data).expect("realtimeData holds JSON"))
        .unwrap_or(Value::Null);
    received.lock().expect("fake gateway lock").push(Received {
        path: uri.path().to_owned(),
        body,
        content_type: content_type(&headers),
        form_fields: form.keys().cloned().collect(),
    });
    if uri.path() == format!("/webhooks/optico/{GATEWAY_SECRET}") {
        (StatusCode::OK, Json(json!({"status": "applied"})))
    } else {
        let error = json!({"error": "unauthorized", "message": "Unknown webhook secret."});
        (StatusCode::UNAUTHORIZED, Json(error))
    }
}

pub async fn spawn_fake_gateway() -> FakeGateway {
    let received = Arc::new(Mutex::new(Vec::new()));
    let app = Router::new()
        .route("/webhooks/telephony/{secret}", post(record_webhook))
        .route("/webhooks/optico/{secret}", post(record_optico_webhook))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fake gateway");
    let port = listener.local_addr().expect("fake gateway address").port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    FakeGateway {
        url: Url::parse(&format!("http://127.0.0.1:{port}")).expect("fake gateway URL"),
        received,
    }
}

/// The simulator on port 0; returns its base URL (no trailing slash).
pub async fn spawn_sim(config: SimConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind simulator");
    let port = listener.local_addr().expect("simulator address").port();
    tokio::spawn(upstream_sim::serve(listener, config));
    format!("http://127.0.0.1:{port}")
}

/// A simulator configured for `gateway` with the given webhook secret.
pub fn config_for(gateway: &Url, secret: &str) -> SimConfig {
    let mut config = SimConfig::new(gateway.clone());
    config.telephony_secret = secret.to_owned();
    config
}

/// A simulator configured for `gateway`, whose Optico API accepts [`OPTICO_API_KEY`] and
/// pushes webhooks with `webhook_secret`.
pub fn optico_config_for(gateway: &Url, webhook_secret: &str) -> SimConfig {
    let mut config = SimConfig::new(gateway.clone());
    config.telephony_secret = GATEWAY_SECRET.to_owned();
    config.optico_api_key = OPTICO_API_KEY.to_owned();
    config.optico_webhook_secret = webhook_secret.to_owned();
    config
}
