use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test]
async fn login_with_the_right_password_returns_a_token_and_the_profile() {
    let app = spawn_app().await;

    let login = app.login("kim@example.com").await;

    assert!(login.token.len() >= 32);
    assert_eq!(login.agent.id, 1);
    assert_eq!(login.agent.custom_id.as_deref(), Some("007"));
    assert_eq!(login.agent.status, protocol::api::AgentStatus::Available);
    assert_eq!(login.agent.queues.len(), 2);
}

#[tokio::test]
async fn login_with_a_wrong_password_is_refused() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "kim@example.com", "password": "wrong"}))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "invalid_credentials");
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn login_of_an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "nobody@example.com", "password": PASSWORD}))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "invalid_credentials");
}

#[tokio::test]
async fn login_with_a_malformed_body_says_what_is_wrong() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"email":"kim@example.com"}"#)
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "invalid_body");
    assert!(
        body["message"].as_str().unwrap_or("").contains("password"),
        "{body}"
    );
}

#[tokio::test]
async fn a_logged_out_token_is_no_longer_accepted() {
    let app = spawn_app().await;
    let login = app.login("kim@example.com").await;

    let logout = app.post("/api/v1/auth/logout", &login.token).await;
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&login.token)
        .send()
        .await;

    assert_eq!(logout.status(), 204);
    assert_eq!(me.expect("request").status(), 401);
}

#[tokio::test]
async fn agent_endpoints_refuse_requests_without_a_token() {
    let app = spawn_app().await;

    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("request");
    let answer = app
        .client
        .post(app.url("/api/v1/calls/1/answer"))
        .send()
        .await
        .expect("req");

    assert_eq!(me.status(), 401);
    assert_eq!(answer.status(), 401);
}

#[tokio::test]
async fn the_presence_view_is_for_supervisors_only() {
    let app = spawn_app().await;
    let agent = app.login("kim@example.com").await;
    let supervisor = app.login("sam@example.com").await;

    let refused = app
        .client
        .get(app.url("/api/v1/presence"))
        .bearer_auth(&agent.token)
        .send();
    let allowed = app
        .client
        .get(app.url("/api/v1/presence"))
        .bearer_auth(&supervisor.token)
        .send();

    assert_eq!(refused.await.expect("request").status(), 403);
    let presence: protocol::api::Presence = allowed
        .await
        .expect("request")
        .json()
        .await
        .expect("presence");
    assert_eq!(presence.agents.len(), 3);
    let kim = presence
        .agents
        .iter()
        .find(|a| a.id == 1)
        .expect("kim listed");
    assert_eq!(kim.status, protocol::api::AgentStatus::Available);
}

async fn attempt(app: &crate::helpers::TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn sign_in_attempts_past_the_limit_are_refused_with_retry_after() {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = crate::helpers::test_settings(&db_dir);
    settings.auth.login_attempts_per_minute = 3;
    let app = crate::helpers::spawn_with(settings, db_dir).await;

    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            attempt(&app, "kim@example.com", "guess")
                .await
                .status()
                .as_u16(),
        );
    }
    let limited = attempt(&app, "KIM@example.com", PASSWORD).await;

    assert_eq!(statuses, vec![401, 401, 401]);
    assert_eq!(limited.status(), 429, "even the right password waits");
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: Value = limited.json().await.expect("error body");
    assert_eq!(body["error"], "too_many_attempts");
}

#[tokio::test]
async fn the_sign_in_limit_of_one_account_does_not_lock_out_another() {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = crate::helpers::test_settings(&db_dir);
    settings.auth.login_attempts_per_minute = 2;
    let app = crate::helpers::spawn_with(settings, db_dir).await;
    for _ in 0..3 {
        attempt(&app, "kim@example.com", "guess").await;
    }

    let other = attempt(&app, "ariel@example.com", PASSWORD).await;

    assert_eq!(other.status(), 200);
}
