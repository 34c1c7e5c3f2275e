//! The `gateway` binary as a child process, and the clients that talk to it: the bot (the
//! Operator API as Aimylogic calls it) and the agent (the API and stream as the widget uses
//! them).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use futures_util::StreamExt;
use protocol::api::{AgentSnapshot, LoginResponse};
use protocol::chat::{ChatMessage, ChatView};
use protocol::stream::StreamEnvelope;
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use tokio::process::{Child, Command};

/// `{id}.{secret}` of the channel the configuration defines.
pub const CHANNEL_KEY: &str = "fault-bot.fault-bot-secret";
/// The one queue (destination) of the configuration.
pub const QUEUE_ID: u64 = 4100;
/// The agent who serves it.
pub const AGENT_EMAIL: &str = "kim@example.com";
const PASSWORD: &str = "demo-password";

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Retry policy of the outbox or the CRM in the test configuration.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub min_delay_ms: u64,
    pub max_delay_ms: u64,
    pub timeout_secs: u64,
}

/// What the configuration contains besides the chat channel and the agent.
pub struct Options {
    /// Chats the agent may hold at once.
    pub chat_capacity: u32,
    /// The outbox's retry policy.
    pub outbox: Policy,
    /// A `[crm]` section pointing at this base URL, with this policy.
    pub crm: Option<(String, Policy)>,
}

/// The TOML configuration of a gateway on `port` with its files in `dir`.
fn config(port: u16, dir: &Path, options: &Options) -> String {
    let demo = gateway::config::Settings::demo();
    let kim = demo
        .agents
        .iter()
        .find(|a| a.email == AGENT_EMAIL)
        .expect("Kim is a demo agent");
    let hash = kim.password_hash.expose_secret();
    let outbox = options.outbox;
    let mut toml = gateway::config::loopback_toml(port, dir, "fault-telephony-secret");
    toml.push_str(&format!(
        r#"
[aimylogic]
public_base_url = "http://127.0.0.1:{port}"
chat_capacity = {capacity}
duplicate_window_secs = 60

[aimylogic.outbox]
retry_window_secs = 259200
retry_min_delay_ms = {out_min}
retry_max_delay_ms = {out_max}
timeout_secs = {out_timeout}

[[aimylogic.channels]]
id = "fault-bot"
secret = "fault-bot-secret"

[[queues]]
id = {QUEUE_ID}
name = "support"
path = "Support / EN"

[[agents]]
id = 1
email = "{AGENT_EMAIL}"
first_name = "Kim"
last_name = "Lee"
role = "agent"
queues = ["support"]
password_hash = "{hash}"
"#,
        capacity = options.chat_capacity,
        out_min = outbox.min_delay_ms,
        out_max = outbox.max_delay_ms,
        out_timeout = outbox.timeout_secs,
    ));
    if let Some((base, policy)) = &options.crm {
        toml.push_str(&format!(
            r#"
[crm]
timeout_secs = {timeout}

[crm.retry]
statuses = [400, 503]
window_secs = 259200
min_delay_ms = {min}
max_delay_ms = {max}

[crm.endpoints.find_account]
url = "{base}/api/accounts"
method = "GET"
params = [{{ name = "email", value = "{{EMAIL}}" }}]
response_location = "data"

[crm.endpoints.create_account]
url = "{base}/api/accounts"
method = "POST"
params = [
  {{ name = "name", value = "{{NAME}}" }},
  {{ name = "email", value = "{{EMAIL}}" }},
]
response_location = "data"

[crm.endpoints.create_record]
url = "{base}/api/records"
method = "POST"
params = [
  {{ name = "account_id", value = "{{ACCOUNT_ID}}" }},
  {{ name = "subject", value = "{{TICKET_SUBJECT}}" }},
]
response_location = "data"

[crm.endpoints.update_record]
url = "{base}/api/records/{{RECORD_ID}}"
method = "PATCH"
params = [{{ name = "description", value = "{{TICKET_DESCRIPTION}}" }}]
response_location = "data"

[crm.endpoints.comment]
url = "{base}/api/records/{{RECORD_ID}}/comments"
method = "POST"
params = [{{ name = "comment", value = "{{COMMENT_BODY}}" }}]
response_location = "data"
"#,
            timeout = policy.timeout_secs,
            min = policy.min_delay_ms,
            max = policy.max_delay_ms,
        ));
    }
    toml
}

/// The gateway binary running on a fixed port with its configuration and database in a
/// temporary folder. Killed (SIGKILL, this child only) when dropped.
pub struct GatewayProcess {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
    /// How many times it was started.
    pub starts: u32,
}

impl GatewayProcess {
    /// Writes the configuration and starts the gateway; returns once it answers `/healthz`.
    pub async fn start(options: &Options) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        std::fs::write(
            dir.path().join("gateway.toml"),
            config(port, dir.path(), options),
        )
        .expect("config file");
        let mut gateway = Self {
            port,
            dir,
            child: None,
            starts: 0,
        };
        gateway.spawn().await;
        gateway
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The SQLite file.
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("gateway.db")
    }

    async fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("gateway.log"))
            .expect("log file");
        let err = log.try_clone().expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_gateway"))
            .arg("--config")
            .arg(self.dir.path().join("gateway.toml"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .kill_on_drop(true)
            .spawn()
            .expect("the gateway binary starts");
        self.child = Some(child);
        self.starts += 1;
        let http = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(response) = http.get(format!("{}/healthz", self.base())).send().await
                && response.status().is_success()
            {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!(
                    "the gateway exited at start: {status}; log:\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the gateway did not answer within 15 s; log:\n{}",
            self.log_tail()
        );
    }

    /// Kills the process with SIGKILL: no shutdown, no flush, whatever was in flight is lost.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.start_kill().expect("SIGKILL the gateway");
            child.wait().await.expect("the gateway is reaped");
        }
    }

    /// Starts the gateway again on the same port and database.
    pub async fn restart(&mut self) {
        self.spawn().await;
    }

    /// The end of the gateway's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("gateway.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// One number read straight from the SQLite file.
    pub async fn query_i64(&self, statement: &str) -> i64 {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(self.db_path())
            .read_only(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("open the database");
        let value: Option<i64> = sqlx::query_scalar(statement)
            .fetch_one(&pool)
            .await
            .expect("query");
        pool.close().await;
        value.unwrap_or(0)
    }

    /// Rows of two numbers read straight from the SQLite file.
    pub async fn query_pairs(&self, statement: &str) -> Vec<(i64, i64)> {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(self.db_path())
            .read_only(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("open the database");
        let rows = sqlx::query_as(statement)
            .fetch_all(&pool)
            .await
            .expect("query");
        pool.close().await;
        rows
    }
}

/// Polls `check` until it gives `Some`, for at most `secs` seconds.
pub async fn eventually<T, F, Fut>(what: &str, secs: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The bot platform's side of the Operator API.
#[derive(Clone)]
pub struct Bot {
    http: reqwest::Client,
    api: String,
}

impl Bot {
    pub fn new(gateway: &GatewayProcess) -> Self {
        Self {
            http: reqwest::Client::new(),
            api: format!("{}/operator/{CHANNEL_KEY}", gateway.base()),
        }
    }

    /// POSTs `body` to `method`; the receipt, or why there is none.
    async fn post(&self, method: &str, body: &Value) -> Result<Value, String> {
        let response = self
            .http
            .post(format!("{}/{method}", self.api))
            .json(body)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| format!("{method}: {e}"))?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|e| format!("{method}: {e}"))?;
        if status.is_success() {
            Ok(body)
        } else if status.is_server_error() {
            Err(format!("{method}: HTTP {status} {body}"))
        } else {
            panic!("{method} refused: HTTP {status} {body}");
        }
    }

    /// Like Aimylogic, repeats a call until the gateway acknowledges it (the gateway may be
    /// down or killed while answering); returns the receipt and how many attempts failed.
    pub async fn post_until_acknowledged(&self, method: &str, body: &Value) -> (Value, u32) {
        let mut failures = 0;
        loop {
            match self.post(method, body).await {
                Ok(receipt) => return (receipt, failures),
                Err(_) if failures < 2_000 => {
                    failures += 1;
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                Err(error) => panic!("the gateway never acknowledged: {error}"),
            }
        }
    }

    pub async fn set_webhook(&self, url: &str) {
        self.post_until_acknowledged("setWebhook", &json!({ "url": url }))
            .await;
    }

    /// Hands `user_id` over to the queue; returns the chat id.
    pub async fn hand_off(&self, user_id: &str, email: &str) -> u64 {
        let body = json!({
            "userId": user_id,
            "destinationId": QUEUE_ID.to_string(),
            "userName": format!("Customer {user_id}"),
            "attributes": { "email": email },
        });
        let (receipt, _) = self
            .post_until_acknowledged("selectDestination", &body)
            .await;
        receipt["chatId"].as_u64().expect("chatId")
    }

    pub async fn close(&self, user_id: &str) {
        self.post_until_acknowledged("closeChat", &json!({ "userId": user_id, "text": "" }))
            .await;
    }
}

/// The agent's side: the API and the stream, as the widget uses them.
#[derive(Clone)]
pub struct Agent {
    http: reqwest::Client,
    base: String,
    pub token: String,
}

impl Agent {
    pub async fn login(gateway: &GatewayProcess) -> Self {
        let http = reqwest::Client::new();
        let base = gateway.base();
        let response = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({ "email": AGENT_EMAIL, "password": PASSWORD }))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200, "login");
        let login: LoginResponse = response.json().await.expect("login body");
        Self {
            http,
            base,
            token: login.token,
        }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Value {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("agent request");
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: HTTP {status} {body}");
        body
    }

    pub async fn snapshot(&self) -> AgentSnapshot {
        let body = self.send(reqwest::Method::GET, "/api/v1/me", None).await;
        serde_json::from_value(body).expect("snapshot")
    }

    pub async fn chat(&self, chat_id: u64) -> ChatView {
        let body = self
            .send(
                reqwest::Method::GET,
                &format!("/api/v1/chats/{chat_id}"),
                None,
            )
            .await;
        serde_json::from_value(body).expect("chat")
    }

    /// Accepts chat `chat_id` once it is offered.
    pub async fn accept(&self, chat_id: u64) {
        eventually(&format!("chat {chat_id} accepted"), 10, || async {
            let response = self
                .http
                .post(format!("{}/api/v1/chats/{chat_id}/accept", self.base))
                .bearer_auth(&self.token)
                .send()
                .await
                .ok()?;
            response.status().is_success().then_some(())
        })
        .await;
    }

    /// Sends `text` in chat `chat_id`; returns the stored line.
    pub async fn reply(&self, chat_id: u64, text: &str) -> ChatMessage {
        let body = self
            .send(
                reqwest::Method::POST,
                &format!("/api/v1/chats/{chat_id}/messages"),
                Some(&json!({ "text": text })),
            )
            .await;
        serde_json::from_value(body).expect("message")
    }

    /// Opens the stream after event `last_id`: the widget's way (a single-use ticket and
    /// `since`) or with a bearer token and `Last-Event-ID`. `None` while the gateway is down.
    pub async fn open_stream(&self, last_id: u64, widget_way: bool) -> Option<SseStream> {
        let request = if widget_way {
            let ticket = self
                .http
                .post(format!("{}/api/v1/stream/ticket", self.base))
                .bearer_auth(&self.token)
                .send()
                .await
                .ok()?;
            if !ticket.status().is_success() {
                return None;
            }
            let ticket: protocol::api::StreamTicket = ticket.json().await.ok()?;
            self.http.get(format!(
                "{}/api/v1/stream?ticket={}&since={last_id}",
                self.base, ticket.ticket
            ))
        } else {
            self.http
                .get(format!("{}/api/v1/stream", self.base))
                .bearer_auth(&self.token)
                .header("Last-Event-ID", last_id.to_string())
        };
        let response = request.send().await.ok()?;
        assert_eq!(response.status(), 200, "the stream opens");
        Some(SseStream {
            body: Box::pin(response.bytes_stream()),
            buffer: String::new(),
        })
    }
}

/// Server-sent events of one stream connection.
pub struct SseStream {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
}

impl SseStream {
    /// The next event; `None` when the connection ended (cut, or the gateway died).
    pub async fn next(&mut self) -> Option<StreamEnvelope> {
        loop {
            if let Some(frame) = protocol::stream::next_sse_frame(&mut self.buffer) {
                let envelope: StreamEnvelope =
                    serde_json::from_str(&frame.data).expect("stream data is an envelope");
                let id = frame.id.and_then(|id| id.parse::<u64>().ok());
                assert_eq!(id, Some(envelope.id), "the SSE id is the envelope id");
                return Some(envelope);
            }
            let chunk = tokio::time::timeout(Duration::from_secs(20), self.body.next())
                .await
                .ok()??
                .ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
