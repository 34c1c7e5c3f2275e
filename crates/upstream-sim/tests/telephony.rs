//! The telephony simulator over real HTTP, against a fake gateway that records webhooks.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{GATEWAY_SECRET, config_for, spawn_fake_gateway, spawn_sim};
use upstream_sim::{RingRequest, SimCallState, TelephonySim};

fn looks_like_a_pbx_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 19
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b' ',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        })
}

async fn post_json(url: String, body: Value) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("simulator answers");
    let status = response.status();
    (
        status,
        response.json().await.expect("simulator answers JSON"),
    )
}

#[tokio::test]
async fn ringing_a_call_posts_the_ringing_webhook_with_the_secret_in_the_path() {
    // Arrange
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    // Act
    let (status, answer) = post_json(
        format!("{sim}/telephony/calls"),
        json!({"callerPhone": "0033612345678", "queue": "sales-fr"}),
    )
    .await;

    // Assert
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["gatewayStatus"], 200);
    assert_eq!(answer["gatewayBody"]["callId"], 101);
    let received = gateway.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/webhooks/telephony/s3cret");
    let body = &received[0].body;
    assert_eq!(body["event"], "ringing");
    assert_eq!(body["callerPhone"], "0033612345678");
    assert_eq!(body["destinationPhone"], "0033123456789");
    assert_eq!(body["queue"], "sales-fr");
    assert_eq!(body["externalId"], answer["externalId"]);
    assert!(
        body.get("agent").is_none(),
        "no agent was asked for: {body}"
    );
    let start_date = body["startDate"].as_str().expect("startDate is a string");
    assert!(
        looks_like_a_pbx_date(start_date),
        "startDate {start_date:?} is Y-m-d H:i:s"
    );
    let parsed: protocol::telephony::TelephonyWebhook =
        serde_json::from_value(body.clone()).expect("the body is a protocol TelephonyWebhook");
    assert_eq!(
        parsed.event,
        protocol::telephony::TelephonyEventKind::Ringing
    );
}

#[tokio::test]
async fn caller_hanging_up_posts_ended_with_the_same_external_id() {
    // Arrange
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;
    let (_, rung) = post_json(
        format!("{sim}/telephony/calls"),
        json!({"queue": "support"}),
    )
    .await;
    let external_id = rung["externalId"].as_str().expect("externalId").to_owned();

    // Act
    let (status, answer) = post_json(
        format!("{sim}/telephony/calls/{external_id}/hangup"),
        json!({}),
    )
    .await;

    // Assert
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["externalId"], external_id.as_str());
    let received = gateway.received();
    assert_eq!(received.len(), 2);
    let (ringing, ended) = (&received[0].body, &received[1].body);
    assert_eq!(received[1].path, "/webhooks/telephony/s3cret");
    assert_eq!(ended["event"], "ended");
    assert_eq!(ended["externalId"], external_id.as_str());
    assert_eq!(ended["startDate"], ringing["startDate"]);
    assert_eq!(ended["queue"], "support");
    let calls: Value = reqwest::get(format!("{sim}/telephony/calls"))
        .await
        .expect("simulator answers")
        .json()
        .await
        .expect("call list is JSON");
    assert_eq!(calls[0]["state"], "ended");
}

#[tokio::test]
async fn a_refused_webhook_is_reported_with_the_gateway_status_and_body() {
    // Arrange: the simulator uses a secret the gateway does not know.
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, "wrong-secret")).await;

    // Act
    let (status, answer) = post_json(format!("{sim}/telephony/calls"), json!({})).await;

    // Assert
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{answer}");
    assert_eq!(answer["error"], "gateway_rejected");
    assert_eq!(answer["gatewayStatus"], 401);
    assert_eq!(answer["gatewayBody"]["error"], "unauthorized");
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|m| m.contains("401")),
        "{answer}"
    );
    assert_eq!(
        gateway.received()[0].path,
        "/webhooks/telephony/wrong-secret"
    );
    let calls: Value = reqwest::get(format!("{sim}/telephony/calls"))
        .await
        .expect("simulator answers")
        .json()
        .await
        .expect("call list is JSON");
    assert_eq!(
        calls,
        json!([]),
        "a refused call is not kept for hanging up"
    );
}

#[tokio::test]
async fn an_unreachable_gateway_is_reported_without_leaking_the_secret() {
    // Arrange: a port nobody listens on any more.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let gateway = reqwest::Url::parse(&format!("http://127.0.0.1:{port}")).expect("URL");
    let sim = spawn_sim(config_for(&gateway, "top-secret-value")).await;

    // Act
    let (status, answer) = post_json(format!("{sim}/telephony/calls"), json!({})).await;

    // Assert
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{answer}");
    assert_eq!(answer["error"], "gateway_unreachable");
    let message = answer["message"].as_str().expect("message");
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(!answer.to_string().contains("top-secret-value"), "{answer}");
}

#[tokio::test]
async fn hanging_up_an_unknown_call_is_not_found() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    let (status, answer) =
        post_json(format!("{sim}/telephony/calls/nope-1/hangup"), json!({})).await;

    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_eq!(answer["error"], "unknown_call");
    assert!(gateway.received().is_empty());
}

#[tokio::test]
async fn an_empty_caller_phone_rings_as_a_private_number() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    let (status, _) = post_json(
        format!("{sim}/telephony/calls"),
        json!({"callerPhone": "  "}),
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    let body = &gateway.received()[0].body;
    assert!(body.get("callerPhone").is_none(), "{body}");
}

#[tokio::test]
async fn a_malformed_ring_request_is_rejected_before_reaching_the_gateway() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    let (status, answer) = post_json(format!("{sim}/telephony/calls"), json!({"queue": 42})).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"], "invalid_body");
    assert!(gateway.received().is_empty());
}

#[tokio::test]
async fn the_rust_api_rings_tracks_and_hangs_up_calls() {
    // Arrange
    let gateway = spawn_fake_gateway().await;
    let sim = TelephonySim::new(&gateway.url, GATEWAY_SECRET);

    // Act
    let first = sim
        .ring(RingRequest {
            caller_phone: Some("0033612345678".to_owned()),
            agent: Some("kim@example.com".to_owned()),
            ..RingRequest::default()
        })
        .await
        .expect("gateway reachable");
    let second = sim
        .ring(RingRequest::default())
        .await
        .expect("gateway reachable");
    let ended = sim
        .hang_up(&first.external_id)
        .await
        .expect("gateway reachable");

    // Assert
    assert!(first.accepted() && second.accepted() && ended.accepted());
    assert_eq!(first.gateway_call_id(), Some(101));
    assert_ne!(first.external_id, second.external_id);
    assert_eq!(gateway.received()[0].body["agent"], "kim@example.com");
    let calls = sim.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].state, SimCallState::Ended);
    assert_eq!(calls[0].gateway_call_id, Some(101));
    assert_eq!(calls[1].state, SimCallState::InProgress);
}
