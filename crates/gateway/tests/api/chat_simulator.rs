//! The Aimylogic bot platform simulator as the demo drives it: over its HTTP control endpoints,
//! against a real gateway.

use serde_json::{Value, json};
use upstream_sim::SimConfig;

use crate::chat_support::{SALES, eventually, spawn_chat_app};

#[tokio::test]
async fn a_chat_started_from_the_simulator_reaches_the_agent_and_the_reply_comes_back() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim_url = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("addr").port()
    );
    let mut config = SimConfig::new(reqwest::Url::parse(&chat.app.address).expect("url"));
    config.public_url = Some(reqwest::Url::parse(&sim_url).expect("url"));
    tokio::spawn(upstream_sim::serve(listener, config));
    let client = reqwest::Client::new();

    let started = client
        .post(format!("{sim_url}/aimylogic/chats"))
        .json(&json!({"destinationId": SALES.to_string(), "userName": "Dana"}))
        .send()
        .await
        .expect("request");
    assert_eq!(started.status(), 200);
    let started: Value = started.json().await.expect("json");
    let user_id = started["userId"].as_str().expect("userId").to_owned();
    let chat_id = started["gatewayBody"]["chatId"].as_u64().expect("chatId");
    let written = client
        .post(format!("{sim_url}/aimylogic/chats/{user_id}/text"))
        .json(&json!({"text": "hello from the demo"}))
        .send()
        .await
        .expect("request");
    assert_eq!(written.status(), 200);
    chat.accept(chat_id, &kim.token).await;
    chat.reply(chat_id, &kim.token, "hello Dana").await;

    let events: Vec<Value> = eventually("the reply at the simulator", || async {
        let events: Vec<Value> = client
            .get(format!("{sim_url}/aimylogic/events"))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        (!events.is_empty()).then_some(events)
    })
    .await;
    assert_eq!(events[0]["type"], "TextMessage");
    assert_eq!(events[0]["text"], "hello Dana");
    assert_eq!(events[0]["userId"], user_id.as_str());
    let snapshot = chat.app.snapshot(&kim.token).await;
    assert_eq!(snapshot.chats[0].user_name, "Dana");
    assert_eq!(snapshot.chats[0].messages[0].text, "hello from the demo");
}

#[tokio::test]
async fn the_simulator_reports_a_gateway_refusal_as_bad_gateway() {
    let chat = spawn_chat_app().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim_url = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("addr").port()
    );
    let config = SimConfig::new(reqwest::Url::parse(&chat.app.address).expect("url"));
    tokio::spawn(upstream_sim::serve(listener, config));

    let response = reqwest::Client::new()
        .post(format!("{sim_url}/aimylogic/chats/nobody/text"))
        .json(&json!({"text": "hi"}))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 502);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"], "gateway_rejected");
    assert_eq!(body["gatewayStatus"], 400);
}
