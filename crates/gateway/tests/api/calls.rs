use protocol::api::{CallState, CallView, EndReason};
use protocol::stream::StreamEvent;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn answering_then_hanging_up_ends_the_call_and_frees_the_agent() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("pbx-20", "sales-fr").await;

    let answered: CallView = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await
        .json()
        .await
        .expect("view");
    let ended: CallView = app
        .post(&format!("/api/v1/calls/{call_id}/hangup"), &kim.token)
        .await
        .json()
        .await
        .expect("view");

    assert_eq!(answered.state, CallState::Active);
    assert!(answered.answered_at.is_some());
    assert_eq!(ended.state, CallState::Ended);
    assert_eq!(ended.end_reason, Some(EndReason::AgentHungUp));
    assert!(app.snapshot(&kim.token).await.calls.is_empty());
}

#[tokio::test]
async fn an_agent_cannot_answer_a_call_offered_to_someone_else() {
    let app = spawn_app().await;
    let _kim = app.login("kim@example.com").await;
    let ariel = app.login("ariel@example.com").await;
    let call_id = app.ring("pbx-21", "sales-fr").await;

    let response = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &ariel.token)
        .await;

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn answering_twice_is_a_conflict() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("pbx-22", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;

    let again = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;

    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn the_caller_hanging_up_ends_the_call_at_the_agent() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("pbx-23", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    let mut stream = app
        .stream(
            &kim.token,
            Some(app.snapshot(&kim.token).await.last_event_id),
        )
        .await;

    let response = app
        .telephony(
            &json!({"event": "ended", "destinationPhone": "0033123456789",
            "startDate": "2018-02-28 12:57:13", "externalId": "pbx-23"}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let StreamEvent::CallEnded { call } = stream.next().await.event else {
        panic!("call_ended")
    };
    assert_eq!(
        (call.id, call.end_reason),
        (call_id, Some(EndReason::CallerHungUp))
    );
}

#[tokio::test]
async fn a_call_abandoned_while_ringing_is_withdrawn_from_the_agent() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    app.ring("pbx-24", "sales-fr").await;
    stream.next().await;

    app.telephony(
        &json!({"event": "ended", "destinationPhone": "0033123456789",
        "startDate": "2018-02-28 12:57:13", "externalId": "pbx-24"}),
    )
    .await;

    let StreamEvent::CallEnded { call } = stream.next().await.event else {
        panic!("call_ended")
    };
    assert_eq!(call.end_reason, Some(EndReason::Abandoned));
    assert!(app.snapshot(&kim.token).await.calls.is_empty());
}
