//! `spawn_app()` and small clients for the tests.

use std::path::PathBuf;
use std::time::Duration;

use futures_util::StreamExt;
use gateway::config::Settings;
use gateway::startup::Application;
use gateway::state::AppState;
use protocol::api::{AgentSnapshot, LoginResponse};
use protocol::stream::StreamEnvelope;
use serde_json::{Value, json};

/// Demo password of every demo agent.
pub const PASSWORD: &str = "demo-password";
/// Telephony secret of the demo configuration.
pub const TELEPHONY_SECRET: &str = "demo-telephony-secret";

/// A running gateway and what is needed to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db_dir: tempfile::TempDir,
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    pub settings: Settings,
    /// The running gateway's state, for tests that drive its background work directly.
    pub state: AppState,
}

/// Demo settings on port 0 with a fresh SQLite file and a short ring timeout.
pub fn test_settings(db_dir: &tempfile::TempDir) -> Settings {
    let mut settings = Settings::demo();
    settings.server.port = 0;
    settings.database.path = db_dir.path().join("gateway.db");
    settings.widget.dist_dir = db_dir.path().join("dist");
    settings.routing.ring_timeout_secs = 2;
    // No after-call work unless a test asks for it: the next call rings at once.
    settings.wrap_up.after_call_secs = 0;
    settings.allowed_origins = vec!["https://crm.example.com".into()];
    // Optico tests turn it on against the simulator; the others run without caller context.
    settings.optico = None;
    // DeepCall tests point it at the simulator.
    settings.deepcall = None;
    // CRM tests point it at the simulator.
    settings.crm = None;
    // Assist tests point it at the simulator.
    settings.optimly = None;
    // Co-browse tests point it at the simulator.
    settings.cobrowse = None;
    settings.storage.path = db_dir.path().join("storage");
    settings
}

/// Starts the gateway with the demo configuration on a throwaway database.
pub async fn spawn_app() -> TestApp {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let settings = test_settings(&db_dir);
    spawn_with(settings, db_dir).await
}

/// Starts the gateway with `settings` (its database lives in `db_dir`).
pub async fn spawn_with(settings: Settings, db_dir: tempfile::TempDir) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    spawn_on(listener, settings, db_dir).await
}

/// Starts the gateway on an already bound listener.
pub async fn spawn_on(
    listener: tokio::net::TcpListener,
    settings: Settings,
    db_dir: tempfile::TempDir,
) -> TestApp {
    let app = Application::build_with_listener(settings.clone(), listener)
        .await
        .expect("the gateway builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let server = tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        db_dir,
        server,
        settings,
        state,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn db_path(&self) -> PathBuf {
        self.settings.database.path.clone()
    }

    /// Logs in and returns the response, panicking on failure.
    pub async fn login(&self, email: &str) -> LoginResponse {
        let response = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "login of {email}");
        response.json().await.expect("login body")
    }

    pub async fn snapshot(&self, token: &str) -> AgentSnapshot {
        let response = self
            .client
            .get(self.url("/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .expect("me");
        assert_eq!(response.status(), 200);
        response.json().await.expect("snapshot body")
    }

    /// Posts a telephony webhook body with the right secret.
    pub async fn telephony(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/webhooks/telephony/{TELEPHONY_SECRET}")))
            .json(body)
            .send()
            .await
            .expect("webhook request")
    }

    /// Rings a call in `queue`; returns the gateway's call id.
    pub async fn ring(&self, external_id: &str, queue: &str) -> u64 {
        let response = self.telephony(&ringing(external_id, queue)).await;
        assert_eq!(response.status(), 200, "ringing accepted");
        let body: Value = response.json().await.expect("receipt");
        body["callId"].as_u64().expect("callId")
    }

    /// Sends a JSON body with `method` as the agent `token`.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Reads one value straight from the SQLite file.
    pub async fn query_text(&self, statement: &str) -> Option<String> {
        let pool = self.db().await;
        let value: Option<String> = sqlx::query_scalar(statement)
            .fetch_optional(&pool)
            .await
            .expect("query")
            .flatten();
        pool.close().await;
        value
    }

    pub async fn post(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// Opens the agent's stream with a bearer token, from `since` when given.
    pub async fn stream(&self, token: &str, since: Option<u64>) -> SseReader {
        let mut url = self.url("/api/v1/stream");
        if let Some(since) = since {
            url.push_str(&format!("?since={since}"));
        }
        let response = self
            .client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .expect("stream request");
        assert_eq!(response.status(), 200, "stream opens");
        SseReader::new(response)
    }

    /// A connection pool straight on the gateway's SQLite file.
    async fn db(&self) -> sqlx::SqlitePool {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(self.db_path());
        sqlx::SqlitePool::connect_with(options)
            .await
            .expect("open db")
    }

    /// Counts rows of a table straight from the SQLite file.
    pub async fn count(&self, table: &str) -> i64 {
        let pool = self.db().await;
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .expect("count");
        pool.close().await;
        count
    }

    /// Runs one SQL statement straight on the SQLite file (to age sessions and the like).
    pub async fn execute(&self, statement: &str) {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(self.db_path());
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("open db");
        sqlx::query(statement)
            .execute(&pool)
            .await
            .expect("statement runs");
        pool.close().await;
    }

    /// Stops the server (the database file stays).
    pub async fn stop(self) -> tempfile::TempDir {
        self.server.abort();
        let _ = self.server.await;
        self.db_dir
    }
}

/// A ringing webhook body as the documented example.
pub fn ringing(external_id: &str, queue: &str) -> Value {
    json!({
        "event": "ringing",
        "callerPhone": "0033612345678",
        "destinationPhone": "0033123456789",
        "startDate": "2018-02-28 12:57:13",
        "queue": queue,
        "externalId": external_id,
    })
}

/// Reads server-sent events from a streaming response.
pub struct SseReader {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
}

impl SseReader {
    /// Reads events from an already opened stream response.
    pub fn from_response(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), 200, "stream opens");
        Self::new(response)
    }

    fn new(response: reqwest::Response) -> Self {
        Self {
            body: Box::pin(response.bytes_stream()),
            buffer: String::new(),
        }
    }

    /// The next event, or `None` when none arrives within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<StreamEnvelope> {
        tokio::time::timeout(wait, self.next_event())
            .await
            .ok()
            .flatten()
    }

    /// The next event (waiting up to 10 s, which only a broken gateway exceeds).
    pub async fn next(&mut self) -> StreamEnvelope {
        self.next_within(Duration::from_secs(10))
            .await
            .expect("a stream event arrives")
    }

    async fn next_event(&mut self) -> Option<StreamEnvelope> {
        loop {
            if let Some(frame) = protocol::stream::next_sse_frame(&mut self.buffer) {
                let envelope: StreamEnvelope =
                    serde_json::from_str(&frame.data).expect("stream data is an envelope");
                let id = frame.id.map(|id| id.parse::<u64>().expect("numeric id"));
                assert_eq!(id, Some(envelope.id), "SSE id matches the envelope id");
                return Some(envelope);
            }
            let chunk = self.body.next().await?.ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
