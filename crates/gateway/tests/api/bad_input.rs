//! The bad-input catalogue (`docs/bad-input.md`), sent for real: every kind of bad input against
//! every inbound surface (the telephony, Optico and co-browse webhooks, the Operator API, the
//! agent API), asserting the status, that the reason is a sentence saying what is wrong, and that
//! nothing was stored. Each table names the input in its failure message.

use gateway::config::{CobrowseSettings, OpticoSettings};
use serde_json::{Value, json};

use crate::chat_support::{CHANNEL_KEY, SUPPORT};
use crate::helpers::{PASSWORD, TELEPHONY_SECRET, TestApp, spawn_with, test_settings};

const OPTICO_SECRET: &str = "bad-input-optico-secret";
const COBROWSE_SECRET: &str = "bad-input-cobrowse-secret";

/// The demo gateway with Optico and co-browsing configured (their upstreams are a closed port:
/// only the webhooks are exercised here).
async fn spawn_app() -> TestApp {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    settings.optico = Some(OpticoSettings {
        base_url: "http://127.0.0.1:9/optico".to_owned(),
        api_key: "bad-input-optico-key".to_owned().into(),
        webhook_secret: OPTICO_SECRET.to_owned().into(),
        timeout_secs: 1,
    });
    settings.cobrowse = Some(CobrowseSettings {
        webhook_secret: COBROWSE_SECRET.to_owned().into(),
        base_url: "http://127.0.0.1:9/cobrowse".to_owned(),
        api_key: "bad-input-cobrowse-key".to_owned().into(),
        timeout_secs: 1,
    });
    spawn_with(settings, db_dir).await
}

/// An inbound surface that takes a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Surface {
    /// `POST /webhooks/telephony/{secret}` (JSON).
    Telephony,
    /// `POST /webhooks/optico/{secret}` (form field `realtimeData` = JSON).
    Optico,
    /// `POST /operator/{channel}/selectDestination`.
    SelectDestination,
    /// `POST /operator/{channel}/sendText`.
    SendText,
    /// `POST /operator/{channel}/sendFile`.
    SendFile,
    /// `POST /webhooks/cobrowse/{secret}`.
    Cobrowse,
    /// `POST /api/v1/auth/login`.
    Login,
    /// `PUT /api/v1/me/status` (signed in).
    Status,
}

const SURFACES: [Surface; 8] = [
    Surface::Telephony,
    Surface::Optico,
    Surface::SelectDestination,
    Surface::SendText,
    Surface::SendFile,
    Surface::Cobrowse,
    Surface::Login,
    Surface::Status,
];

impl Surface {
    /// A valid body, as the seeds' examples write it (the JSON of `realtimeData` for Optico).
    fn example(self) -> Value {
        match self {
            Self::Telephony => json!({
                "event": "ringing",
                "callerPhone": "0033612345678",
                "destinationPhone": "0033123456789",
                "startDate": "2018-02-28 12:57:13",
                "queue": "support",
                "externalId": "bad-input-1",
            }),
            Self::Optico => serde_json::from_str(include_str!(
                "../../../protocol/tests/fixtures/optico/webhook-view.json"
            ))
            .expect("the seed example"),
            Self::SelectDestination => json!({
                "userId": "bad-input-user",
                "destinationId": SUPPORT.to_string(),
                "userName": "Alex Morgan",
            }),
            Self::SendText => json!({"userId": "bad-input-user", "text": "Hello"}),
            Self::SendFile => json!({
                "userId": "bad-input-user",
                "url": "https://files.example.com/a.pdf",
                "fileName": "a.pdf",
                "size": 1024,
            }),
            Self::Cobrowse => json!({
                "event": "session_started",
                "session_id": "cb-bad-input",
                "call_id": 999_999,
                "requested_by": "end_user",
            }),
            Self::Login => json!({"email": "kim@example.com", "password": PASSWORD}),
            Self::Status => json!({"status": "break"}),
        }
    }

    /// The name of a mandatory id field and the name of a string field.
    fn id_field(self) -> Option<&'static str> {
        match self {
            Self::Telephony => Some("externalId"),
            Self::SelectDestination | Self::SendText | Self::SendFile => Some("userId"),
            Self::Cobrowse => Some("session_id"),
            Self::Optico | Self::Login | Self::Status => None,
        }
    }

    /// Its enum field and an unknown value for it.
    fn enum_field(self) -> Option<&'static str> {
        match self {
            Self::Telephony | Self::Cobrowse => Some("event"),
            Self::Optico => Some("type"),
            Self::Status => Some("status"),
            _ => None,
        }
    }

    /// A string field.
    fn text_field(self) -> &'static str {
        match self {
            Self::Telephony => "destinationPhone",
            Self::Optico => "type",
            Self::SelectDestination | Self::SendText | Self::SendFile => "userId",
            Self::Cobrowse => "session_id",
            Self::Login => "email",
            Self::Status => "status",
        }
    }

    /// Its largest accepted body, in bytes.
    fn body_limit(self) -> usize {
        match self {
            Self::Telephony => 64 * 1024,
            Self::Optico | Self::SelectDestination | Self::SendText | Self::SendFile => 256 * 1024,
            Self::Cobrowse => 16 * 1024,
            Self::Login | Self::Status => 2 * 1024 * 1024,
        }
    }

    fn is_webhook(self) -> bool {
        !matches!(self, Self::Login | Self::Status)
    }
}

/// What a test sends: raw bytes as the body, with a content type.
struct Body {
    bytes: Vec<u8>,
    content_type: &'static str,
}

impl Body {
    /// `json` as the surface carries it: JSON text, or for Optico the form field.
    fn of(surface: Surface, json: &[u8]) -> Self {
        if surface == Surface::Optico {
            let mut bytes = b"realtimeData=".to_vec();
            bytes.extend(percent_encode(json));
            Self {
                bytes,
                content_type: "application/x-www-form-urlencoded",
            }
        } else {
            Self {
                bytes: json.to_vec(),
                content_type: "application/json",
            }
        }
    }
}

/// Form-encodes every byte but unreserved ASCII (invalid UTF-8 stays invalid once decoded).
fn percent_encode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b);
        } else {
            out.extend(format!("%{b:02X}").bytes());
        }
    }
    out
}

/// Sends `body` to `surface` with the right secret (or the agent's token).
async fn send(app: &TestApp, token: &str, surface: Surface, body: Body) -> reqwest::Response {
    send_as(app, token, surface, body, true).await
}

async fn send_as(
    app: &TestApp,
    token: &str,
    surface: Surface,
    body: Body,
    right_secret: bool,
) -> reqwest::Response {
    let secret = |good: &str| {
        if right_secret {
            good.to_owned()
        } else {
            "wrong-secret".to_owned()
        }
    };
    let channel = if right_secret {
        CHANNEL_KEY.to_owned()
    } else {
        "demo-bot.wrong-secret".to_owned()
    };
    let (method, path) = match surface {
        Surface::Telephony => (
            reqwest::Method::POST,
            format!("/webhooks/telephony/{}", secret(TELEPHONY_SECRET)),
        ),
        Surface::Optico => (
            reqwest::Method::POST,
            format!("/webhooks/optico/{}", secret(OPTICO_SECRET)),
        ),
        Surface::SelectDestination => (
            reqwest::Method::POST,
            format!("/operator/{channel}/selectDestination"),
        ),
        Surface::SendText => (
            reqwest::Method::POST,
            format!("/operator/{channel}/sendText"),
        ),
        Surface::SendFile => (
            reqwest::Method::POST,
            format!("/operator/{channel}/sendFile"),
        ),
        Surface::Cobrowse => (
            reqwest::Method::POST,
            format!("/webhooks/cobrowse/{}", secret(COBROWSE_SECRET)),
        ),
        Surface::Login => (reqwest::Method::POST, "/api/v1/auth/login".to_owned()),
        Surface::Status => (reqwest::Method::PUT, "/api/v1/me/status".to_owned()),
    };
    let mut request = app
        .client
        .request(method, app.url(&path))
        .header("content-type", body.content_type)
        .body(body.bytes);
    if surface == Surface::Status && right_secret {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request")
}

/// The refusal a response carries: status, JSON `error` code and `message`.
#[derive(Debug)]
struct Refusal {
    status: u16,
    error: String,
    message: String,
}

async fn refusal(response: reqwest::Response) -> Refusal {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = response.text().await.expect("body");
    assert!(
        content_type.starts_with("application/json"),
        "HTTP {status} answered {content_type} instead of a JSON reason: {text}"
    );
    let body: Value = serde_json::from_str(&text).expect("a JSON error body");
    Refusal {
        status,
        error: body["error"].as_str().unwrap_or("").to_owned(),
        message: body["message"].as_str().unwrap_or("").to_owned(),
    }
}

/// A reason an integrator can act on: several words, no Rust debug output, no secret.
fn assert_sentence(input: &str, message: &str) {
    assert!(
        message.split_whitespace().count() >= 3,
        "{input}: the reason `{message}` is not a sentence"
    );
    for noise in ["Error(", "Some(", "{ ", "internal error", "store error"] {
        assert!(
            !message.contains(noise),
            "{input}: the reason `{message}` is not a clear sentence"
        );
    }
}

/// Asserts a refusal with `status`, code `error`, and a reason containing one of `says`.
async fn assert_refused(
    input: &str,
    response: reqwest::Response,
    status: u16,
    error: &str,
    says: &[&str],
) {
    let refusal = refusal(response).await;
    assert_eq!(refusal.status, status, "{input}: {refusal:?}");
    assert_eq!(refusal.error, error, "{input}: {refusal:?}");
    assert_sentence(input, &refusal.message);
    assert!(
        says.iter().any(|s| refusal.message.contains(s)),
        "{input}: the reason `{}` says none of {says:?}",
        refusal.message
    );
}

/// Rows that any accepted inbound input would have written.
async fn stored_rows(app: &TestApp) -> Vec<(&'static str, i64)> {
    let mut rows = Vec::new();
    for table in [
        "calls",
        "chats",
        "chat_messages",
        "optico_pending",
        "cobrowse_sessions",
        "operator_channels",
    ] {
        rows.push((table, app.count(table).await));
    }
    rows
}

fn nothing(rows: &[(&'static str, i64)]) -> bool {
    rows.iter().all(|(_, n)| *n == 0)
}

/// `agent_adapter_webhooks_rejected_total` from `/metrics`.
async fn webhooks_rejected(app: &TestApp) -> u64 {
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics text");
    text.lines()
        .find_map(|line| line.strip_prefix("agent_adapter_webhooks_rejected_total "))
        .and_then(|n| n.trim().parse().ok())
        .expect("the rejected webhooks counter")
}

/// One bad input for one surface, and what its refusal must say (one of `says`).
struct Case {
    surface: Surface,
    input: String,
    json: Vec<u8>,
    says: &'static [&'static str],
}

/// Sends every case and asserts each is a 400 `invalid_body` whose reason says what is wrong;
/// then that nothing was stored and that every refused webhook was counted.
async fn assert_all_refused(app: &TestApp, token: &str, cases: Vec<Case>) {
    let before = webhooks_rejected(app).await;
    let webhooks = cases.iter().filter(|c| c.surface.is_webhook()).count() as u64;
    for case in cases {
        let response = send(app, token, case.surface, Body::of(case.surface, &case.json)).await;
        let input = format!("{:?} with {}", case.surface, case.input);
        assert_refused(&input, response, 400, "invalid_body", case.says).await;
    }
    let rows = stored_rows(app).await;
    assert!(nothing(&rows), "something was stored: {rows:?}");
    assert_eq!(
        webhooks_rejected(app).await - before,
        webhooks,
        "every refused webhook is counted"
    );
}

/// Kim's session token (the status surface needs a signed-in agent).
async fn kim(app: &TestApp) -> String {
    app.login("kim@example.com").await.token
}

/// The surface's example with `field` set to `value`.
fn with(surface: Surface, field: &str, value: Value) -> Vec<u8> {
    let mut body = surface.example();
    body[field] = value;
    serde_json::to_vec(&body).expect("json")
}

/// `levels` nested arrays.
fn nested(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

#[tokio::test]
async fn truncated_json_is_refused_with_400_and_the_parser_s_reason_everywhere() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let cases = SURFACES
        .iter()
        .flat_map(|&surface| {
            let full = serde_json::to_vec(&surface.example()).expect("json");
            [1, full.len() / 2, full.len() - 1].map(|cut| Case {
                surface,
                input: format!("the first {cut} bytes of the example"),
                json: full[..cut].to_vec(),
                says: &["EOF while parsing"],
            })
        })
        .collect();
    assert_all_refused(&app, &token, cases).await;
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_refused_with_400_naming_the_type_expected() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let cases = SURFACES
        .iter()
        .flat_map(|&surface| {
            let field = surface.text_field();
            [json!(42), json!(true), json!(["a"]), json!({"a": 1})].map(|value| Case {
                surface,
                input: format!("`{field}`: {value}"),
                json: with(surface, field, value.clone()),
                // For an enum, serde_json says "expected value" when given a number or a list,
                // and reads an object's first key as the variant.
                says: &["invalid type", "expected value", "unknown variant"],
            })
        })
        .chain(SURFACES.iter().map(|&surface| Case {
            surface,
            input: "a JSON array instead of an object".to_owned(),
            json: b"[1, 2, 3]".to_vec(),
            says: &["invalid type", "expected"],
        }))
        .collect();
    assert_all_refused(&app, &token, cases).await;
}

#[tokio::test]
async fn deeply_nested_json_is_refused_with_400_and_does_not_exhaust_the_stack() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let deep: Value = serde_json::from_str(&nested(100)).expect("100 levels parse");
    let mut inside =
        String::from_utf8(with(Surface::SelectDestination, "attributes", deep)).expect("utf-8");
    inside = inside.replace(&nested(100), &nested(5_000));
    let cases = SURFACES
        .iter()
        .map(|&surface| Case {
            surface,
            input: "a body of 5,000 nested arrays".to_owned(),
            json: nested(5_000).into_bytes(),
            says: &["invalid type", "expected value"],
        })
        .chain([Case {
            surface: Surface::SelectDestination,
            input: "`attributes` nested 5,000 arrays deep".to_owned(),
            json: inside.into_bytes(),
            says: &["recursion limit exceeded"],
        }])
        .collect();
    assert_all_refused(&app, &token, cases).await;
}

#[tokio::test]
async fn an_unknown_field_nested_5000_deep_is_skipped_and_the_delivery_is_taken() {
    let app = spawn_app().await;
    let mut body = serde_json::to_string(&Surface::Telephony.example()).expect("json");
    body.pop();
    body.push_str(&format!(r#","deep":{}}}"#, nested(5_000)));

    let response = send(
        &app,
        "",
        Surface::Telephony,
        Body::of(Surface::Telephony, body.as_bytes()),
    )
    .await;

    assert_eq!(response.status(), 200);
    assert_eq!(app.count("calls").await, 1);
}

#[tokio::test]
async fn an_unknown_enum_value_is_refused_with_400_listing_the_known_values() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let cases = SURFACES
        .iter()
        .filter_map(|&surface| {
            let field = surface.enum_field()?;
            Some(["paused", "", "VIEW"].map(|value| Case {
                surface,
                input: format!("`{field}`: {value:?}"),
                json: with(surface, field, json!(value)),
                says: &["unknown variant"],
            }))
        })
        .flatten()
        .collect();
    assert_all_refused(&app, &token, cases).await;
}

// Regression: the Optico form decoder replaced invalid UTF-8 with U+FFFD and took the update.
#[tokio::test]
async fn invalid_utf8_in_a_string_is_refused_with_400() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let cases = SURFACES
        .iter()
        .flat_map(|&surface| {
            let field = surface.text_field();
            let text = String::from_utf8(with(surface, field, json!("@@"))).expect("utf-8");
            [&b"\xff\xfe"[..], &b"\xc3\x28"[..], &b"\xed\xa0\x80"[..]].map(|bad| {
                let (head, tail) = text.split_once("@@").expect("marker");
                let mut json = head.as_bytes().to_vec();
                json.extend_from_slice(bad);
                json.extend_from_slice(tail.as_bytes());
                Case {
                    surface,
                    input: format!("`{field}` holding the bytes {bad:x?}"),
                    json,
                    says: &["invalid unicode", "UTF-8", "utf-8"],
                }
            })
        })
        .collect();
    assert_all_refused(&app, &token, cases).await;
}

#[tokio::test]
async fn an_empty_or_blank_id_is_refused_with_400_naming_the_field() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let cases = SURFACES
        .iter()
        .filter_map(|&surface| {
            let field = surface.id_field()?;
            Some(["", "   "].map(|value| Case {
                surface,
                input: format!("`{field}`: {value:?}"),
                json: with(surface, field, json!(value)),
                says: &["must not be empty", "must be 1 to 200 characters"],
            }))
        })
        .flatten()
        .collect();
    assert_all_refused(&app, &token, cases).await;
}

// Regression: an oversized body got axum's text/plain "length limit exceeded" (and a refused
// webhook was not counted); the agent API answered it 400.
#[tokio::test]
async fn a_body_over_the_surface_s_limit_is_refused_with_413_and_nothing_is_stored() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    for surface in SURFACES {
        let field = surface.text_field();
        let mut json = with(surface, field, json!(""));
        let pad = surface.body_limit() + 1 - json.len();
        json = with(surface, field, json!("x".repeat(pad)));

        let response = send(&app, &token, surface, Body::of(surface, &json)).await;

        let input = format!("{surface:?} with a body of {} bytes", json.len());
        assert_refused(&input, response, 413, "payload_too_large", &["larger than"]).await;
    }
    let rows = stored_rows(&app).await;
    assert!(nothing(&rows), "something was stored: {rows:?}");
}

#[tokio::test]
async fn a_webhook_with_a_wrong_or_missing_secret_is_refused_with_401_and_nothing_is_stored() {
    let app = spawn_app().await;
    let before = webhooks_rejected(&app).await;
    let webhooks: Vec<Surface> = SURFACES.into_iter().filter(|s| s.is_webhook()).collect();
    for &surface in &webhooks {
        let json = serde_json::to_vec(&surface.example()).expect("json");

        let response = send_as(&app, "", surface, Body::of(surface, &json), false).await;

        let input = format!("{surface:?} with a wrong secret");
        assert_refused(&input, response, 401, "unauthorized", &["secret"]).await;
    }
    let response = app
        .client
        .post(app.url("/operator//sendText"))
        .json(&Surface::SendText.example())
        .send()
        .await
        .expect("request");
    assert_refused(
        "the Operator API without a channel key",
        response,
        401,
        "unauthorized",
        &["secret"],
    )
    .await;
    for path in [
        "/webhooks/telephony/",
        "/webhooks/optico/",
        "/webhooks/cobrowse/",
    ] {
        let response = app
            .client
            .post(app.url(path))
            .json(&json!({}))
            .send()
            .await
            .expect("request");
        assert_refused(
            &format!("{path} without a secret"),
            response,
            404,
            "not_found",
            &["no such endpoint"],
        )
        .await;
    }
    let rows = stored_rows(&app).await;
    assert!(nothing(&rows), "something was stored: {rows:?}");
    assert_eq!(
        webhooks_rejected(&app).await - before,
        webhooks.len() as u64 + 1
    );
}

#[tokio::test]
async fn an_agent_request_without_or_with_a_wrong_token_is_refused_with_401() {
    let app = spawn_app().await;
    for (input, token) in [
        ("no token", None),
        ("an unknown token", Some("not-a-session")),
        ("an empty token", Some("")),
    ] {
        let mut request = app
            .client
            .put(app.url("/api/v1/me/status"))
            .json(&json!({"status": "break"}));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }

        let response = request.send().await.expect("request");

        assert_refused(
            input,
            response,
            401,
            "unauthorized",
            &["session", "sign in", "token"],
        )
        .await;
    }
}

#[tokio::test]
async fn an_agent_json_body_with_another_content_type_is_refused_with_400() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    for (surface, content_type) in [
        (Surface::Login, "text/plain"),
        (Surface::Status, "application/x-www-form-urlencoded"),
        (Surface::Login, ""),
    ] {
        let json = serde_json::to_vec(&surface.example()).expect("json");
        let body = Body {
            bytes: json,
            content_type: if content_type.is_empty() {
                "application/octet-stream"
            } else {
                content_type
            },
        };

        let response = send(&app, &token, surface, body).await;

        let input = format!("{surface:?} sent as {content_type:?}");
        assert_refused(&input, response, 400, "invalid_body", &["Content-Type"]).await;
    }
}

#[tokio::test]
async fn a_json_webhook_is_read_as_json_whatever_its_content_type() {
    let app = spawn_app().await;
    let json = serde_json::to_vec(&Surface::Telephony.example()).expect("json");

    let response = send(
        &app,
        "",
        Surface::Telephony,
        Body {
            bytes: json,
            content_type: "text/plain",
        },
    )
    .await;

    assert_eq!(response.status(), 200);
    assert_eq!(app.count("calls").await, 1);
}

#[tokio::test]
async fn an_optico_body_that_is_json_instead_of_a_form_is_refused_with_400() {
    let app = spawn_app().await;
    let json = serde_json::to_vec(&Surface::Optico.example()).expect("json");

    let response = send(
        &app,
        "",
        Surface::Optico,
        Body {
            bytes: json,
            content_type: "application/json",
        },
    )
    .await;

    assert_refused(
        "Optico as JSON",
        response,
        400,
        "invalid_body",
        &["realtimeData"],
    )
    .await;
    assert_eq!(app.count("optico_pending").await, 0);
}

// Regression: telephony and Operator API ids of any length up to the body limit were stored.
#[tokio::test]
async fn an_overlong_id_or_text_within_the_body_limit_is_refused_with_400() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let long_id = "i".repeat(201);
    let mut cases: Vec<Case> = SURFACES
        .iter()
        .filter_map(|&surface| {
            let field = surface.id_field()?;
            Some(Case {
                surface,
                input: format!("`{field}` of 201 characters"),
                json: with(surface, field, json!(long_id)),
                says: &["at most 200 characters", "must be 1 to 200 characters"],
            })
        })
        .collect();
    cases.push(Case {
        surface: Surface::SelectDestination,
        input: "`destinationId` of 201 characters".to_owned(),
        json: with(Surface::SelectDestination, "destinationId", json!(long_id)),
        says: &["at most 200 characters"],
    });
    cases.push(Case {
        surface: Surface::SendText,
        input: "`text` of 20,001 characters".to_owned(),
        json: with(Surface::SendText, "text", json!("é".repeat(20_001))),
        says: &["longer than 20000 characters"],
    });
    assert_all_refused(&app, &token, cases).await;
}

#[tokio::test]
async fn a_url_that_is_not_absolute_http_is_refused_with_400() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let urls = [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//files.example.com/a.pdf",
        "/relative/a.pdf",
        "https://",
    ];
    let cases = [Surface::SendFile]
        .into_iter()
        .flat_map(|surface| {
            urls.map(|url| Case {
                surface,
                input: format!("`url`: {url:?}"),
                json: with(surface, "url", json!(url)),
                says: &["must be an absolute http or https URL"],
            })
        })
        .collect();
    assert_all_refused(&app, &token, cases).await;
    for url in urls {
        let response = app
            .client
            .post(app.url(&format!("/operator/{CHANNEL_KEY}/setWebhook")))
            .json(&json!({ "url": url }))
            .send()
            .await
            .expect("request");
        let input = format!("setWebhook `url`: {url:?}");
        assert_refused(
            &input,
            response,
            400,
            "invalid_body",
            &["must be an absolute http or https URL"],
        )
        .await;
    }
    assert_eq!(app.count("operator_channels").await, 0);
}

// Regression: a path id that is not a number got axum's text/plain answer, and a path no route
// serves an empty 404.
#[tokio::test]
async fn an_unknown_id_is_answered_404_or_400_naming_it_and_nothing_is_stored() {
    let app = spawn_app().await;
    let token = kim(&app).await;
    let mut ended = Surface::Telephony.example();
    ended["event"] = json!("ended");
    ended["externalId"] = json!("never-rang");
    let mut close = json!({"userId": "nobody", "text": ""});
    let cases: Vec<(&str, reqwest::Response, u16, &str, &[&str])> = vec![
        (
            "telephony `ended` for an unknown externalId",
            send(
                &app,
                &token,
                Surface::Telephony,
                Body::of(
                    Surface::Telephony,
                    &serde_json::to_vec(&ended).expect("json"),
                ),
            )
            .await,
            404,
            "not_found",
            &["no call with externalId `never-rang`"],
        ),
        (
            "sendText for an unknown userId",
            send(
                &app,
                &token,
                Surface::SendText,
                Body::of(
                    Surface::SendText,
                    &with(Surface::SendText, "userId", json!("nobody")),
                ),
            )
            .await,
            400,
            "invalid_body",
            &["unknown userId `nobody`"],
        ),
        (
            "sendFile for an unknown userId",
            send(
                &app,
                &token,
                Surface::SendFile,
                Body::of(
                    Surface::SendFile,
                    &with(Surface::SendFile, "userId", json!("nobody")),
                ),
            )
            .await,
            400,
            "invalid_body",
            &["unknown userId `nobody`"],
        ),
        (
            "closeChat for an unknown userId",
            app.client
                .post(app.url(&format!("/operator/{CHANNEL_KEY}/closeChat")))
                .json(&std::mem::take(&mut close))
                .send()
                .await
                .expect("request"),
            400,
            "invalid_body",
            &["unknown userId `nobody`"],
        ),
        (
            "selectDestination for an unknown destinationId",
            send(
                &app,
                &token,
                Surface::SelectDestination,
                Body::of(
                    Surface::SelectDestination,
                    &with(Surface::SelectDestination, "destinationId", json!("424242")),
                ),
            )
            .await,
            400,
            "invalid_body",
            &["unknown destinationId `424242`; destinations:"],
        ),
        (
            "co-browse for an unknown call",
            send(
                &app,
                &token,
                Surface::Cobrowse,
                Body::of(
                    Surface::Cobrowse,
                    &with(Surface::Cobrowse, "call_id", json!(999_999)),
                ),
            )
            .await,
            404,
            "not_found",
            &["no call 999999"],
        ),
        (
            "answering an unknown call",
            app.post("/api/v1/calls/999999/answer", &token).await,
            404,
            "not_found",
            &["999999"],
        ),
        (
            "an unknown chat",
            app.client
                .get(app.url("/api/v1/chats/999999"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("request"),
            404,
            "not_found",
            &["999999"],
        ),
        (
            "a call id that is not a number",
            app.post("/api/v1/calls/abc/answer", &token).await,
            400,
            "invalid_body",
            &["abc"],
        ),
        (
            "an unknown agent API path",
            app.post("/api/v1/nothing-here", &token).await,
            404,
            "not_found",
            &["no such endpoint"],
        ),
    ];
    for (input, response, status, error, says) in cases {
        assert_refused(input, response, status, error, says).await;
    }
    let rows = stored_rows(&app).await;
    assert!(nothing(&rows), "something was stored: {rows:?}");
}

#[tokio::test]
async fn an_optico_update_for_a_call_not_known_yet_is_kept_until_its_lookup_returns() {
    let app = spawn_app().await;
    let json = serde_json::to_vec(&Surface::Optico.example()).expect("json");

    let response = send(&app, "", Surface::Optico, Body::of(Surface::Optico, &json)).await;

    assert_eq!(response.status(), 202);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "pending");
    assert_eq!(app.count("optico_pending").await, 1);
}

#[tokio::test]
async fn markup_and_javascript_urls_in_upstream_text_are_stored_exactly_as_sent() {
    let app = spawn_app().await;
    let markup = r#"<script>alert(1)</script><img src=x onerror="alert(2)"> & "quotes""#;
    let handoff = with(Surface::SelectDestination, "userName", json!(markup));
    let response = send(
        &app,
        "",
        Surface::SelectDestination,
        Body::of(Surface::SelectDestination, &handoff),
    )
    .await;
    assert_eq!(response.status(), 200, "a hand-off with markup in userName");
    let text = with(Surface::SendText, "text", json!(markup));
    let response = send(
        &app,
        "",
        Surface::SendText,
        Body::of(Surface::SendText, &text),
    )
    .await;
    assert_eq!(response.status(), 200, "a client text with markup");
    let mut view = Surface::Optico.example();
    view["view"]["pageTitle"] = json!(markup);
    view["view"]["url"] = json!("javascript:alert(document.cookie)");
    let response = send(
        &app,
        "",
        Surface::Optico,
        Body::of(Surface::Optico, &serde_json::to_vec(&view).expect("json")),
    )
    .await;
    assert_eq!(
        response.status(),
        202,
        "an Optico view with markup and a javascript: URL"
    );

    assert_eq!(
        app.query_text("SELECT user_name FROM chats")
            .await
            .as_deref(),
        Some(markup)
    );
    assert_eq!(
        app.query_text("SELECT text FROM chat_messages")
            .await
            .as_deref(),
        Some(markup)
    );
    let kept = app
        .query_text("SELECT payload FROM optico_pending")
        .await
        .expect("kept");
    let kept: Value = serde_json::from_str(&kept).expect("json");
    assert_eq!(kept["view"]["pageTitle"], markup);
    assert_eq!(kept["view"]["url"], "javascript:alert(document.cookie)");
}

#[tokio::test]
async fn a_caller_phone_or_start_date_that_is_not_one_is_refused_with_400() {
    let app = spawn_app().await;
    let mut cases: Vec<Case> = [
        "call me maybe",
        "<script>alert(1)</script>",
        "+",
        "1234567890123456789012345678",
        "javascript:alert(1)",
    ]
    .into_iter()
    .map(|phone| Case {
        surface: Surface::Telephony,
        input: format!("`callerPhone`: {phone:?}"),
        json: with(Surface::Telephony, "callerPhone", json!(phone)),
        says: &["is not a phone number"],
    })
    .collect();
    cases.extend(
        [
            "28/02/2018 12:57",
            "2018-02-30 12:57:13",
            "2018-02-28T12:57:13Z",
            "",
        ]
        .map(|date| Case {
            surface: Surface::Telephony,
            input: format!("`startDate`: {date:?}"),
            json: with(Surface::Telephony, "startDate", json!(date)),
            says: &["must be `Y-m-d H:i:s`"],
        }),
    );
    assert_all_refused(&app, "", cases).await;
}
