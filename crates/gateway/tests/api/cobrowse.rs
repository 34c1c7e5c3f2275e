//! Co-browsing against the co-browse provider simulator over HTTP: the provider's webhook, the
//! agent's requests passed on to the provider, and who may do what.

use std::time::Duration;

use gateway::config::CobrowseSettings;
use protocol::cobrowse::{CobrowseChange, CobrowseMode, CobrowseParty, CobrowseView};
use protocol::crm::CrmSessionRef;
use protocol::stream::StreamEvent;
use secrecy::SecretString;
use serde_json::{Value, json};
use upstream_sim::cobrowse::{CobrowseControl, CobrowseSim, CustomerAnswer, StartRequest};

use crate::chat_support::eventually;
use crate::helpers::{SseReader, TestApp, spawn_on, test_settings};

const SECRET: &str = "test-cobrowse-secret";
const KEY: &str = "test-cobrowse-key";

/// A gateway with `[cobrowse]` pointing at a provider simulator that posts back to it.
async fn spawn_cobrowse() -> (TestApp, CobrowseSim) {
    let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim_base = format!(
        "http://{}/cobrowse",
        sim_listener.local_addr().expect("addr")
    );
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    settings.cobrowse = Some(CobrowseSettings {
        webhook_secret: SecretString::from(SECRET.to_owned()),
        base_url: sim_base,
        api_key: SecretString::from(KEY.to_owned()),
        timeout_secs: 2,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let app = spawn_on(listener, settings, db_dir).await;
    let sim = CobrowseSim::new(
        &reqwest::Url::parse(&app.address).expect("url"),
        SECRET,
        KEY,
    );
    sim.set_control(CobrowseControl {
        customer_answer: CustomerAnswer::Accept,
        answer_delay_ms: 50,
    });
    let router = sim.router();
    tokio::spawn(async move { axum::serve(sim_listener, router).await });
    (app, sim)
}

/// Kim with call `external_id` answered, and her stream opened after it.
async fn answered_call(app: &TestApp, external_id: &str) -> (String, u64, SseReader) {
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring(external_id, "sales-fr").await;
    let answered = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    assert_eq!(answered.status(), 200);
    let since = app.snapshot(&kim.token).await.last_event_id;
    let stream = app.stream(&kim.token, Some(since)).await;
    (kim.token, call_id, stream)
}

/// The caller of `call_id` starts co-browsing; the session id.
async fn caller_cobrowses(sim: &CobrowseSim, call_id: u64) -> String {
    let (id, _, _) = sim
        .start(StartRequest {
            call_id: Some(call_id),
            chat_id: None,
        })
        .await
        .expect("started");
    id
}

/// The next `cobrowse_updated` event on `stream`.
async fn next_cobrowse(stream: &mut SseReader) -> (CobrowseView, CobrowseChange) {
    loop {
        let envelope = stream
            .next_within(Duration::from_secs(5))
            .await
            .expect("a co-browse event");
        if let StreamEvent::CobrowseUpdated { cobrowse, change } = envelope.event {
            return (cobrowse, change);
        }
    }
}

async fn webhook(app: &TestApp, secret: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/webhooks/cobrowse/{secret}")))
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn ask(app: &TestApp, token: &str, id: &str, what: &str) -> reqwest::Response {
    app.post(&format!("/api/v1/cobrowse/{id}/{what}"), token)
        .await
}

#[tokio::test]
async fn a_session_the_customer_starts_reaches_the_agent_on_the_call() {
    let (app, sim) = spawn_cobrowse().await;
    let (token, call_id, mut stream) = answered_call(&app, "cb-start").await;

    let (id, status, _) = sim
        .start(StartRequest {
            call_id: Some(call_id),
            chat_id: None,
        })
        .await
        .expect("started");

    assert_eq!(status, 200);
    let (view, change) = next_cobrowse(&mut stream).await;
    assert_eq!(change, CobrowseChange::Started);
    assert_eq!(view.id, id);
    assert_eq!(view.session, CrmSessionRef::Call(call_id));
    assert_eq!(view.requested_by, CobrowseParty::EndUser);
    assert_eq!(
        (view.remote_control, view.full_device),
        (CobrowseMode::Off, CobrowseMode::Off)
    );
    assert_eq!(app.snapshot(&token).await.cobrowse, [view]);
}

#[tokio::test]
async fn a_wrong_secret_is_refused_with_401_and_nothing_is_stored() {
    let (app, _sim) = spawn_cobrowse().await;
    let (_, call_id, _) = answered_call(&app, "cb-401").await;

    let response = webhook(
        &app,
        "wrong",
        &json!({"event": "session_started", "session_id": "x", "call_id": call_id}),
    )
    .await;

    assert_eq!(response.status(), 401);
    assert_eq!(app.count("cobrowse_sessions").await, 0);
}

#[tokio::test]
async fn a_malformed_webhook_is_refused_with_its_reason() {
    let (app, _sim) = spawn_cobrowse().await;
    let (_, call_id, _) = answered_call(&app, "cb-400").await;

    let unknown_field = webhook(
        &app,
        SECRET,
        &json!({"event": "session_started", "session_id": "x", "call_id": call_id, "colour": 1}),
    )
    .await;
    let both_sessions = webhook(
        &app,
        SECRET,
        &json!({"event": "session_started", "session_id": "x", "call_id": call_id, "chat_id": 1}),
    )
    .await;

    assert_eq!(unknown_field.status(), 400);
    let body: Value = unknown_field.json().await.expect("error");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("colour")
    );
    assert_eq!(both_sessions.status(), 400);
    assert_eq!(app.count("cobrowse_sessions").await, 0);
}

#[tokio::test]
async fn a_session_for_an_unknown_call_is_404() {
    let (app, _sim) = spawn_cobrowse().await;

    let response = webhook(
        &app,
        SECRET,
        &json!({"event": "session_started", "session_id": "x", "call_id": 999}),
    )
    .await;

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_repeated_delivery_is_a_duplicate_and_tells_the_agent_nothing_more() {
    let (app, _sim) = spawn_cobrowse().await;
    let (_, call_id, mut stream) = answered_call(&app, "cb-dup").await;
    let body = json!({
        "event": "remote_control_changed", "session_id": "cb-9", "call_id": call_id,
        "remote_control": "on"
    });
    webhook(
        &app,
        SECRET,
        &json!({"event": "session_started", "session_id": "cb-9", "call_id": call_id}),
    )
    .await;
    let first: Value = webhook(&app, SECRET, &body)
        .await
        .json()
        .await
        .expect("receipt");

    let again: Value = webhook(&app, SECRET, &body)
        .await
        .json()
        .await
        .expect("receipt");

    assert_eq!(
        (first["duplicate"].clone(), again["duplicate"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(next_cobrowse(&mut stream).await.1, CobrowseChange::Started);
    assert_eq!(
        next_cobrowse(&mut stream).await.1,
        CobrowseChange::RemoteControl
    );
    assert!(
        stream
            .next_within(Duration::from_millis(300))
            .await
            .is_none(),
        "no event for the repeat"
    );
}

#[tokio::test]
async fn asking_for_remote_control_goes_to_the_provider_and_the_customers_yes_follows() {
    let (app, sim) = spawn_cobrowse().await;
    let (token, call_id, mut stream) = answered_call(&app, "cb-rc").await;
    let id = caller_cobrowses(&sim, call_id).await;
    next_cobrowse(&mut stream).await;

    let response = ask(&app, &token, &id, "remote-control").await;

    assert_eq!(response.status(), 200);
    let answered: CobrowseView = response.json().await.expect("view");
    assert_eq!(answered.remote_control, CobrowseMode::Requested);
    let (requested, _) = next_cobrowse(&mut stream).await;
    assert_eq!(requested.remote_control, CobrowseMode::Requested);
    let (granted, change) = next_cobrowse(&mut stream).await;
    assert_eq!(
        (change, granted.remote_control),
        (CobrowseChange::RemoteControl, CobrowseMode::On)
    );
    let calls: Vec<Value> = sim
        .requests()
        .into_iter()
        .filter(|r| r.get("api").is_some())
        .collect();
    assert_eq!(
        calls,
        [json!({"api": "remote-control", "session_id": id, "authorized": true})]
    );
}

#[tokio::test]
async fn a_full_device_request_the_customer_refuses_is_reported_as_rejected() {
    let (app, sim) = spawn_cobrowse().await;
    sim.set_control(CobrowseControl {
        customer_answer: CustomerAnswer::Reject,
        answer_delay_ms: 20,
    });
    let (token, call_id, mut stream) = answered_call(&app, "cb-fd").await;
    let id = caller_cobrowses(&sim, call_id).await;

    ask(&app, &token, &id, "full-device").await;

    let modes: Vec<CobrowseMode> = {
        let mut seen = Vec::new();
        for _ in 0..3 {
            seen.push(next_cobrowse(&mut stream).await.0.full_device);
        }
        seen
    };
    assert_eq!(
        modes,
        [
            CobrowseMode::Off,
            CobrowseMode::Requested,
            CobrowseMode::Rejected
        ]
    );
}

#[tokio::test]
async fn asking_again_while_a_request_is_pending_is_refused() {
    let (app, sim) = spawn_cobrowse().await;
    sim.set_control(CobrowseControl {
        customer_answer: CustomerAnswer::Accept,
        answer_delay_ms: 5_000,
    });
    let (token, call_id, _) = answered_call(&app, "cb-twice").await;
    let id = caller_cobrowses(&sim, call_id).await;
    ask(&app, &token, &id, "remote-control").await;

    let again = ask(&app, &token, &id, "remote-control").await;

    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn another_agent_cannot_act_on_the_session() {
    let (app, sim) = spawn_cobrowse().await;
    let (_, call_id, _) = answered_call(&app, "cb-other").await;
    let id = caller_cobrowses(&sim, call_id).await;
    let ariel = app.login("ariel@example.com").await;

    let response = ask(&app, &ariel.token, &id, "end").await;

    assert_eq!(response.status(), 404);
    assert!(
        sim.requests().iter().all(|r| r.get("api").is_none()),
        "the provider heard nothing"
    );
}

#[tokio::test]
async fn the_agent_ending_the_session_ends_it_once_and_clears_the_snapshot() {
    let (app, sim) = spawn_cobrowse().await;
    let (token, call_id, mut stream) = answered_call(&app, "cb-end").await;
    let id = caller_cobrowses(&sim, call_id).await;
    next_cobrowse(&mut stream).await;

    let response = ask(&app, &token, &id, "end").await;

    assert_eq!(response.status(), 200);
    let (ended, change) = next_cobrowse(&mut stream).await;
    assert_eq!(
        (change, ended.ended_by),
        (CobrowseChange::Ended, Some(CobrowseParty::Agent))
    );
    // The provider's own "ended" webhook follows and is taken as a repeat.
    eventually("the provider's ended webhook", || async {
        sim.requests()
            .iter()
            .any(|r| r["webhook"]["event"] == "session_ended")
            .then_some(())
    })
    .await;
    assert!(
        stream
            .next_within(Duration::from_millis(300))
            .await
            .is_none()
    );
    assert!(app.snapshot(&token).await.cobrowse.is_empty());
    assert_eq!(ask(&app, &token, &id, "remote-control").await.status(), 409);
}

#[tokio::test]
async fn a_session_in_a_chat_reaches_the_agent_of_the_chat() {
    let chat = crate::chat_support::spawn_chat_app_with(|settings| {
        settings.cobrowse = Some(CobrowseSettings {
            webhook_secret: SecretString::from(SECRET.to_owned()),
            base_url: "http://127.0.0.1:9/cobrowse".into(),
            api_key: SecretString::from(KEY.to_owned()),
            timeout_secs: 1,
        });
    })
    .await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-cb", crate::chat_support::SUPPORT).await;
    chat.accept(chat_id, &kim.token).await;

    let response = webhook(
        &chat.app,
        SECRET,
        &json!({"event": "session_started", "session_id": "cb-chat", "chat_id": chat_id,
                "requested_by": "end-user"}),
    )
    .await;

    assert_eq!(response.status(), 200);
    let views = chat.app.snapshot(&kim.token).await.cobrowse;
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].session, CrmSessionRef::Chat(chat_id));
    // The provider is down: the agent's request fails in words and changes nothing.
    let refused = ask(&chat.app, &kim.token, "cb-chat", "remote-control").await;
    assert_eq!(refused.status(), 502);
    let body: Value = refused.json().await.expect("error");
    assert_eq!(body["message"], "the co-browse provider is unreachable");
    assert_eq!(
        chat.app.snapshot(&kim.token).await.cobrowse[0].remote_control,
        CobrowseMode::Off
    );
}
