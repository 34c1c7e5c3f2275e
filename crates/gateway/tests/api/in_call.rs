//! Hold and recording pause (redaction) of a call in progress.

use std::time::Duration;

use protocol::api::CallView;
use protocol::stream::StreamEvent;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// Kim logged in with call `pbx-id` answered; returns her token and the call id.
async fn answered_call(app: &TestApp, external_id: &str) -> (String, u64) {
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring(external_id, "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    (kim.token, call_id)
}

async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    app.client
        .put(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn holding_then_resuming_adds_the_hold_to_the_call_hold_time() {
    let app = spawn_app().await;
    let (token, call_id) = answered_call(&app, "h-1").await;

    let held: CallView = put(
        &app,
        &token,
        &format!("/api/v1/calls/{call_id}/hold"),
        json!({"on_hold": true}),
    )
    .await
    .json()
    .await
    .expect("view");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let resumed: CallView = put(
        &app,
        &token,
        &format!("/api/v1/calls/{call_id}/hold"),
        json!({"on_hold": false}),
    )
    .await
    .json()
    .await
    .expect("view");

    assert!(held.on_hold && held.hold_started_at.is_some());
    assert!(!resumed.on_hold && resumed.hold_started_at.is_none());
    assert!(resumed.hold_ms >= 50, "{}", resumed.hold_ms);
}

#[tokio::test]
async fn pausing_the_recording_reaches_the_agent_stream_once() {
    let app = spawn_app().await;
    let (token, call_id) = answered_call(&app, "h-2").await;
    let since = app.snapshot(&token).await.last_event_id;
    let mut stream = app.stream(&token, Some(since)).await;
    let path = format!("/api/v1/calls/{call_id}/redaction");

    let first = put(&app, &token, &path, json!({"redacted": true})).await;
    let again = put(&app, &token, &path, json!({"redacted": true})).await;

    assert_eq!(
        (first.status().as_u16(), again.status().as_u16()),
        (200, 200)
    );
    let StreamEvent::CallUpdated { call } = stream.next().await.event else {
        panic!("updated")
    };
    assert!(call.redacted);
    assert!(
        stream
            .next_within(Duration::from_millis(500))
            .await
            .is_none(),
        "no second event"
    );
}

#[tokio::test]
async fn a_ringing_call_cannot_be_put_on_hold() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("h-3", "sales-fr").await;

    let response = put(
        &app,
        &kim.token,
        &format!("/api/v1/calls/{call_id}/hold"),
        json!({"on_hold": true}),
    )
    .await;

    assert_eq!(response.status(), 409);
}

#[tokio::test]
async fn a_hold_request_without_on_hold_says_what_is_missing() {
    let app = spawn_app().await;
    let (token, call_id) = answered_call(&app, "h-4").await;

    let response = put(
        &app,
        &token,
        &format!("/api/v1/calls/{call_id}/hold"),
        json!({}),
    )
    .await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert!(
        body["message"].as_str().unwrap_or("").contains("on_hold"),
        "{body}"
    );
}

#[tokio::test]
async fn ending_a_call_on_hold_counts_the_open_hold() {
    let app = spawn_app().await;
    let (token, call_id) = answered_call(&app, "h-5").await;
    put(
        &app,
        &token,
        &format!("/api/v1/calls/{call_id}/hold"),
        json!({"on_hold": true}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(50)).await;

    let ended: CallView = app
        .post(&format!("/api/v1/calls/{call_id}/hangup"), &token)
        .await
        .json()
        .await
        .expect("view");

    assert!(!ended.on_hold && !ended.redacted);
    assert!(ended.hold_ms >= 50, "{}", ended.hold_ms);
}
