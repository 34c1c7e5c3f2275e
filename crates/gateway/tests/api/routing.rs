use std::time::Duration;

use protocol::stream::{StreamEvent, WithdrawReason};
use serde_json::json;

use crate::helpers::{TestApp, ringing, spawn_app};

#[tokio::test]
async fn a_call_rings_at_the_longest_idle_available_agent() {
    let app = spawn_app().await;
    // Both serve `support`; Ariel has been idle longer because she logged in first.
    let ariel = app.login("ariel@example.com").await;
    let kim = app.login("kim@example.com").await;

    app.ring("pbx-30", "support").await;

    assert_eq!(app.snapshot(&ariel.token).await.calls.len(), 1);
    assert!(app.snapshot(&kim.token).await.calls.is_empty());
}

#[tokio::test]
async fn a_declined_call_moves_to_the_next_agent() {
    let app = spawn_app().await;
    let ariel = app.login("ariel@example.com").await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("pbx-31", "support").await;

    let response = app
        .post(&format!("/api/v1/calls/{call_id}/decline"), &ariel.token)
        .await;

    assert_eq!(response.status(), 204);
    assert!(app.snapshot(&ariel.token).await.calls.is_empty());
    assert_eq!(app.snapshot(&kim.token).await.calls[0].id, call_id);
}

#[tokio::test]
async fn an_unanswered_call_moves_on_after_the_ring_timeout() {
    let app = spawn_app().await;
    let ariel = app.login("ariel@example.com").await;
    let kim = app.login("kim@example.com").await;
    let mut ariel_stream = app.stream(&ariel.token, None).await;
    let mut kim_stream = app.stream(&kim.token, None).await;

    let call_id = app.ring("pbx-32", "support").await;

    assert!(matches!(
        ariel_stream.next().await.event,
        StreamEvent::CallOffered { .. }
    ));
    let withdrawn = ariel_stream.next().await.event;
    assert!(
        matches!(
            withdrawn,
            StreamEvent::CallWithdrawn {
                reason: WithdrawReason::RingTimeout,
                ..
            }
        ),
        "{withdrawn:?}"
    );
    let StreamEvent::CallOffered { call } = kim_stream.next().await.event else {
        panic!("offered to the next agent")
    };
    assert_eq!(call.id, call_id);
}

#[tokio::test]
async fn a_call_waits_in_its_queue_until_an_agent_logs_in() {
    let app = spawn_app().await;
    let call_id = app.ring("pbx-33", "sales-fr").await;

    let kim = app.login("kim@example.com").await;

    let snapshot = app.snapshot(&kim.token).await;
    assert_eq!(
        snapshot.calls.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![call_id]
    );
}

#[tokio::test]
async fn an_agent_on_break_is_not_offered_calls() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let response = app
        .client
        .put(app.url("/api/v1/me/status"))
        .bearer_auth(&kim.token)
        .json(&json!({"status": "break"}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);

    app.ring("pbx-34", "sales-fr").await;

    assert!(app.snapshot(&kim.token).await.calls.is_empty());
}

#[tokio::test]
async fn going_offline_through_the_status_endpoint_is_refused() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;

    let response = app
        .client
        .put(app.url("/api/v1/me/status"))
        .bearer_auth(&kim.token)
        .json(&json!({"status": "offline"}))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn a_call_naming_an_agent_rings_at_that_agent() {
    let app = spawn_app().await;
    let ariel = app.login("ariel@example.com").await;
    let kim = app.login("kim@example.com").await;
    let mut body = ringing("pbx-35", "support");
    body["agent"] = json!("kim@example.com");

    let response = app.telephony(&body).await;

    assert_eq!(response.status(), 200);
    assert_eq!(app.snapshot(&kim.token).await.calls.len(), 1);
    assert!(app.snapshot(&ariel.token).await.calls.is_empty());
}

#[tokio::test]
async fn a_waiting_call_is_offered_when_an_agent_comes_back_from_break() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let set = |status: &'static str| {
        app.client
            .put(app.url("/api/v1/me/status"))
            .bearer_auth(&kim.token)
            .json(&json!({ "status": status }))
            .send()
    };
    set("break").await.expect("request");
    let call_id = app.ring("pbx-36", "sales-fr").await;
    let mut stream = app.stream(&kim.token, None).await;

    set("available").await.expect("request");

    let mut offered = None;
    while let Some(envelope) = stream.next_within(Duration::from_secs(5)).await {
        if let StreamEvent::CallOffered { call } = envelope.event {
            offered = Some(call.id);
            break;
        }
    }
    assert_eq!(offered, Some(call_id));
}

#[tokio::test]
async fn an_agent_whose_session_expired_goes_offline() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let sam = app.login("sam@example.com").await;
    app.execute("UPDATE sessions SET expires_at = 0 WHERE agent_id = 1")
        .await;

    let mut status = None;
    for _ in 0..50 {
        let presence: protocol::api::Presence = app
            .client
            .get(app.url("/api/v1/presence"))
            .bearer_auth(&sam.token)
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("presence");
        status = presence
            .agents
            .iter()
            .find(|a| a.id == kim.agent.id)
            .map(|a| a.status);
        if status == Some(protocol::api::AgentStatus::Offline) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, Some(protocol::api::AgentStatus::Offline));
}

/// Runs `sweep` while a request holds the write connection; whether it finished in 2 s.
async fn sweeps_while_the_write_connection_is_held(
    app: &TestApp,
    sweep: impl std::future::Future<Output = Result<(), sqlx::Error>>,
) -> bool {
    let held = app
        .state
        .store
        .begin()
        .await
        .expect("hold the write connection");
    let swept = tokio::time::timeout(Duration::from_secs(2), sweep).await;
    drop(held);
    matches!(swept, Ok(Ok(())))
}

#[tokio::test]
async fn an_idle_call_sweep_returns_while_a_request_holds_the_write_connection() {
    let app = spawn_app().await;

    let swept =
        sweeps_while_the_write_connection_is_held(&app, gateway::routing::sweep(&app.state)).await;

    assert!(
        swept,
        "a sweep with nothing to do waited for the write connection"
    );
}

#[tokio::test]
async fn an_idle_chat_sweep_returns_while_a_request_holds_the_write_connection() {
    let app = spawn_app().await;
    let routing = gateway::chat_routing::ChatRouting::of(&app.state).expect("chats are configured");

    let swept = sweeps_while_the_write_connection_is_held(
        &app,
        gateway::chat_routing::sweep(&app.state, routing),
    )
    .await;

    assert!(
        swept,
        "a sweep with nothing to do waited for the write connection"
    );
}

#[tokio::test]
async fn a_call_sweep_with_a_call_waiting_still_takes_the_write_connection() {
    let app = spawn_app().await;
    // Nobody is logged in: the call waits in its queue.
    app.ring("pbx-34", "support").await;

    let swept =
        sweeps_while_the_write_connection_is_held(&app, gateway::routing::sweep(&app.state)).await;

    assert!(!swept, "the sweep skipped a waiting call");
}
