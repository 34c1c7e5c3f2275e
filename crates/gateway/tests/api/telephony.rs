use serde_json::{Value, json};

use crate::helpers::{ringing, spawn_app};

#[tokio::test]
async fn telephony_webhook_with_a_wrong_secret_is_refused_and_stores_nothing() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/webhooks/telephony/not-the-secret"))
        .json(&ringing("pbx-1", "sales-fr"))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 401);
    assert_eq!(app.count("calls").await, 0);
}

#[tokio::test]
async fn malformed_telephony_json_is_rejected_with_the_reason_and_stores_nothing() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/webhooks/telephony/demo-telephony-secret"))
        .header("content-type", "application/json")
        .body(r#"{"event":"ringing","destinationPhone":"0033123456789""#)
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "invalid_body");
    assert!(
        body["message"].as_str().unwrap_or("").contains("EOF"),
        "{body}"
    );
    assert_eq!(app.count("calls").await, 0);
}

#[tokio::test]
async fn a_missing_external_id_is_named_in_the_rejection() {
    let app = spawn_app().await;
    let mut body = ringing("x", "sales-fr");
    body.as_object_mut().expect("object").remove("externalId");

    let response = app.telephony(&body).await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("externalId"),
        "{body}"
    );
    assert_eq!(app.count("calls").await, 0);
}

#[tokio::test]
async fn a_start_date_in_the_wrong_format_is_rejected() {
    let app = spawn_app().await;
    let mut body = ringing("pbx-2", "sales-fr");
    body["startDate"] = json!("2018-02-28T12:57:13Z");

    let response = app.telephony(&body).await;

    assert_eq!(response.status(), 400);
    assert_eq!(app.count("calls").await, 0);
}

#[tokio::test]
async fn an_unknown_queue_is_rejected_with_the_configured_names() {
    let app = spawn_app().await;

    let response = app.telephony(&ringing("pbx-3", "billing")).await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    let message = body["message"].as_str().unwrap_or("");
    assert!(
        message.contains("billing") && message.contains("sales-fr"),
        "{message}"
    );
}

#[tokio::test]
async fn a_repeated_ringing_delivery_has_no_second_effect() {
    let app = spawn_app().await;

    let first = app.telephony(&ringing("pbx-4", "sales-fr")).await;
    let second = app.telephony(&ringing("pbx-4", "sales-fr")).await;

    let first: Value = first.json().await.expect("json");
    let second: Value = second.json().await.expect("json");
    assert_eq!(first["duplicate"], false);
    assert_eq!(second["duplicate"], true);
    assert_eq!(first["callId"], second["callId"]);
    assert_eq!(app.count("calls").await, 1);
}

#[tokio::test]
async fn a_repeated_ringing_delivery_is_acknowledged_even_when_its_agent_is_no_longer_known() {
    let app = spawn_app().await;
    let mut first = ringing("pbx-4b", "sales-fr");
    first["agent"] = json!("kim@example.com");
    let mut repeat = first.clone();
    repeat["agent"] = json!("gone@example.com");

    let first: Value = app.telephony(&first).await.json().await.expect("json");
    let response = app.telephony(&repeat).await;

    assert_eq!(response.status(), 200);
    let repeat: Value = response.json().await.expect("json");
    assert_eq!(repeat["duplicate"], true);
    assert_eq!(repeat["callId"], first["callId"]);
    assert_eq!(app.count("calls").await, 1);
}

#[tokio::test]
async fn a_private_number_is_accepted_and_shown_as_private() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let mut body = ringing("pbx-5", "sales-fr");
    body["callerPhone"] = json!("anonymous");

    let response = app.telephony(&body).await;

    assert_eq!(response.status(), 200);
    let snapshot = app.snapshot(&kim.token).await;
    assert_eq!(snapshot.calls[0].caller_phone, None);
    assert_eq!(snapshot.calls[0].caller_display, "Private number");
}

#[tokio::test]
async fn ended_for_an_unknown_call_is_a_404_and_stores_nothing() {
    let app = spawn_app().await;
    let mut body = ringing("pbx-404", "sales-fr");
    body["event"] = json!("ended");

    let response = app.telephony(&body).await;

    assert_eq!(response.status(), 404);
    assert_eq!(app.count("calls").await, 0);
}

#[tokio::test]
async fn an_oversized_webhook_body_is_refused() {
    let app = spawn_app().await;
    let mut body = ringing("pbx-big", "sales-fr");
    body["padding"] = json!("x".repeat(100 * 1024));

    let response = app.telephony(&body).await;

    assert_eq!(response.status(), 413);
    assert_eq!(app.count("calls").await, 0);
}
