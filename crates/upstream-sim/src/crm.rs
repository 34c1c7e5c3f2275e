//! A REST CRM for the generic CRM API of the gateway (seed 004): accounts, records, comments
//! and attachments, under `/crm`.
//!
//! API (JSON; bodies may be a property map or nested in one container, a map or an array):
//!
//! - `GET /crm/api/accounts?phone=&email=` → `{"data": [account…]}` (phone matches by digits,
//!   `*` wildcards and formatting ignored); `GET /crm/api/accounts/{id}` → `{"data": account}`
//!   or 404; `POST /crm/api/accounts` (`name`, `phone`, `email`) → `{"data": account}`;
//! - `GET /crm/api/records?account_id=` → `{"data": [record…]}`; `POST /crm/api/records`
//!   (`account_id`, `subject`, `description`, `phone`, `source_type`, `status`); `PATCH` or
//!   `PUT /crm/api/records/{id}` updates the given fields;
//! - `POST /crm/api/records/{id}/comments` (`comment`); `POST /crm/api/records/{id}/attachments`
//!   (JSON `file` base64 + `file_name`, or a multipart form with a `file` part) →
//!   `{"data": {"id", "url"}}`; `GET /crm/attachments/{id}` downloads it;
//! - `POST /crm/oauth/token` (form `grant_type=client_credentials`, `client_id`,
//!   `client_secret`) → `{"access_token", "token_type", "expires_in"}`.
//!
//! Every API request is authenticated as the control's `auth` says (basic, a custom header, or
//! an OAuth token it issued; `any` accepts each of them). Record pages for people:
//! `GET /crm/records/{id}`, `GET /crm/accounts/{id}`, and `GET /crm/search?ani=&cuid=&email=`
//! (the target of the custom lookup URLs: the matching accounts) — HTML, everything escaped.
//!
//! Control: `POST /crm/control {"auth", "fail_status", "fail_count", "delay_ms"}` (the next
//! `fail_count` API requests answer `fail_status`, or wait `delay_ms` first),
//! `POST /crm/control/expire-tokens`; `GET /crm/requests` lists every API request;
//! `GET /crm/state` everything stored.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// Which authentication the API demands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrmAuthMode {
    /// Any of the three methods with the right credentials.
    #[default]
    Any,
    /// HTTP basic only.
    Basic,
    /// The custom header only.
    Header,
    /// A bearer token from the token endpoint only.
    Oauth2,
}

/// The credentials the simulator accepts.
#[derive(Clone, Debug)]
pub struct CrmCredentials {
    /// Basic user name.
    pub username: String,
    /// Basic password.
    pub password: String,
    /// Custom header name.
    pub header_name: String,
    /// Custom header value.
    pub header_value: String,
    /// OAuth client id.
    pub client_id: String,
    /// OAuth client secret.
    pub client_secret: String,
}

/// The body of `POST /crm/control`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrmControl {
    /// Authentication demanded.
    #[serde(default)]
    pub auth: CrmAuthMode,
    /// Status of the failures (400, 500, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_status: Option<u16>,
    /// How many of the next API requests fail.
    #[serde(default)]
    pub fail_count: u32,
    /// Wait this long before answering each API request (a slow CRM).
    #[serde(default)]
    pub delay_ms: u64,
}

/// One API request as the CRM received it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrmRequest {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Query string.
    pub query: String,
    /// The body's fields (after unwrapping a container), or the raw text.
    pub body: Value,
    /// The container the body came in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// Whether authentication passed.
    pub authenticated: bool,
    /// The status answered.
    pub status: u16,
}

#[derive(Debug, Default, Serialize)]
struct Store {
    accounts: Vec<Value>,
    records: Vec<Value>,
    comments: Vec<Value>,
    attachments: Vec<Value>,
    #[serde(skip)]
    files: Vec<(u64, String, String, Vec<u8>)>,
    #[serde(skip)]
    tokens: Vec<String>,
    #[serde(skip)]
    requests: Vec<CrmRequest>,
    #[serde(skip)]
    control: CrmControl,
    #[serde(skip)]
    next_id: u64,
}

/// The simulated CRM; cheap to clone.
#[derive(Clone, Debug)]
pub struct CrmSim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    credentials: CrmCredentials,
    store: Mutex<Store>,
}

impl CrmCredentials {
    /// The credentials of the gateway's built-in demo configuration.
    pub fn demo() -> Self {
        use crate::config::*;
        Self {
            username: DEMO_CRM_USERNAME.to_owned(),
            password: DEMO_CRM_PASSWORD.to_owned(),
            header_name: DEMO_CRM_HEADER.0.to_owned(),
            header_value: DEMO_CRM_HEADER.1.to_owned(),
            client_id: DEMO_CRM_CLIENT_ID.to_owned(),
            client_secret: DEMO_CRM_CLIENT_SECRET.to_owned(),
        }
    }
}

impl CrmSim {
    /// A CRM with no data that accepts `credentials`.
    pub fn new(credentials: CrmCredentials) -> Self {
        Self {
            inner: Arc::new(Inner {
                credentials,
                store: Mutex::new(Store {
                    next_id: 100,
                    ..Store::default()
                }),
            }),
        }
    }

    /// The routes under `/crm`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/crm/api/accounts", get(find_accounts).post(create_account))
            .route("/crm/api/accounts/{id}", get(account_by_id))
            .route("/crm/api/records", get(find_records).post(create_record))
            .route(
                "/crm/api/records/{id}",
                get(record_by_id).patch(update_record).put(update_record),
            )
            .route("/crm/api/records/{id}/comments", post(add_comment))
            .route("/crm/api/records/{id}/attachments", post(add_attachment))
            .route("/crm/attachments/{id}", get(download))
            .route("/crm/oauth/token", post(token))
            .route("/crm/records/{id}", get(record_page))
            .route("/crm/accounts/{id}", get(account_page))
            .route("/crm/search", get(search_page))
            .route("/crm/control", get(get_control).post(set_control))
            .route("/crm/control/expire-tokens", post(expire_tokens))
            .route("/crm/requests", get(list_requests))
            .route("/crm/state", get(state))
            .with_state(self.clone())
    }

    /// Adds an account (for tests and the demo's known callers); returns its id.
    pub fn add_account(&self, name: &str, phone: &str, email: &str) -> u64 {
        let mut store = self.lock();
        let id = next_id(&mut store);
        store
            .accounts
            .push(json!({"id": id, "name": name, "phone": phone, "email": email}));
        id
    }

    /// Every API request so far.
    pub fn requests(&self) -> Vec<CrmRequest> {
        self.lock().requests.clone()
    }

    /// Sets how the API behaves.
    pub fn set_control(&self, control: CrmControl) {
        self.lock().control = control;
    }

    /// Forgets every token issued, so the next bearer request is refused with 401.
    pub fn expire_tokens(&self) {
        self.lock().tokens.clear();
    }

    /// Accounts, records, comments and attachments stored.
    pub fn snapshot(&self) -> Value {
        serde_json::to_value(&*self.lock()).unwrap_or(Value::Null)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.inner
            .store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn authenticated(&self, headers: &HeaderMap, mode: CrmAuthMode) -> bool {
        let c = &self.inner.credentials;
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let basic = authorization
            .strip_prefix("Basic ")
            .and_then(|b| decode_base64(b.trim()))
            .is_some_and(|pair| pair == format!("{}:{}", c.username, c.password));
        let custom = headers
            .get(c.header_name.as_str())
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == c.header_value);
        let bearer = authorization
            .strip_prefix("Bearer ")
            .is_some_and(|t| self.lock().tokens.iter().any(|known| known == t));
        match mode {
            CrmAuthMode::Any => basic || custom || bearer,
            CrmAuthMode::Basic => basic,
            CrmAuthMode::Header => custom,
            CrmAuthMode::Oauth2 => bearer,
        }
    }

    /// Logs the request, checks authentication and the failure switch; `Err` is the answer.
    async fn admit(
        &self,
        method: &Method,
        path: &str,
        query: &str,
        headers: &HeaderMap,
        body: &Value,
        container: Option<String>,
    ) -> Result<(), Response> {
        let control = self.lock().control.clone();
        if control.delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(control.delay_ms)).await;
        }
        let authenticated = self.authenticated(headers, control.auth);
        let mut store = self.lock();
        let status = if !authenticated {
            401
        } else if store.control.fail_count > 0 {
            store.control.fail_count -= 1;
            store.control.fail_status.unwrap_or(500)
        } else {
            200
        };
        store.requests.push(CrmRequest {
            method: method.to_string(),
            path: path.to_owned(),
            query: query.to_owned(),
            body: body.clone(),
            container,
            authenticated,
            status,
        });
        if status == 200 {
            return Ok(());
        }
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Err((
            code,
            Json(json!({"error": code.canonical_reason().unwrap_or("error")})),
        )
            .into_response())
    }
}

impl CrmSim {
    /// Answers `status` with `message`, and records that status for the latest logged request
    /// to `path` (which [`CrmSim::admit`] logged as accepted).
    fn refuse(&self, path: &str, status: StatusCode, message: &str) -> Response {
        let mut store = self.lock();
        if let Some(request) = store.requests.iter_mut().rev().find(|r| r.path == path) {
            request.status = status.as_u16();
        }
        (status, Json(json!({"error": message}))).into_response()
    }
}

fn next_id(store: &mut Store) -> u64 {
    store.next_id += 1;
    store.next_id
}

/// Unwraps `{container: {...}}` or `{container: [{...}]}`; a property map stays as it is.
fn fields(body: &Value) -> (Map<String, Value>, Option<String>) {
    let Some(object) = body.as_object() else {
        return (Map::new(), None);
    };
    if object.len() == 1 {
        let (name, inner) = object.iter().next().expect("one entry");
        match inner {
            Value::Object(map) => return (map.clone(), Some(name.clone())),
            Value::Array(items) if items.len() == 1 && items[0].is_object() => {
                let map = items[0].as_object().cloned().unwrap_or_default();
                return (map, Some(name.clone()));
            }
            _ => {}
        }
    }
    (object.clone(), None)
}

fn text(fields: &Map<String, Value>, name: &str) -> String {
    match fields.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// A phone search matches when the digits of one end with the digits of the other (so
/// `*222*333*4444`, `2223334444` and `+1 222 333 4444` all find `+12223334444`).
fn phone_matches(stored: &str, search: &str) -> bool {
    let (a, b) = (digits(stored), digits(search));
    !a.is_empty() && !b.is_empty() && (a.ends_with(&b) || b.ends_with(&a))
}

fn parse_body(bytes: &Bytes) -> Result<Value, Box<Response>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        Box::new(
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"error": e.to_string()})),
            )
                .into_response(),
        )
    })
}

/// Whether the stored object has the numeric id written as `id`.
fn has_id(object: &Value, id: &str) -> bool {
    id.parse::<u64>()
        .ok()
        .is_some_and(|id| object["id"].as_u64() == Some(id))
}

#[derive(Debug, Default, Deserialize)]
struct Search {
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    account_id: Option<String>,
}

async fn find_accounts(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    Query(search): Query<Search>,
) -> Response {
    let raw = query.unwrap_or_default();
    if let Err(answer) = sim
        .admit(
            &method,
            "/crm/api/accounts",
            &raw,
            &headers,
            &Value::Null,
            None,
        )
        .await
    {
        return answer;
    }
    let store = sim.lock();
    let found: Vec<Value> = store
        .accounts
        .iter()
        .filter(|a| {
            let phone = search
                .phone
                .as_deref()
                .is_some_and(|p| phone_matches(a["phone"].as_str().unwrap_or_default(), p));
            let email = search.email.as_deref().is_some_and(|e| {
                a["email"]
                    .as_str()
                    .is_some_and(|known| known.eq_ignore_ascii_case(e))
            });
            phone || email
        })
        .cloned()
        .collect();
    Json(json!({"data": found})).into_response()
}

async fn account_by_id(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let path = format!("/crm/api/accounts/{id}");
    if let Err(answer) = sim
        .admit(&method, &path, "", &headers, &Value::Null, None)
        .await
    {
        return answer;
    }
    let found = sim.lock().accounts.iter().find(|a| has_id(a, &id)).cloned();
    match found {
        Some(account) => Json(json!({"data": account})).into_response(),
        None => sim.refuse(&path, StatusCode::NOT_FOUND, "no such account"),
    }
}

async fn create_account(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let body = match parse_body(&bytes) {
        Ok(body) => body,
        Err(answer) => return *answer,
    };
    let (fields, container) = fields(&body);
    let logged = Value::Object(fields.clone());
    if let Err(answer) = sim
        .admit(
            &method,
            "/crm/api/accounts",
            "",
            &headers,
            &logged,
            container,
        )
        .await
    {
        return answer;
    }
    let mut store = sim.lock();
    let id = next_id(&mut store);
    let account = json!({
        "id": id,
        "name": text(&fields, "name"),
        "phone": text(&fields, "phone"),
        "email": text(&fields, "email"),
    });
    store.accounts.push(account.clone());
    (StatusCode::CREATED, Json(json!({"data": account}))).into_response()
}

async fn find_records(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    Query(search): Query<Search>,
) -> Response {
    let raw = query.unwrap_or_default();
    if let Err(answer) = sim
        .admit(
            &method,
            "/crm/api/records",
            &raw,
            &headers,
            &Value::Null,
            None,
        )
        .await
    {
        return answer;
    }
    let store = sim.lock();
    let found: Vec<Value> = store
        .records
        .iter()
        .filter(|r| {
            search
                .account_id
                .as_deref()
                .is_some_and(|id| r["account_id"].as_str() == Some(id))
        })
        .cloned()
        .collect();
    Json(json!({"data": found})).into_response()
}

async fn record_by_id(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let path = format!("/crm/api/records/{id}");
    if let Err(answer) = sim
        .admit(&method, &path, "", &headers, &Value::Null, None)
        .await
    {
        return answer;
    }
    let found = sim.lock().records.iter().find(|r| has_id(r, &id)).cloned();
    match found {
        Some(record) => Json(json!({"data": record})).into_response(),
        None => sim.refuse(&path, StatusCode::NOT_FOUND, "no such record"),
    }
}

const RECORD_FIELDS: [&str; 8] = [
    "subject",
    "description",
    "phone",
    "source_type",
    "status",
    "agent_email",
    "duration",
    "disposition",
];

async fn create_record(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let body = match parse_body(&bytes) {
        Ok(body) => body,
        Err(answer) => return *answer,
    };
    let (fields, container) = fields(&body);
    let logged = Value::Object(fields.clone());
    if let Err(answer) = sim
        .admit(
            &method,
            "/crm/api/records",
            "",
            &headers,
            &logged,
            container,
        )
        .await
    {
        return answer;
    }
    let mut store = sim.lock();
    let account_id = text(&fields, "account_id");
    if !store.accounts.iter().any(|a| has_id(a, &account_id)) {
        drop(store);
        let message = format!("unknown account_id `{account_id}`");
        return sim.refuse("/crm/api/records", StatusCode::BAD_REQUEST, &message);
    }
    let id = next_id(&mut store);
    let mut record = Map::new();
    record.insert("id".into(), json!(id));
    record.insert("account_id".into(), json!(account_id));
    for name in RECORD_FIELDS {
        record.insert(name.into(), json!(text(&fields, name)));
    }
    if text(&fields, "status").is_empty() {
        record.insert("status".into(), json!("open"));
    }
    let record = Value::Object(record);
    store.records.push(record.clone());
    (StatusCode::CREATED, Json(json!({"data": record}))).into_response()
}

async fn update_record(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let body = match parse_body(&bytes) {
        Ok(body) => body,
        Err(answer) => return *answer,
    };
    let (fields, container) = fields(&body);
    let path = format!("/crm/api/records/{id}");
    let logged = Value::Object(fields.clone());
    if let Err(answer) = sim
        .admit(&method, &path, "", &headers, &logged, container)
        .await
    {
        return answer;
    }
    let mut store = sim.lock();
    let Some(record) = store.records.iter_mut().find(|r| has_id(r, &id)) else {
        drop(store);
        return sim.refuse(&path, StatusCode::NOT_FOUND, "no such record");
    };
    for name in RECORD_FIELDS {
        if fields.contains_key(name) {
            record[name] = json!(text(&fields, name));
        }
    }
    Json(json!({"data": record.clone()})).into_response()
}

async fn add_comment(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let body = match parse_body(&bytes) {
        Ok(body) => body,
        Err(answer) => return *answer,
    };
    let (fields, container) = fields(&body);
    let path = format!("/crm/api/records/{id}/comments");
    let logged = Value::Object(fields.clone());
    if let Err(answer) = sim
        .admit(&method, &path, "", &headers, &logged, container)
        .await
    {
        return answer;
    }
    let mut store = sim.lock();
    if !store.records.iter().any(|r| has_id(r, &id)) {
        drop(store);
        return sim.refuse(&path, StatusCode::NOT_FOUND, "no such record");
    }
    let comment_id = next_id(&mut store);
    let comment = json!({"id": comment_id, "record_id": id, "comment": text(&fields, "comment")});
    store.comments.push(comment.clone());
    (StatusCode::CREATED, Json(json!({"data": comment}))).into_response()
}

async fn add_attachment(
    State(sim): State<CrmSim>,
    method: Method,
    headers: HeaderMap,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let path = format!("/crm/api/records/{id}/attachments");
    let multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (name, content_type, data, logged, container) = if multipart {
        let mut form = match Multipart::from_request(request, &()).await {
            Ok(form) => form,
            Err(rejection) => return rejection.into_response(),
        };
        let mut file = None;
        let mut logged = Map::new();
        while let Ok(Some(field)) = form.next_field().await {
            let field_name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let mime = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_owned();
            let Ok(bytes) = field.bytes().await else {
                return StatusCode::BAD_REQUEST.into_response();
            };
            match file_name {
                Some(file_name) => {
                    logged.insert(
                        field_name,
                        json!(format!("<file {file_name}, {} bytes>", bytes.len())),
                    );
                    file = Some((file_name, mime, bytes.to_vec()));
                }
                None => {
                    logged.insert(field_name, json!(String::from_utf8_lossy(&bytes)));
                }
            }
        }
        let Some((name, mime, data)) = file else {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "no file part"})),
            )
                .into_response();
        };
        (name, mime, data, Value::Object(logged), None)
    } else {
        let Ok(bytes) = axum::body::to_bytes(request.into_body(), 16 * 1024 * 1024).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let body = match parse_body(&bytes) {
            Ok(body) => body,
            Err(answer) => return *answer,
        };
        let (fields, container) = fields(&body);
        let Some(data) = decode_base64_bytes(&text(&fields, "file")) else {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": "file is not base64"})),
            )
                .into_response();
        };
        let mut logged = fields.clone();
        logged.insert(
            "file".into(),
            json!(format!("<base64, {} bytes>", data.len())),
        );
        let name = match text(&fields, "file_name") {
            n if n.is_empty() => "attachment".to_owned(),
            n => n,
        };
        let mime = match text(&fields, "content_type") {
            m if m.is_empty() => "application/octet-stream".to_owned(),
            m => m,
        };
        (name, mime, data, Value::Object(logged), container)
    };
    if let Err(answer) = sim
        .admit(&method, &path, "", &headers, &logged, container)
        .await
    {
        return answer;
    }
    let mut store = sim.lock();
    if !store.records.iter().any(|r| has_id(r, &id)) {
        drop(store);
        return sim.refuse(&path, StatusCode::NOT_FOUND, "no such record");
    }
    let attachment_id = next_id(&mut store);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let attachment = json!({
        "id": attachment_id, "record_id": id, "file_name": name, "content_type": content_type,
        "size": data.len(), "url": format!("http://{host}/crm/attachments/{attachment_id}"),
    });
    store.attachments.push(attachment.clone());
    store.files.push((attachment_id, name, content_type, data));
    (StatusCode::CREATED, Json(json!({"data": attachment}))).into_response()
}

async fn download(State(sim): State<CrmSim>, Path(id): Path<u64>) -> Response {
    let store = sim.lock();
    match store.files.iter().find(|(known, ..)| *known == id) {
        Some((_, name, _mime, data)) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}\"",
                        name.replace(['"', '\\'], "_")
                    ),
                ),
            ],
            data.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct TokenRequest {
    grant_type: String,
    client_id: String,
    client_secret: String,
}

async fn token(
    State(sim): State<CrmSim>,
    axum::Form(request): axum::Form<TokenRequest>,
) -> Response {
    let c = &sim.inner.credentials;
    if request.grant_type != "client_credentials" {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    if request.client_id != c.client_id || request.client_secret != c.client_secret {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    let mut store = sim.lock();
    let token = format!("crm-token-{}", next_id(&mut store));
    store.tokens.push(token.clone());
    Json(json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600})).into_response()
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => escape(s),
        Value::Null => String::new(),
        other => escape(&other.to_string()),
    }
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:1rem;color:#1d2433}}\
         dt{{font-weight:600}}dd{{margin:0 0 .5rem 0;white-space:pre-line}}li{{margin:.25rem 0}}</style></head>\
         <body>{body}</body></html>",
        escape(title)
    ))
}

async fn record_page(State(sim): State<CrmSim>, Path(id): Path<String>) -> Response {
    let store = sim.lock();
    let Some(record) = store.records.iter().find(|r| has_id(r, &id)) else {
        return (
            StatusCode::NOT_FOUND,
            page("No such record", "<h1>No such record</h1>"),
        )
            .into_response();
    };
    let account = store
        .accounts
        .iter()
        .find(|a| Some(a["id"].to_string().as_str()) == record["account_id"].as_str());
    let mut body = format!(
        "<h1 data-testid=\"crm-record-subject\">{}</h1><dl data-testid=\"crm-record\">",
        shown(&record["subject"])
    );
    body.push_str(&format!(
        "<dt>Record</dt><dd data-testid=\"crm-record-id\">{}</dd>",
        shown(&record["id"])
    ));
    if let Some(account) = account {
        body.push_str(&format!(
            "<dt>Account</dt><dd data-testid=\"crm-account\">{} · {} · {}</dd>",
            shown(&account["name"]),
            shown(&account["phone"]),
            shown(&account["email"])
        ));
    }
    for name in RECORD_FIELDS.iter().filter(|n| **n != "subject") {
        body.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(name),
            shown(&record[*name])
        ));
    }
    body.push_str("</dl><h2>Comments</h2><ul data-testid=\"crm-comments\">");
    for comment in store
        .comments
        .iter()
        .filter(|c| c["record_id"].as_str() == Some(id.as_str()))
    {
        body.push_str(&format!("<li>{}</li>", shown(&comment["comment"])));
    }
    body.push_str("</ul><h2>Attachments</h2><ul data-testid=\"crm-attachments\">");
    for file in store
        .attachments
        .iter()
        .filter(|a| a["record_id"].as_str() == Some(id.as_str()))
    {
        body.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>",
            shown(&file["url"]),
            shown(&file["file_name"])
        ));
    }
    body.push_str("</ul>");
    page(&format!("Record {id}"), &body).into_response()
}

async fn account_page(State(sim): State<CrmSim>, Path(id): Path<String>) -> Response {
    let store = sim.lock();
    let Some(account) = store.accounts.iter().find(|a| has_id(a, &id)) else {
        return (
            StatusCode::NOT_FOUND,
            page("No such account", "<h1>No such account</h1>"),
        )
            .into_response();
    };
    let mut body = format!(
        "<h1 data-testid=\"crm-account-name\">{}</h1><dl><dt>Phone</dt><dd>{}</dd>\
         <dt>Email</dt><dd>{}</dd></dl><h2>Records</h2><ul>",
        shown(&account["name"]),
        shown(&account["phone"]),
        shown(&account["email"])
    );
    for record in store
        .records
        .iter()
        .filter(|r| r["account_id"].as_str() == Some(id.as_str()))
    {
        body.push_str(&format!(
            "<li><a href=\"/crm/records/{}\">{}</a> ({})</li>",
            shown(&record["id"]),
            shown(&record["subject"]),
            shown(&record["status"])
        ));
    }
    body.push_str("</ul>");
    page(&format!("Account {id}"), &body).into_response()
}

#[derive(Debug, Default, Deserialize)]
struct LookupQuery {
    #[serde(default)]
    ani: Option<String>,
    #[serde(default)]
    cuid: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

async fn search_page(State(sim): State<CrmSim>, Query(query): Query<LookupQuery>) -> Response {
    let store = sim.lock();
    let found: Vec<&Value> = store
        .accounts
        .iter()
        .filter(|a| {
            let phone = query
                .ani
                .as_deref()
                .is_some_and(|p| phone_matches(a["phone"].as_str().unwrap_or_default(), p));
            let email = [query.email.as_deref(), query.cuid.as_deref()]
                .into_iter()
                .flatten()
                .any(|e| {
                    let known = a["email"].as_str().unwrap_or_default();
                    known.eq_ignore_ascii_case(e)
                        || known
                            .split('@')
                            .next()
                            .is_some_and(|l| l.eq_ignore_ascii_case(e))
                });
            phone || email
        })
        .collect();
    let mut body = String::from("<h1>Lookup</h1><ul data-testid=\"crm-search-results\">");
    for account in &found {
        body.push_str(&format!(
            "<li><a href=\"/crm/accounts/{}\">{}</a> · {} · {}</li>",
            shown(&account["id"]),
            shown(&account["name"]),
            shown(&account["phone"]),
            shown(&account["email"])
        ));
    }
    body.push_str("</ul>");
    if found.is_empty() {
        body.push_str("<p>No account matches.</p>");
    }
    page("Lookup", &body).into_response()
}

async fn get_control(State(sim): State<CrmSim>) -> Json<CrmControl> {
    Json(sim.lock().control.clone())
}

async fn set_control(State(sim): State<CrmSim>, Json(control): Json<CrmControl>) -> StatusCode {
    sim.set_control(control);
    StatusCode::NO_CONTENT
}

async fn expire_tokens(State(sim): State<CrmSim>) -> StatusCode {
    sim.expire_tokens();
    StatusCode::NO_CONTENT
}

async fn list_requests(State(sim): State<CrmSim>) -> Json<Vec<CrmRequest>> {
    Json(sim.requests())
}

async fn state(State(sim): State<CrmSim>) -> Json<Value> {
    Json(sim.snapshot())
}

fn decode_base64(text: &str) -> Option<String> {
    decode_base64_bytes(text).and_then(|b| String::from_utf8(b).ok())
}

/// Standard base64 (with or without padding).
fn decode_base64_bytes(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if byte == b'=' {
            break;
        }
        let value = ALPHABET.iter().position(|&a| a == byte)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_searches_ignore_formatting_and_wildcards() {
        assert!(phone_matches("+12223334444", "*222*333*4444"));
        assert!(phone_matches("+12223334444", "(222) 333-4444"));
        assert!(!phone_matches("+12223334444", "+12223335555"));
        assert!(!phone_matches("+12223334444", ""));
    }

    #[test]
    fn bodies_in_a_map_or_array_container_are_unwrapped() {
        let (map, name) = fields(&json!({"ticket": {"subject": "a"}}));
        assert_eq!(
            (map.get("subject"), name.as_deref()),
            (Some(&json!("a")), Some("ticket"))
        );
        let (map, name) = fields(&json!({"data": [{"subject": "b"}]}));
        assert_eq!(
            (map.get("subject"), name.as_deref()),
            (Some(&json!("b")), Some("data"))
        );
        let (map, name) = fields(&json!({"subject": "c", "phone": "1"}));
        assert_eq!((map.len(), name), (2, None));
    }

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(decode_base64("a2ltOnB3").as_deref(), Some("kim:pw"));
        assert_eq!(decode_base64("aGk=").as_deref(), Some("hi"));
        assert_eq!(decode_base64("aGk").as_deref(), Some("hi"));
        assert_eq!(decode_base64("!!"), None);
    }

    #[test]
    fn record_pages_escape_what_the_crm_stores() {
        assert_eq!(
            escape("<script>\"x\" & 'y'"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }
}
