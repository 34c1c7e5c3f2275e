//! The telephony simulator, as a PBX would, talking to the gateway over real HTTP.

use protocol::api::{CallState, EndReason};
use protocol::stream::StreamEvent;
use upstream_sim::telephony::{RingRequest, TelephonySim};

use crate::helpers::{TELEPHONY_SECRET, spawn_app};

fn simulator(address: &str) -> TelephonySim {
    let url = reqwest::Url::parse(address).expect("gateway url");
    TelephonySim::new(&url, TELEPHONY_SECRET)
}

#[tokio::test]
async fn a_call_rung_by_the_simulated_pbx_rings_at_the_agent() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    let pbx = simulator(&app.address);

    let delivery = pbx
        .ring(RingRequest {
            caller_phone: Some("0033612345678".into()),
            queue: Some("sales-fr".into()),
            ..RingRequest::default()
        })
        .await
        .expect("the gateway answers");

    assert!(delivery.accepted(), "{delivery:?}");
    let StreamEvent::CallOffered { call } = stream.next().await.event else {
        panic!("offered")
    };
    assert_eq!(Some(call.id), delivery.gateway_call_id());
    assert_eq!(call.state, CallState::Ringing);
}

#[tokio::test]
async fn the_simulated_caller_hanging_up_abandons_the_ringing_call() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let pbx = simulator(&app.address);
    let delivery = pbx.ring(RingRequest::default()).await.expect("rings");
    let external_id = pbx.calls().last().expect("one call").external_id.clone();
    let mut stream = app
        .stream(
            &kim.token,
            Some(app.snapshot(&kim.token).await.last_event_id),
        )
        .await;

    let hangup = pbx
        .hang_up(&external_id)
        .await
        .expect("the gateway answers");

    assert!(hangup.accepted(), "{hangup:?}");
    let StreamEvent::CallEnded { call } = stream.next().await.event else {
        panic!("ended")
    };
    assert_eq!(Some(call.id), delivery.gateway_call_id());
    assert_eq!(call.end_reason, Some(EndReason::Abandoned));
}

fn colleague(address: &str, password: &str) -> upstream_sim::colleague::ColleagueSim {
    let url = reqwest::Url::parse(address).expect("gateway url");
    upstream_sim::colleague::ColleagueSim::new(
        &url,
        "ariel@example.com",
        password,
        std::time::Duration::from_millis(100),
    )
}

#[tokio::test]
async fn the_simulated_colleague_answers_a_call_transferred_to_them() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("col-1", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    let ariel = colleague(&app.address, crate::helpers::PASSWORD);
    let signed_in = ariel.sign_in().await.expect("signs in");
    let since = app.snapshot(&kim.token).await.last_event_id;
    let mut kim_stream = app.stream(&kim.token, Some(since)).await;

    let transfer = app
        .send_json(
            reqwest::Method::POST,
            &format!("/api/v1/calls/{call_id}/transfer"),
            &kim.token,
            &serde_json::json!({"to": "agent", "agent_id": 2}),
        )
        .await;

    assert_eq!(transfer.status(), 200);
    assert!(signed_in.signed_in);
    assert!(matches!(
        kim_stream.next().await.event,
        StreamEvent::CallTransferred { .. }
    ));
    let StreamEvent::CallPartyAdded { agent, .. } = kim_stream.next().await.event else {
        panic!("the colleague took the call")
    };
    assert_eq!(agent.email, "ariel@example.com");
    assert_eq!(ariel.view().answered, vec![call_id]);
}

#[tokio::test]
async fn the_simulated_colleague_with_a_wrong_password_says_the_gateway_refused() {
    let app = spawn_app().await;
    let ariel = colleague(&app.address, "not-the-password");

    let refused = ariel.sign_in().await.expect_err("refused");

    assert!(refused.to_string().contains("401"), "{refused}");
    assert!(!ariel.view().signed_in);
}

#[tokio::test]
async fn the_simulated_colleague_signed_out_answers_nothing() {
    let app = spawn_app().await;
    let ariel = colleague(&app.address, crate::helpers::PASSWORD);
    ariel.sign_in().await.expect("signs in");

    let view = ariel.sign_out().await.expect("signs out");

    assert!(!view.signed_in);
    let ariel_row = app
        .query_text("SELECT status FROM agents WHERE email = 'ariel@example.com'")
        .await;
    assert_eq!(ariel_row.as_deref(), Some("offline"));
}
