//! After-call work: pending wrap-ups, saving the disposition and notes, and no new call meanwhile.

use protocol::api::{LegOutcome, WrapUpView};
use protocol::stream::StreamEvent;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_with, test_settings};

/// Kim answers and hangs up call `external_id` in `sales-fr`; returns her token and the call id.
async fn finished_call(app: &TestApp, external_id: &str) -> (String, u64) {
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring(external_id, "sales-fr").await;
    let answer = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    assert_eq!(answer.status(), 200);
    let hangup = app
        .post(&format!("/api/v1/calls/{call_id}/hangup"), &kim.token)
        .await;
    assert_eq!(hangup.status(), 200);
    (kim.token, call_id)
}

async fn wrap_up(app: &TestApp, token: &str, call_id: u64, body: Value) -> reqwest::Response {
    app.send_json(
        Method::PUT,
        &format!("/api/v1/calls/{call_id}/wrap-up"),
        token,
        &body,
    )
    .await
}

async fn spawn_with_after_call_secs(secs: u32) -> TestApp {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    settings.wrap_up.after_call_secs = secs;
    spawn_with(settings, db_dir).await
}

#[tokio::test]
async fn a_finished_call_leaves_a_pending_wrap_up_in_the_snapshot() {
    let app = spawn_app().await;
    let (token, call_id) = finished_call(&app, "w-1").await;

    let snapshot = app.snapshot(&token).await;

    assert_eq!(snapshot.wrap_ups.len(), 1);
    let pending = &snapshot.wrap_ups[0];
    assert_eq!(
        (pending.call_id, pending.outcome),
        (call_id, LegOutcome::Ended)
    );
    assert_eq!(pending.saved_at, None);
    assert!(snapshot.dispositions.iter().any(|d| d.code == "resolved"));
}

#[tokio::test]
async fn a_saved_wrap_up_is_stored_with_its_disposition_and_notes() {
    let app = spawn_app().await;
    let (token, call_id) = finished_call(&app, "w-2").await;

    let response = wrap_up(
        &app,
        &token,
        call_id,
        json!({"disposition": "follow_up", "notes": "  Call back Tuesday <b>9am</b>  "}),
    )
    .await;

    assert_eq!(response.status(), 200);
    let saved: WrapUpView = response.json().await.expect("view");
    assert_eq!(saved.disposition.as_deref(), Some("follow_up"));
    assert!(saved.saved_at.is_some());
    let stored = app
        .query_text(&format!(
            "SELECT disposition || '|' || notes FROM call_legs WHERE call_id = {call_id}"
        ))
        .await;
    assert_eq!(
        stored.as_deref(),
        Some("follow_up|Call back Tuesday <b>9am</b>")
    );
    assert!(
        app.snapshot(&token).await.wrap_ups.is_empty(),
        "no longer pending"
    );
}

#[tokio::test]
async fn saving_a_wrap_up_tells_the_agents_other_tabs() {
    let app = spawn_app().await;
    let (token, call_id) = finished_call(&app, "w-3").await;
    let since = app.snapshot(&token).await.last_event_id;
    let mut stream = app.stream(&token, Some(since)).await;

    wrap_up(&app, &token, call_id, json!({"disposition": "resolved"})).await;

    let event = stream.next().await.event;
    assert!(
        matches!(&event, StreamEvent::WrapUpSaved { wrap_up } if wrap_up.call_id == call_id),
        "{event:?}"
    );
}

#[tokio::test]
async fn an_unknown_disposition_is_rejected_naming_the_valid_codes() {
    let app = spawn_app().await;
    let (token, call_id) = finished_call(&app, "w-4").await;

    let response = wrap_up(&app, &token, call_id, json!({"disposition": "great"})).await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("error body");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`great`") && message.contains("resolved"),
        "{message}"
    );
    assert_eq!(
        app.snapshot(&token).await.wrap_ups.len(),
        1,
        "still pending"
    );
}

#[tokio::test]
async fn notes_longer_than_the_limit_are_rejected() {
    let app = spawn_app().await;
    let (token, call_id) = finished_call(&app, "w-5").await;
    let notes = "é".repeat(protocol::api::WRAP_UP_NOTES_MAX_CHARS + 1);

    let response = wrap_up(
        &app,
        &token,
        call_id,
        json!({"disposition": "resolved", "notes": notes}),
    )
    .await;

    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn a_wrap_up_for_a_call_you_did_not_handle_is_not_found() {
    let app = spawn_app().await;
    let (_kim, call_id) = finished_call(&app, "w-6").await;
    let ariel = app.login("ariel@example.com").await;

    let response = wrap_up(
        &app,
        &ariel.token,
        call_id,
        json!({"disposition": "resolved"}),
    )
    .await;

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_wrap_up_of_a_call_still_in_progress_is_not_found() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("w-7", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;

    let response = wrap_up(
        &app,
        &kim.token,
        call_id,
        json!({"disposition": "resolved"}),
    )
    .await;

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn no_call_is_offered_during_after_call_work_until_the_wrap_up_is_saved() {
    let app = spawn_with_after_call_secs(600).await;
    let (token, first) = finished_call(&app, "w-8").await;

    let second = app.ring("w-9", "sales-fr").await;
    let during = app.snapshot(&token).await.calls.len();
    wrap_up(&app, &token, first, json!({"disposition": "sale"})).await;
    let after = app.snapshot(&token).await.calls;

    assert_eq!(during, 0, "nothing rings while wrapping up");
    assert_eq!(after.iter().map(|c| c.id).collect::<Vec<_>>(), vec![second]);
}

#[tokio::test]
async fn after_call_work_ends_by_itself_after_the_configured_time() {
    let app = spawn_with_after_call_secs(1).await;
    let (token, _first) = finished_call(&app, "w-10").await;
    let since = app.snapshot(&token).await.last_event_id;
    let mut stream = app.stream(&token, Some(since)).await;

    let second = app.ring("w-11", "sales-fr").await;

    // The sweeper offers it once the second of after-call work is over.
    let event = stream.next().await.event;
    assert!(
        matches!(&event, StreamEvent::CallOffered { call } if call.id == second),
        "{event:?}"
    );
    assert_eq!(
        app.snapshot(&token).await.wrap_ups.len(),
        1,
        "the form stays pending"
    );
}

#[tokio::test]
async fn a_transferred_call_leaves_a_wrap_up_saying_where_it_went() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("w-12", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;

    let response = app
        .send_json(
            Method::POST,
            &format!("/api/v1/calls/{call_id}/transfer"),
            &kim.token,
            &json!({"to": "queue", "queue_id": 7678}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let pending = app.snapshot(&kim.token).await.wrap_ups;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].outcome, LegOutcome::Transferred);
    assert_eq!(pending[0].transferred_to.as_deref(), Some("Support / EN"));
}
