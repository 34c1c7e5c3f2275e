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
