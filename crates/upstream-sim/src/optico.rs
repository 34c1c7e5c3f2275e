//! The simulated Optico Call Center API (seed `optico-call-center-api.txt`).
//!
//! It speaks the documented format, under `/optico`:
//!
//! - `POST /optico/agent-api/callStart` and `POST /optico/agent-api/setAgentToCall`, form-encoded,
//!   answering the `{status, resultsNb, results, error}` envelope. A wrong `apiKey` gets the
//!   seed's `NOK` answer (`Invalid API key` and the key's first 12 characters). For the seed's
//!   caller (`0033612345678` or `+33612345678`) `callStart` answers the seed's example response
//!   verbatim; any other caller gets a generated, plausible journey under a fresh Optico call
//!   id; a private number (absent, empty or `anonymous`) matches nothing.
//! - `POST /optico/control` with `{"mode": "normal"|"nok"|"error500"|"slow", "delayMs"?,
//!   "multiple"?}` changes how both endpoints answer (`GET` reads it back);
//! - `GET /optico/requests` lists every request received, oldest first, with its form fields;
//! - `POST /optico/visitor/view`, `/optico/visitor/cart` and `/optico/visitor/order`, with an
//!   optional `{"callId": n}` (default: the latest call id handed out), play the visitor: a new
//!   page view, one more product in the cart, an order placed from the cart. Each is pushed to
//!   `{gateway}/webhooks/optico/{secret}` as the form field `realtimeData`, and the answer
//!   carries the gateway's status and body, as the telephony simulator does.
//!
//! Use it from Rust through [`OpticoSim`].

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::optico::{
    AgentAssignment, CallMatch, Cart, Envelope, OpticoCall, Order, Product, RealtimeData,
    RealtimeType, Status, View,
};
use reqwest::Url;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::config::url_with_segments;
use crate::telephony::{format_start_date, parse_body};

/// The seed's example `callStart` response, byte for byte.
pub const SEED_CALL_START_RESPONSE: &str =
    include_str!("../../protocol/tests/fixtures/optico/callStart-response.json");

/// The caller numbers the seed's example response is served for.
pub const SEED_CALLER_PHONES: [&str; 2] = ["0033612345678", "+33612345678"];

/// How long `slow` mode waits when the control names no `delayMs`: longer than any sensible
/// client timeout.
pub const DEFAULT_SLOW_DELAY: Duration = Duration::from_secs(10);

/// How the API answers, set through `POST /optico/control` or [`OpticoSim::set_mode`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OpticoMode {
    /// As documented.
    #[default]
    Normal,
    /// Every request is answered `NOK` (after the request is logged).
    Nok,
    /// Every request is answered `500 Internal Server Error`.
    Error500,
    /// Answers as documented, after `delayMs` (default [`DEFAULT_SLOW_DELAY`]).
    Slow,
}

/// The body of `POST /optico/control`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpticoControl {
    /// How to answer.
    #[serde(default)]
    pub mode: OpticoMode,
    /// Wait this long before answering, in any mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// `callStart` matches two calls instead of one.
    #[serde(default)]
    pub multiple: bool,
}

impl OpticoControl {
    /// A control with `mode`, no explicit delay and a single match.
    pub fn mode(mode: OpticoMode) -> Self {
        Self {
            mode,
            ..Self::default()
        }
    }

    /// How long to wait before answering.
    pub fn delay(&self) -> Duration {
        match (self.delay_ms, self.mode) {
            (Some(ms), _) => Duration::from_millis(ms),
            (None, OpticoMode::Slow) => DEFAULT_SLOW_DELAY,
            (None, _) => Duration::ZERO,
        }
    }
}

/// The two endpoints of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OpticoEndpoint {
    /// `/agent-api/callStart`.
    CallStart,
    /// `/agent-api/setAgentToCall`.
    SetAgentToCall,
}

/// One request the API received, as `GET /optico/requests` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpticoRequest {
    /// Which endpoint.
    pub endpoint: OpticoEndpoint,
    /// The form fields, by name (empty when the body was not form-encoded).
    pub fields: BTreeMap<String, String>,
}

impl OpticoRequest {
    /// The value of form field `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// How the gateway answered one pushed webhook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpticoDelivery {
    /// The Optico call the update belongs to.
    pub call_id: u64,
    /// What was pushed (`view`, `cart`, `order`).
    #[serde(rename = "type")]
    pub kind: RealtimeType,
    /// The payload sent as the `realtimeData` form field.
    pub realtime_data: RealtimeData,
    /// HTTP status the gateway answered with.
    pub gateway_status: u16,
    /// The gateway's body: parsed JSON, or a JSON string holding the raw text when it was not
    /// JSON, or `null` when it was empty.
    pub gateway_body: serde_json::Value,
}

impl OpticoDelivery {
    /// Whether the gateway accepted the webhook (2xx).
    pub fn accepted(&self) -> bool {
        (200..300).contains(&self.gateway_status)
    }
}

/// Why a visitor action could not be pushed.
#[derive(Debug, thiserror::Error)]
pub enum OpticoSimError {
    /// The HTTP request to the gateway failed before any answer (refused, timed out, …).
    #[error("could not reach the gateway at {origin}: {source}")]
    Unreachable {
        /// Origin of the gateway (the webhook path holds the secret, so it is left out).
        origin: String,
        /// What went wrong, without the URL.
        source: reqwest::Error,
    },
    /// An order needs something in the cart.
    #[error("the visitor of Optico call {0} has nothing in the cart to order")]
    EmptyCart(u64),
}

/// The simulated Optico API. Cheap to clone; clones share their state.
#[derive(Clone, Debug)]
pub struct OpticoSim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    webhook_url: Url,
    api_key: String,
    next_call_id: AtomicU64,
    next_object_id: AtomicU64,
    control: Mutex<OpticoControl>,
    state: Mutex<SimState>,
}

#[derive(Debug, Default)]
struct SimState {
    requests: Vec<OpticoRequest>,
    visits: HashMap<u64, Visit>,
    latest_call_id: Option<u64>,
}

/// What Optico knows of one call's visitor, updated by the visitor actions.
#[derive(Clone, Debug)]
struct Visit {
    call: OpticoCall,
    cart: Option<Cart>,
    views: usize,
    cart_adds: usize,
    seed: u64,
}

impl OpticoSim {
    /// An API accepting `api_key`, pushing webhooks to
    /// `{gateway_url}/webhooks/optico/{webhook_secret}`.
    pub fn new(gateway_url: &Url, webhook_secret: &str, api_key: &str) -> Self {
        Self::with_client(reqwest::Client::new(), gateway_url, webhook_secret, api_key)
    }

    /// Like [`OpticoSim::new`] with a caller-supplied HTTP client (timeouts, proxies).
    pub fn with_client(
        http: reqwest::Client,
        gateway_url: &Url,
        webhook_secret: &str,
        api_key: &str,
    ) -> Self {
        // Ids must not repeat across simulator restarts: the gateway keeps calls and contexts
        // in a durable store. Start every run from the clock.
        let boot_secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or_default();
        Self {
            inner: Arc::new(Inner {
                http,
                webhook_url: url_with_segments(
                    gateway_url,
                    &["webhooks", "optico", webhook_secret],
                ),
                api_key: api_key.to_owned(),
                next_call_id: AtomicU64::new(30_000_000 + (boot_secs % 100_000) * 100),
                next_object_id: AtomicU64::new(100_000_000 + (boot_secs % 1_000_000) * 100),
                control: Mutex::new(OpticoControl::default()),
                state: Mutex::new(SimState::default()),
            }),
        }
    }

    /// The HTTP face of the API, every route under `/optico`: serve it as is and point the
    /// gateway at `{origin}/optico`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/optico/agent-api/callStart", post(call_start))
            .route("/optico/agent-api/setAgentToCall", post(set_agent_to_call))
            .route("/optico/control", post(set_control).get(get_control))
            .route("/optico/requests", get(list_requests))
            .route("/optico/visitor/view", post(visitor_view))
            .route("/optico/visitor/cart", post(visitor_cart))
            .route("/optico/visitor/order", post(visitor_order))
            .with_state(self.clone())
    }

    /// Changes how the API answers from the next request on.
    pub fn set_mode(&self, control: OpticoControl) {
        *self
            .inner
            .control
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = control;
    }

    /// How the API answers now.
    pub fn control(&self) -> OpticoControl {
        *self
            .inner
            .control
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Every request received, oldest first.
    pub fn requests(&self) -> Vec<OpticoRequest> {
        self.lock_state().requests.clone()
    }

    /// The Optico call id `callStart` handed out last (the first match of its answer).
    pub fn latest_call_id(&self) -> Option<u64> {
        self.lock_state().latest_call_id
    }

    /// The visitor of `optico_call_id` loads one more page: pushes a `view` webhook.
    pub async fn push_view(&self, optico_call_id: u64) -> Result<OpticoDelivery, OpticoSimError> {
        let data = {
            let mut state = self.lock_state();
            let visit = self.visit_mut(&mut state, optico_call_id);
            let page = PAGES[(visit.seed as usize + visit.views) % PAGES.len()];
            visit.views += 1;
            let view = View {
                id: self.object_id(),
                page_title: Some(page.title.to_owned()),
                url: Some(page.url.to_owned()),
                created_at: format_start_date(OffsetDateTime::now_utc()),
            };
            realtime(optico_call_id, RealtimeType::View, Some(view), None, None)
        };
        self.deliver(data).await
    }

    /// The visitor of `optico_call_id` adds a product to the cart (a new cart when there is
    /// none): pushes a `cart` webhook with the whole cart and its totals recomputed.
    pub async fn push_cart(&self, optico_call_id: u64) -> Result<OpticoDelivery, OpticoSimError> {
        let data = {
            let mut state = self.lock_state();
            let cart_id = self.object_id();
            let visit = self.visit_mut(&mut state, optico_call_id);
            let item = CATALOGUE[(visit.seed as usize + visit.cart_adds) % CATALOGUE.len()];
            visit.cart_adds += 1;
            let cart = visit.cart.get_or_insert_with(|| new_cart(cart_id));
            add_to_cart(cart, item);
            realtime(
                optico_call_id,
                RealtimeType::Cart,
                None,
                Some(cart.clone()),
                None,
            )
        };
        self.deliver(data).await
    }

    /// The visitor of `optico_call_id` orders what is in the cart: pushes an `order` webhook.
    /// The cart becomes the order; the next product added starts a new cart.
    pub async fn push_order(&self, optico_call_id: u64) -> Result<OpticoDelivery, OpticoSimError> {
        let data = {
            let mut state = self.lock_state();
            let order_id = self.object_id();
            let visit = self.visit_mut(&mut state, optico_call_id);
            let cart = visit
                .cart
                .take()
                .filter(|cart| !cart.products.is_empty())
                .ok_or(OpticoSimError::EmptyCart(optico_call_id))?;
            let order = order_from_cart(order_id, &cart, &visit.call);
            realtime(optico_call_id, RealtimeType::Order, None, None, Some(order))
        };
        self.deliver(data).await
    }

    async fn deliver(&self, data: RealtimeData) -> Result<OpticoDelivery, OpticoSimError> {
        let unreachable = |source: reqwest::Error| OpticoSimError::Unreachable {
            origin: self.inner.webhook_url.origin().ascii_serialization(),
            source: source.without_url(),
        };
        // RealtimeData holds nothing that can fail to serialise (no maps with non-string keys).
        let json = serde_json::to_string(&data).unwrap_or_default();
        let response = self
            .inner
            .http
            .post(self.inner.webhook_url.clone())
            .form(&[("realtimeData", json.as_str())])
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let text = response.text().await.map_err(unreachable)?;
        let delivery = OpticoDelivery {
            call_id: data.call_id,
            kind: data.kind,
            realtime_data: data,
            gateway_status: status.as_u16(),
            gateway_body: parse_body(&text),
        };
        if delivery.accepted() {
            tracing::info!(
                status = status.as_u16(),
                call_id = delivery.call_id,
                "gateway accepted the Optico webhook"
            );
        } else {
            tracing::warn!(status = status.as_u16(), body = %text, "gateway refused the Optico webhook");
        }
        Ok(delivery)
    }

    fn lock_state(&self) -> MutexGuard<'_, SimState> {
        // Every update is a single push or field write: a panic elsewhere cannot leave the
        // state half-written, so keep using it.
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn call_id(&self) -> u64 {
        self.inner.next_call_id.fetch_add(1, Ordering::Relaxed)
    }

    fn object_id(&self) -> u64 {
        self.inner.next_object_id.fetch_add(1, Ordering::Relaxed)
    }

    /// The visit of `call_id`; a blank one for an id this simulator never handed out, so that
    /// tests can push updates for calls the gateway does not know.
    fn visit_mut<'a>(&self, state: &'a mut SimState, call_id: u64) -> &'a mut Visit {
        state.visits.entry(call_id).or_insert_with(|| Visit {
            call: OpticoCall {
                id: call_id,
                start_date: format_start_date(OffsetDateTime::now_utc()),
                status: Some("OK_OUTCALL".to_owned()),
                source: Some("Direct".to_owned()),
                referrer: None,
                keyword: None,
                agent: None,
            },
            cart: None,
            views: 0,
            cart_adds: 0,
            seed: call_id,
        })
    }

    fn log_request(
        &self,
        endpoint: OpticoEndpoint,
        form: Result<Form<BTreeMap<String, String>>, FormRejection>,
    ) -> Result<BTreeMap<String, String>, String> {
        let (fields, result) = match form {
            Ok(Form(fields)) => (fields.clone(), Ok(fields)),
            Err(rejection) => (
                BTreeMap::new(),
                Err(format!(
                    "The request body must be application/x-www-form-urlencoded: {}",
                    rejection.body_text()
                )),
            ),
        };
        self.lock_state()
            .requests
            .push(OpticoRequest { endpoint, fields });
        result
    }

    /// What the current mode makes of a request, after waiting its delay: `Some` answer for a
    /// simulated failure, `None` to answer as documented.
    async fn simulated_failure(&self) -> Option<Response> {
        let control = self.control();
        let delay = control.delay();
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        match control.mode {
            OpticoMode::Normal | OpticoMode::Slow => None,
            OpticoMode::Nok => Some(nok("Service temporarily unavailable (simulated NOK)")),
            OpticoMode::Error500 => Some(
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/plain; charset=utf-8"),
                    )],
                    "Internal Server Error (simulated)",
                )
                    .into_response(),
            ),
        }
    }

    fn check_api_key(&self, fields: &BTreeMap<String, String>) -> Result<(), String> {
        let key = required(fields, "apiKey")?;
        if key == self.inner.api_key {
            Ok(())
        } else {
            Err(invalid_api_key_message(key))
        }
    }

    fn start_call(&self, fields: &BTreeMap<String, String>) -> Result<String, String> {
        self.check_api_key(fields)?;
        required(fields, "destinationPhone")?;
        let start_date = required(fields, "startDate")?;
        let caller = fields
            .get("callerPhone")
            .map(|phone| phone.trim())
            .filter(|phone| !phone.is_empty() && !phone.eq_ignore_ascii_case("anonymous"));
        let agent = fields
            .get("agent")
            .map(|agent| agent.trim())
            .filter(|agent| !agent.is_empty());
        let Some(caller) = caller else {
            return Ok(envelope_json(&ok_envelope::<CallMatch>(Vec::new())));
        };

        let control = self.control();
        let seed_caller = SEED_CALLER_PHONES.contains(&caller);
        let mut matches = Vec::new();
        if seed_caller {
            let seeded: Envelope<CallMatch> = serde_json::from_str(SEED_CALL_START_RESPONSE)
                .map_err(|error| format!("The seed example does not parse: {error}"))?;
            matches.extend(seeded.results.unwrap_or_default());
        } else {
            matches.push(generated_match(self, caller, start_date, 0));
        }
        if control.multiple {
            matches.push(generated_match(self, caller, start_date, 1));
        }
        for found in &mut matches {
            if agent.is_some() {
                found.call.agent = agent.map(str::to_owned);
            }
        }
        self.remember(&matches, caller, seed_caller);

        if seed_caller && agent.is_none() && !control.multiple {
            return Ok(SEED_CALL_START_RESPONSE.to_owned());
        }
        if seed_caller {
            // The seed's example, changed only where the request asks for it.
            let mut answer: serde_json::Value = serde_json::from_str(SEED_CALL_START_RESPONSE)
                .map_err(|error| format!("The seed example does not parse: {error}"))?;
            if let Some(agent) = agent {
                answer["results"][0]["call"]["agent"] = serde_json::Value::from(agent);
            }
            if let (Some(results), Some(extra)) = (answer["results"].as_array_mut(), matches.get(1))
            {
                results.push(serde_json::to_value(extra).unwrap_or_default());
                answer["resultsNb"] = serde_json::Value::from(results.len());
            }
            return Ok(answer.to_string());
        }
        Ok(envelope_json(&ok_envelope(matches)))
    }

    fn remember(&self, matches: &[CallMatch], caller: &str, seed_caller: bool) {
        let mut state = self.lock_state();
        for found in matches {
            let seed = if seed_caller && found.call.id == SEED_CALL_ID {
                // The seed visitor always starts from the seed cart and the first products.
                0
            } else {
                fnv1a(caller) ^ found.call.id
            };
            let mut cart = found.current_cart.clone();
            if let Some(cart) = &mut cart {
                // As in the seed's webhook example, pushed lines carry a SKU and details.
                for (index, product) in cart.products.iter_mut().enumerate() {
                    product
                        .external_id
                        .get_or_insert_with(|| format!("SKU-{:03}", index + 1));
                    product.details.get_or_insert_with(Vec::new);
                }
            }
            state.visits.insert(
                found.call.id,
                Visit {
                    call: found.call.clone(),
                    cart,
                    views: found.views.len(),
                    cart_adds: 0,
                    seed,
                },
            );
        }
        if let Some(first) = matches.first() {
            state.latest_call_id = Some(first.call.id);
        }
    }

    fn assign_agent(&self, fields: &BTreeMap<String, String>) -> Result<String, String> {
        self.check_api_key(fields)?;
        let raw_call_id = required(fields, "callId")?;
        let call_id: u64 = raw_call_id.trim().parse().map_err(|_| {
            format!("Invalid parameter `callId`: `{raw_call_id}` is not an integer")
        })?;
        let agent = required(fields, "agent")?.trim().to_owned();
        let mut state = self.lock_state();
        let visit = state
            .visits
            .get_mut(&call_id)
            .ok_or_else(|| format!("Unknown callId `{call_id}`"))?;
        visit.call.agent = Some(agent.clone());
        Ok(envelope_json(&ok_envelope(vec![AgentAssignment {
            call_id,
            agent,
        }])))
    }
}

/// The Optico call id of the seed's example.
const SEED_CALL_ID: u64 = 22_122_563;

fn required<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> Result<&'a str, String> {
    fields
        .get(name)
        .map(String::as_str)
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| format!("Missing required parameter `{name}`"))
}

/// The seed's wording: the key as received, cut to its first 12 characters.
fn invalid_api_key_message(key: &str) -> String {
    let shown: String = key.chars().take(12).collect();
    format!("Invalid API key `{shown}`")
}

fn ok_envelope<T>(results: Vec<T>) -> Envelope<T> {
    Envelope {
        status: Status::Ok,
        results_nb: Some(u32::try_from(results.len()).unwrap_or(u32::MAX)),
        results: Some(results),
        error: None,
    }
}

fn envelope_json<T: Serialize>(envelope: &Envelope<T>) -> String {
    serde_json::to_string(envelope).unwrap_or_default()
}

fn nok(error: &str) -> Response {
    let envelope: Envelope<()> = Envelope {
        status: Status::Nok,
        results_nb: None,
        results: None,
        error: Some(error.to_owned()),
    };
    json_text(envelope_json(&envelope))
}

fn json_text(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

fn realtime(
    call_id: u64,
    kind: RealtimeType,
    view: Option<View>,
    cart: Option<Cart>,
    order: Option<Order>,
) -> RealtimeData {
    RealtimeData {
        call_id,
        kind,
        view,
        cart,
        order,
    }
}

// -------------------------------------------------------------------------------------------
// Generated journeys
// -------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Page {
    title: &'static str,
    url: &'static str,
}

const PAGES: [Page; 6] = [
    Page {
        title: "Trail running shoes | Summit Outdoor",
        url: "https://shop.example.com/running/shoes",
    },
    Page {
        title: "Trail running shoes X2 | Summit Outdoor",
        url: "https://shop.example.com/running/shoes/trail-x2",
    },
    Page {
        title: "Delivery and returns | Summit Outdoor",
        url: "https://shop.example.com/help/delivery",
    },
    Page {
        title: "Hydration vest 5 L | Summit Outdoor",
        url: "https://shop.example.com/running/packs/hydration-vest-5l",
    },
    Page {
        title: "Your cart | Summit Outdoor",
        url: "https://shop.example.com/cart",
    },
    Page {
        title: "Contact us | Summit Outdoor",
        url: "https://shop.example.com/contact",
    },
];

#[derive(Clone, Copy, Debug)]
struct Item {
    id: u64,
    sku: &'static str,
    name: &'static str,
    cents: i64,
}

/// The shop's products, in the order a visitor adds them.
const CATALOGUE: [Item; 5] = [
    Item {
        id: 700_101,
        sku: "SKU-TRX2",
        name: "Trail running shoes X2",
        cents: 12_990,
    },
    Item {
        id: 700_102,
        sku: "SKU-MRS3",
        name: "Merino running socks (3 pairs)",
        cents: 2_450,
    },
    Item {
        id: 700_103,
        sku: "SKU-HV5L",
        name: "Hydration vest 5 L",
        cents: 8_900,
    },
    Item {
        id: 700_104,
        sku: "SKU-HL400",
        name: "Headlamp 400 lm",
        cents: 4_999,
    },
    Item {
        id: 700_105,
        sku: "SKU-WJKT",
        name: "Windproof jacket",
        cents: 11_900,
    },
];

/// Traffic sources, with the search keyword where the source has one.
const SOURCES: [(&str, Option<&str>, Option<&str>); 4] = [
    ("Adwords", Some("trail running shoes"), None),
    (
        "Google",
        Some("hydration vest"),
        Some("https://www.google.com/"),
    ),
    ("Newsletter", None, None),
    ("Direct", None, None),
];

fn generated_match(sim: &OpticoSim, caller: &str, start_date: &str, variant: u64) -> CallMatch {
    let seed = fnv1a(caller).wrapping_add(variant);
    let now = OffsetDateTime::now_utc();
    let minutes_ago = |minutes: i64| format_start_date(now - time::Duration::minutes(minutes));
    let (source, keyword, referrer) = SOURCES[(seed % SOURCES.len() as u64) as usize];

    let view_count = 2 + (seed % 3) as usize;
    let views = (0..view_count)
        .map(|index| {
            let page = PAGES[(seed as usize + index) % PAGES.len()];
            View {
                id: sim.object_id(),
                page_title: Some(page.title.to_owned()),
                url: Some(page.url.to_owned()),
                created_at: minutes_ago(2 * (view_count - index) as i64),
            }
        })
        .collect();

    let current_cart = (!seed.is_multiple_of(3)).then(|| {
        let mut cart = new_cart(sim.object_id());
        cart.created_at = Some(minutes_ago(3));
        add_to_cart(&mut cart, CATALOGUE[(seed as usize + 2) % CATALOGUE.len()]);
        cart
    });

    let orders = if seed.is_multiple_of(2) {
        let item = CATALOGUE[(seed as usize + 3) % CATALOGUE.len()];
        vec![Order {
            id: sim.object_id(),
            external_id: None,
            cart_id: None,
            external_cart_id: None,
            agent: None,
            status: Some("Completed".to_owned()),
            is_sale: Some(true),
            currency: None,
            total_cost: Some(money(item.cents)),
            source: None,
            created_at: Some(minutes_ago(60 * 24 * 12)),
            products: vec![product_line(item, 1)],
        }]
    } else {
        Vec::new()
    };

    CallMatch {
        call: OpticoCall {
            id: sim.call_id(),
            start_date: if variant == 0 {
                start_date.to_owned()
            } else {
                minutes_ago(60 * 24 * 3)
            },
            status: Some("OK_OUTCALL".to_owned()),
            source: Some(source.to_owned()),
            referrer: referrer.map(str::to_owned),
            keyword: keyword.map(str::to_owned),
            agent: None,
        },
        views,
        current_cart,
        orders,
    }
}

fn new_cart(id: u64) -> Cart {
    Cart {
        id,
        external_id: Some(format!("{id:x}")),
        is_logged_in: Some(true),
        currency: Some("EUR".to_owned()),
        status: Some(0),
        total_cost: Some(money(0)),
        products_nb: Some(0),
        created_at: Some(format_start_date(OffsetDateTime::now_utc())),
        products: Vec::new(),
    }
}

fn product_line(item: Item, quantity: i64) -> Product {
    Product {
        id: item.id,
        external_id: Some(item.sku.to_owned()),
        name: Some(item.name.to_owned()),
        quantity: Some(serde_json::Number::from(quantity)),
        cost_per_unit: Some(money(item.cents)),
        details: Some(Vec::new()),
    }
}

/// One more `item` in `cart` (a new line, or one more of a line already there), then the
/// totals recomputed from the lines.
fn add_to_cart(cart: &mut Cart, item: Item) {
    match cart.products.iter_mut().find(|line| line.id == item.id) {
        Some(line) => {
            let quantity = line.quantity.as_ref().and_then(|q| q.as_i64()).unwrap_or(0);
            line.quantity = Some(serde_json::Number::from(quantity + 1));
        }
        None => cart.products.push(product_line(item, 1)),
    }
    let (total, count) = totals(&cart.products);
    cart.total_cost = Some(money(total));
    cart.products_nb = Some(u32::try_from(count).unwrap_or(u32::MAX));
}

/// Total in cents and number of items of `lines`.
fn totals(lines: &[Product]) -> (i64, i64) {
    lines.iter().fold((0, 0), |(total, count), line| {
        let quantity = line.quantity.as_ref().and_then(|q| q.as_i64()).unwrap_or(0);
        let unit = line.cost_per_unit.as_ref().map(cents).unwrap_or(0);
        (total + quantity * unit, count + quantity)
    })
}

fn order_from_cart(id: u64, cart: &Cart, call: &OpticoCall) -> Order {
    let now = OffsetDateTime::now_utc();
    Order {
        id,
        external_id: Some(format!("ORD-{}-{id}", now.year())),
        cart_id: Some(cart.id),
        external_cart_id: cart.external_id.clone(),
        agent: call.agent.clone(),
        status: Some("Completed".to_owned()),
        is_sale: Some(true),
        currency: cart.currency.clone(),
        total_cost: Some(money(totals(&cart.products).0)),
        source: call.source.clone(),
        created_at: Some(format_start_date(now)),
        products: cart.products.clone(),
    }
}

/// An amount in currency units as Optico writes it: `1000` when whole, `1129.9` otherwise.
fn money(cents: i64) -> serde_json::Number {
    if cents % 100 == 0 {
        serde_json::Number::from(cents / 100)
    } else {
        serde_json::Number::from_f64(cents as f64 / 100.0)
            .unwrap_or_else(|| serde_json::Number::from(cents / 100))
    }
}

/// `amount` (currency units) in cents.
fn cents(amount: &serde_json::Number) -> i64 {
    match amount.as_i64() {
        Some(units) => units * 100,
        None => (amount.as_f64().unwrap_or(0.0) * 100.0).round() as i64,
    }
}

/// FNV-1a: a stable hash, so that one caller always gets the same kind of journey.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

// -------------------------------------------------------------------------------------------
// HTTP handlers
// -------------------------------------------------------------------------------------------

async fn call_start(
    State(sim): State<OpticoSim>,
    form: Result<Form<BTreeMap<String, String>>, FormRejection>,
) -> Response {
    let fields = sim.log_request(OpticoEndpoint::CallStart, form);
    if let Some(failure) = sim.simulated_failure().await {
        return failure;
    }
    match fields.and_then(|fields| sim.start_call(&fields)) {
        Ok(body) => json_text(body),
        Err(error) => nok(&error),
    }
}

async fn set_agent_to_call(
    State(sim): State<OpticoSim>,
    form: Result<Form<BTreeMap<String, String>>, FormRejection>,
) -> Response {
    let fields = sim.log_request(OpticoEndpoint::SetAgentToCall, form);
    if let Some(failure) = sim.simulated_failure().await {
        return failure;
    }
    match fields.and_then(|fields| sim.assign_agent(&fields)) {
        Ok(body) => json_text(body),
        Err(error) => nok(&error),
    }
}

async fn set_control(
    State(sim): State<OpticoSim>,
    body: Result<Json<OpticoControl>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(control)) => {
            sim.set_mode(control);
            tracing::info!(?control, "Optico simulator mode changed");
            Json(control).into_response()
        }
        Err(rejection) => ErrorBody::new("invalid_body", rejection.body_text())
            .into_response_with(StatusCode::BAD_REQUEST),
    }
}

async fn get_control(State(sim): State<OpticoSim>) -> Json<OpticoControl> {
    Json(sim.control())
}

async fn list_requests(State(sim): State<OpticoSim>) -> Json<Vec<OpticoRequest>> {
    Json(sim.requests())
}

/// The optional body of the visitor endpoints.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct VisitorRequest {
    #[serde(default)]
    call_id: Option<u64>,
}

async fn visitor_view(State(sim): State<OpticoSim>, body: Bytes) -> Response {
    visitor_action(sim, body, RealtimeType::View).await
}

async fn visitor_cart(State(sim): State<OpticoSim>, body: Bytes) -> Response {
    visitor_action(sim, body, RealtimeType::Cart).await
}

async fn visitor_order(State(sim): State<OpticoSim>, body: Bytes) -> Response {
    visitor_action(sim, body, RealtimeType::Order).await
}

async fn visitor_action(sim: OpticoSim, body: Bytes, kind: RealtimeType) -> Response {
    let request = if body.iter().all(u8::is_ascii_whitespace) {
        VisitorRequest::default()
    } else {
        match serde_json::from_slice::<VisitorRequest>(&body) {
            Ok(request) => request,
            Err(error) => {
                return ErrorBody::new(
                    "invalid_body",
                    format!("Expected an empty body or {{\"callId\": n}}: {error}"),
                )
                .into_response_with(StatusCode::BAD_REQUEST);
            }
        }
    };
    let Some(call_id) = request.call_id.or_else(|| sim.latest_call_id()) else {
        return ErrorBody::new(
            "no_call",
            "No Optico call yet: ring a call first (callStart hands out the call ids).".to_owned(),
        )
        .into_response_with(StatusCode::CONFLICT);
    };
    let result = match kind {
        RealtimeType::View => sim.push_view(call_id).await,
        RealtimeType::Cart => sim.push_cart(call_id).await,
        RealtimeType::Order => sim.push_order(call_id).await,
    };
    match result {
        Ok(delivery) if delivery.accepted() => (StatusCode::OK, Json(delivery)).into_response(),
        Ok(delivery) => ErrorBody::gateway_rejected(delivery.gateway_status, delivery),
        Err(error @ OpticoSimError::Unreachable { .. }) => {
            ErrorBody::new("gateway_unreachable", error.to_string())
                .into_response_with(StatusCode::BAD_GATEWAY)
        }
        Err(error @ OpticoSimError::EmptyCart(_)) => {
            ErrorBody::new("empty_cart", format!("{error}: add to cart first."))
                .into_response_with(StatusCode::CONFLICT)
        }
    }
}

/// Error answer of this simulator's control endpoints.
type ErrorBody = crate::reply::ErrorBody<OpticoDelivery>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_example_parses_as_one_match_with_the_seed_call_id() {
        let seeded: Envelope<CallMatch> =
            serde_json::from_str(SEED_CALL_START_RESPONSE).expect("the fixture parses");
        let results = seeded.results.expect("results");
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].call.id, SEED_CALL_ID);
    }

    #[test]
    fn an_invalid_key_is_named_by_its_first_twelve_characters() {
        assert_eq!(
            invalid_api_key_message("b7e2c8a14f9d3650a1e7c4d8b2f6a395e"),
            "Invalid API key `b7e2c8a14f9d`"
        );
    }

    #[test]
    fn whole_amounts_stay_integers_and_others_keep_their_cents() {
        assert_eq!(money(100_000).to_string(), "1000");
        assert_eq!(money(112_990).to_string(), "1129.9");
        assert_eq!(money(4_999).to_string(), "49.99");
    }

    #[test]
    fn amounts_convert_back_to_cents_without_rounding_errors() {
        assert_eq!(cents(&money(112_990)), 112_990);
        assert_eq!(cents(&serde_json::Number::from(896)), 89_600);
    }

    #[test]
    fn adding_a_product_already_in_the_cart_raises_its_quantity() {
        let mut cart = new_cart(1);
        add_to_cart(&mut cart, CATALOGUE[1]);
        add_to_cart(&mut cart, CATALOGUE[1]);
        assert_eq!(cart.products.len(), 1);
        assert_eq!(cart.products_nb, Some(2));
        assert_eq!(cart.total_cost, Some(money(4_900)));
    }

    #[test]
    fn the_control_delay_defaults_to_the_slow_delay_in_slow_mode_only() {
        assert_eq!(
            OpticoControl::mode(OpticoMode::Slow).delay(),
            DEFAULT_SLOW_DELAY
        );
        assert_eq!(OpticoControl::mode(OpticoMode::Nok).delay(), Duration::ZERO);
        let explicit = OpticoControl {
            delay_ms: Some(250),
            ..OpticoControl::mode(OpticoMode::Slow)
        };
        assert_eq!(explicit.delay(), Duration::from_millis(250));
    }

    #[test]
    fn the_webhook_url_holds_the_secret_as_one_path_segment() {
        let gateway = Url::parse("http://127.0.0.1:8700").expect("test URL parses");
        let sim = OpticoSim::new(&gateway, "demo-optico-secret", "key");
        assert_eq!(
            sim.inner.webhook_url.as_str(),
            "http://127.0.0.1:8700/webhooks/optico/demo-optico-secret"
        );
    }
}
