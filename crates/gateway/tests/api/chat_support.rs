//! A gateway with the Aimylogic Operator API, and the bot platform simulator serving its
//! webhook, for the chat tests.

use std::future::Future;
use std::time::Duration;

use gateway::config::OutboxSettings;
use protocol::aimylogic::SelectDestinationRequest;
use protocol::chat::{ChatMessage, ChatView};
use reqwest::Url;
use serde_json::{Value, json};
use upstream_sim::{AimylogicSim, Received};

use crate::helpers::{TestApp, spawn_on, test_settings};

/// `{id}.{secret}` of the demo channel.
pub const CHANNEL_KEY: &str = "demo-bot.demo-aimylogic-secret";
/// The `support` queue (served by Kim and Ariel).
pub const SUPPORT: u64 = 7678;
/// The `sales-fr` queue (served by Kim only).
pub const SALES: u64 = 8469;

/// The gateway, the simulated bot platform and its webhook URL.
pub struct ChatApp {
    pub app: TestApp,
    pub bot: AimylogicSim,
    pub webhook_url: String,
    _bot_server: tokio::task::JoinHandle<()>,
}

/// A gateway whose agent files are served from its own address, with fast outbox retries, and
/// a bot platform simulator listening on another port (its webhook is not set yet).
pub async fn spawn_chat_app() -> ChatApp {
    spawn_chat_app_with(|_| {}).await
}

/// Like [`spawn_chat_app`], with further changes to the settings.
pub async fn spawn_chat_app_with(adjust: impl FnOnce(&mut gateway::config::Settings)) -> ChatApp {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("address").port();
    let mut settings = test_settings(&db_dir);
    {
        let aimylogic = settings
            .aimylogic
            .as_mut()
            .expect("the demo config has Aimylogic");
        aimylogic.public_base_url = format!("http://127.0.0.1:{port}");
        aimylogic.outbox = OutboxSettings {
            retry_window_secs: 3 * 24 * 3600,
            retry_min_delay_ms: 20,
            retry_max_delay_ms: 200,
            timeout_secs: 5,
        };
    }
    adjust(&mut settings);
    let app = spawn_on(listener, settings, db_dir).await;

    let api_url = Url::parse(&app.url(&format!("/operator/{CHANNEL_KEY}"))).expect("url");
    let bot = AimylogicSim::new(&api_url);
    let bot_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let bot_base = Url::parse(&format!(
        "http://127.0.0.1:{}",
        bot_listener.local_addr().expect("address").port()
    ))
    .expect("url");
    let router = bot.router();
    let bot_server = tokio::spawn(async move {
        let _ = axum::serve(bot_listener, router).await;
    });
    ChatApp {
        webhook_url: AimylogicSim::webhook_url(&bot_base, "demo-api-key"),
        app,
        bot,
        _bot_server: bot_server,
    }
}

impl ChatApp {
    /// Sets the bot's webhook on the gateway.
    pub async fn set_webhook(&self) {
        let reply = self
            .bot
            .set_webhook(&self.webhook_url)
            .await
            .expect("reply");
        assert_eq!(reply.status, 200, "{:?}", reply.body);
    }

    /// Hands `user_id` over to `destination`; returns the chat id.
    pub async fn hand_off(&self, user_id: &str, destination: u64) -> u64 {
        let reply = self
            .bot
            .select_destination(&handoff(user_id, destination))
            .await
            .expect("reply");
        assert_eq!(reply.status, 200, "{:?}", reply.body);
        reply.body["chatId"].as_u64().expect("chatId")
    }

    /// POSTs a JSON body to `/api/v1/...` as the agent with `token`.
    pub async fn agent_post(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// Accepts chat `chat_id` as the agent with `token`.
    pub async fn accept(&self, chat_id: u64, token: &str) -> ChatView {
        let response = self
            .app
            .post(&format!("/api/v1/chats/{chat_id}/accept"), token)
            .await;
        assert_eq!(response.status(), 200, "accept");
        response.json().await.expect("chat")
    }

    /// Sends `text` to the client of `chat_id`; returns the stored line.
    pub async fn reply(&self, chat_id: u64, token: &str, text: &str) -> ChatMessage {
        let response = self
            .agent_post(
                &format!("/api/v1/chats/{chat_id}/messages"),
                token,
                &json!({"text": text}),
            )
            .await;
        assert_eq!(response.status(), 201, "reply");
        response.json().await.expect("message")
    }

    /// Waits until the bot has received `count` events and returns them.
    pub async fn bot_receives(&self, count: usize) -> Vec<Received> {
        eventually(&format!("{count} webhook events"), || async {
            let received = self.bot.received();
            (received.len() >= count).then_some(received)
        })
        .await
    }

    /// GETs `/api/v1/...` as the agent with `token`.
    pub async fn agent_get(&self, path: &str, token: &str) -> reqwest::Response {
        self.app
            .client
            .get(self.app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }
}

/// A `selectDestination` body with a name and one visible and one hidden attribute.
pub fn handoff(user_id: &str, destination: u64) -> SelectDestinationRequest {
    serde_json::from_value(serde_json::json!({
        "userId": user_id,
        "destinationId": destination.to_string(),
        "userName": "Alex Morgan",
        "attributes": {"plan": "gold"},
        "hiddenAttributes": {"crm_token": "hidden-s3cr3t"},
        "customData": {"order": "A-17"},
    }))
    .expect("a valid request")
}

/// Polls `check` until it gives `Some`, for at most 10 s (only a broken gateway takes longer).
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
