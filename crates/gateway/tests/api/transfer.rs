//! Cold transfer of a call in progress to another agent or to a queue.

use protocol::api::{AgentStatus, CallState, CallView, TransferTargets};
use protocol::stream::StreamEvent;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{SseReader, TestApp, spawn_app};

const KIM: u64 = 1;
const ARIEL: u64 = 2;
const SUPPORT: u64 = 7678;

/// Kim alone logged in answers a call ringing in `support`; then Ariel logs in. Returns both
/// tokens and the call id.
async fn kim_in_a_support_call(app: &TestApp, external_id: &str) -> (String, String, u64) {
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring(external_id, "support").await;
    let answer = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    assert_eq!(answer.status(), 200, "Kim answers");
    let ariel = app.login("ariel@example.com").await;
    (kim.token, ariel.token, call_id)
}

async fn transfer(app: &TestApp, token: &str, call_id: u64, body: Value) -> reqwest::Response {
    app.send_json(
        Method::POST,
        &format!("/api/v1/calls/{call_id}/transfer"),
        token,
        &body,
    )
    .await
}

async fn set_status(app: &TestApp, token: &str, status: &str) {
    let response = app
        .send_json(
            Method::PUT,
            "/api/v1/me/status",
            token,
            &json!({"status": status}),
        )
        .await;
    assert_eq!(response.status(), 200, "status {status}");
}

/// The next event of `stream` that is not a status change.
async fn next_call_event(stream: &mut SseReader) -> StreamEvent {
    loop {
        let event = stream.next().await.event;
        if !matches!(event, StreamEvent::AgentStatusChanged { .. }) {
            return event;
        }
    }
}

#[tokio::test]
async fn a_call_transferred_to_an_available_agent_rings_at_them_naming_who_transferred_it() {
    let app = spawn_app().await;
    let (kim, ariel, call_id) = kim_in_a_support_call(&app, "t-1").await;
    let since = app.snapshot(&ariel).await.last_event_id;
    let mut ariel_stream = app.stream(&ariel, Some(since)).await;

    let response = transfer(
        &app,
        &kim,
        call_id,
        json!({"to": "agent", "agent_id": ARIEL}),
    )
    .await;

    assert_eq!(response.status(), 200);
    let view: CallView = response.json().await.expect("view");
    assert_eq!(view.state, CallState::Ringing);
    let StreamEvent::CallOffered { call } = next_call_event(&mut ariel_stream).await else {
        panic!("offered to Ariel")
    };
    let transfer = call.transfer.expect("the offer says it is a transfer");
    assert_eq!(call.id, call_id);
    assert_eq!(transfer.from_agent.id, KIM);
    assert_eq!(transfer.to_agent.map(|a| a.id), Some(ARIEL));
}

#[tokio::test]
async fn the_transferring_agent_is_told_the_transfer_and_later_who_took_the_call() {
    let app = spawn_app().await;
    let (kim, ariel, call_id) = kim_in_a_support_call(&app, "t-2").await;
    let since = app.snapshot(&kim).await.last_event_id;
    let mut kim_stream = app.stream(&kim, Some(since)).await;

    transfer(
        &app,
        &kim,
        call_id,
        json!({"to": "agent", "agent_id": ARIEL}),
    )
    .await;
    let transferred = next_call_event(&mut kim_stream).await;
    let answer = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &ariel)
        .await;
    let joined = next_call_event(&mut kim_stream).await;

    assert_eq!(answer.status(), 200);
    assert!(
        matches!(&transferred, StreamEvent::CallTransferred { call, .. } if call.id == call_id),
        "{transferred:?}"
    );
    let StreamEvent::CallPartyAdded { call, agent } = joined else {
        panic!("party added: {joined:?}")
    };
    assert_eq!((call.id, agent.id), (call_id, ARIEL));
    assert!(
        app.snapshot(&kim).await.calls.is_empty(),
        "Kim's part is over"
    );
}

#[tokio::test]
async fn a_transfer_to_an_agent_on_break_is_refused_and_the_call_stays() {
    let app = spawn_app().await;
    let (kim, ariel, call_id) = kim_in_a_support_call(&app, "t-3").await;
    set_status(&app, &ariel, "break").await;

    let response = transfer(
        &app,
        &kim,
        call_id,
        json!({"to": "agent", "agent_id": ARIEL}),
    )
    .await;

    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.expect("error body");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("on break")),
        "{body}"
    );
    assert_eq!(app.snapshot(&kim).await.calls[0].state, CallState::Active);
}

#[tokio::test]
async fn a_transfer_to_yourself_is_rejected() {
    let app = spawn_app().await;
    let (kim, _ariel, call_id) = kim_in_a_support_call(&app, "t-4").await;

    let response = transfer(&app, &kim, call_id, json!({"to": "agent", "agent_id": KIM})).await;

    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn a_transfer_request_without_a_destination_is_rejected_with_the_reason() {
    let app = spawn_app().await;
    let (kim, _ariel, call_id) = kim_in_a_support_call(&app, "t-5").await;

    let response = transfer(&app, &kim, call_id, json!({"agent_id": ARIEL})).await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("error body");
    assert!(
        body["message"].as_str().is_some_and(|m| m.contains("to")),
        "{body}"
    );
}

#[tokio::test]
async fn a_call_transferred_to_a_queue_waits_there_until_an_agent_is_free() {
    let app = spawn_app().await;
    let (kim, ariel, call_id) = kim_in_a_support_call(&app, "t-6").await;
    set_status(&app, &ariel, "break").await;

    let response = transfer(
        &app,
        &kim,
        call_id,
        json!({"to": "queue", "queue_id": SUPPORT}),
    )
    .await;
    let waiting = app.snapshot(&ariel).await.calls.len();
    set_status(&app, &ariel, "available").await;

    assert_eq!(response.status(), 200);
    assert_eq!(waiting, 0, "nobody free: the call waits in the queue");
    let offered = app.snapshot(&ariel).await.calls;
    assert_eq!(
        offered.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![call_id]
    );
    let transfer = offered[0].transfer.clone().expect("transfer");
    assert_eq!(transfer.to_queue.map(|q| q.id), Some(SUPPORT));
}

#[tokio::test]
async fn a_call_declined_by_the_agent_it_was_transferred_to_rings_elsewhere_in_its_queue() {
    let app = spawn_app().await;
    let (kim, ariel, call_id) = kim_in_a_support_call(&app, "t-7").await;
    let since = app.snapshot(&kim).await.last_event_id;
    let mut kim_stream = app.stream(&kim, Some(since)).await;
    transfer(
        &app,
        &kim,
        call_id,
        json!({"to": "agent", "agent_id": ARIEL}),
    )
    .await;

    let declined = app
        .post(&format!("/api/v1/calls/{call_id}/decline"), &ariel)
        .await;

    assert_eq!(declined.status(), 204);
    // Kim, the only other agent of `support`, gets it once her own answered offer is older
    // than one ring timeout (the sweeper re-dispatches every half second).
    let _transferred = next_call_event(&mut kim_stream).await;
    let offered = next_call_event(&mut kim_stream).await;
    assert!(
        matches!(&offered, StreamEvent::CallOffered { call } if call.id == call_id),
        "{offered:?}"
    );
}

#[tokio::test]
async fn a_transferred_call_the_caller_hangs_up_ends_at_the_agent_it_was_ringing_at() {
    let app = spawn_app().await;
    let (kim, ariel, call_id) = kim_in_a_support_call(&app, "t-8").await;
    transfer(
        &app,
        &kim,
        call_id,
        json!({"to": "agent", "agent_id": ARIEL}),
    )
    .await;
    let since = app.snapshot(&ariel).await.last_event_id;
    let mut ariel_stream = app.stream(&ariel, Some(since)).await;

    let ended = app
        .telephony(&json!({"event": "ended", "externalId": "t-8",
            "callerPhone": "0033612345678", "destinationPhone": "0033123456789",
            "startDate": "2018-02-28 12:57:13"}))
        .await;

    assert_eq!(ended.status(), 200);
    let event = next_call_event(&mut ariel_stream).await;
    assert!(
        matches!(&event, StreamEvent::CallEnded { call } if call.id == call_id),
        "{event:?}"
    );
}

#[tokio::test]
async fn transfer_targets_list_the_other_agents_with_whether_they_can_take_a_call() {
    let app = spawn_app().await;
    let (kim, ariel, _call_id) = kim_in_a_support_call(&app, "t-9").await;
    set_status(&app, &ariel, "break").await;

    let response = app
        .client
        .get(app.url("/api/v1/transfer-targets"))
        .bearer_auth(&kim)
        .send()
        .await
        .expect("targets");

    assert_eq!(response.status(), 200);
    let targets: TransferTargets = response.json().await.expect("targets body");
    let ids: Vec<u64> = targets.agents.iter().map(|a| a.agent.id).collect();
    assert_eq!(ids, vec![ARIEL], "not Kim herself, not the supervisor");
    assert_eq!(targets.agents[0].status, AgentStatus::Break);
    assert!(!targets.agents[0].can_take_call());
    assert_eq!(targets.queues.len(), 2);
}

#[tokio::test]
async fn only_the_agent_in_the_call_can_transfer_it() {
    let app = spawn_app().await;
    let (_kim, ariel, call_id) = kim_in_a_support_call(&app, "t-10").await;

    let response = transfer(
        &app,
        &ariel,
        call_id,
        json!({"to": "queue", "queue_id": SUPPORT}),
    )
    .await;

    assert_eq!(response.status(), 404);
}
