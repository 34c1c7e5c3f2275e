//! Every agent endpoint needs a valid session.

use reqwest::Method;

use crate::helpers::{TestApp, spawn_app};

/// Every route of the agent API, with a method it answers.
const AGENT_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/me"),
    ("PUT", "/api/v1/me/status"),
    ("GET", "/api/v1/presence"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/stream/ticket"),
    ("GET", "/api/v1/stream"),
    ("POST", "/api/v1/calls/1/answer"),
    ("POST", "/api/v1/calls/1/decline"),
    ("POST", "/api/v1/calls/1/hangup"),
    ("PUT", "/api/v1/calls/1/hold"),
    ("PUT", "/api/v1/calls/1/redaction"),
    ("POST", "/api/v1/calls/1/transfer"),
    ("PUT", "/api/v1/calls/1/wrap-up"),
    ("GET", "/api/v1/transfer-targets"),
    ("GET", "/api/v1/stats/live"),
    ("GET", "/api/v1/chats"),
    ("GET", "/api/v1/chats/destinations"),
    ("GET", "/api/v1/chats/1"),
    ("POST", "/api/v1/chats/1/accept"),
    ("POST", "/api/v1/chats/1/decline"),
    ("POST", "/api/v1/chats/1/messages"),
    ("POST", "/api/v1/chats/1/files?name=a.txt"),
    ("POST", "/api/v1/chats/1/transfer"),
    ("POST", "/api/v1/chats/1/close"),
    ("POST", "/api/v1/chats/1/dismiss"),
    ("GET", "/api/v1/outbox/dead"),
    ("GET", "/api/v1/crm/dead"),
    ("GET", "/api/v1/crm/sessions/call/1"),
    ("GET", "/api/v1/crm/sessions/chat/1"),
];

/// The routes that did not answer 401 to requests made with `token`.
async fn not_refused(app: &TestApp, token: Option<&str>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (method, path) in AGENT_ROUTES {
        let method: Method = method.parse().expect("method");
        let mut request = app
            .client
            .request(method.clone(), app.url(path))
            .header("content-type", "application/json")
            .body("{}");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let status = request.send().await.expect("request").status();
        if status != 401 {
            wrong.push(format!("{method} {path} answered {status}"));
        }
    }
    wrong
}

#[tokio::test]
async fn every_agent_route_refuses_a_request_without_a_session() {
    let app = spawn_app().await;
    let wrong = not_refused(&app, None).await;
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test]
async fn every_agent_route_refuses_a_made_up_token() {
    let app = spawn_app().await;
    let wrong = not_refused(&app, Some("not-a-real-token-0123456789abcdef")).await;
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test]
async fn every_agent_route_refuses_an_expired_session() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    app.execute("UPDATE sessions SET expires_at = 0").await;

    let wrong = not_refused(&app, Some(&kim.token)).await;

    assert!(wrong.is_empty(), "{wrong:#?}");
}
