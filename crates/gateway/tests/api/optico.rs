//! Caller context from the Optico simulator over real HTTP: both routing strategies, refusals,
//! outages, timeouts, and the webhook (auth, malformed bodies, duplicates, early updates).

use std::time::Duration;

use gateway::config::OpticoSettings;
use protocol::api::{CallerContext, ContextStatus};
use protocol::optico::RealtimeType;
use protocol::stream::StreamEvent;
use serde_json::{Value, json};
use upstream_sim::optico::{OpticoControl, OpticoEndpoint, OpticoMode, OpticoSim};

use crate::helpers::{SseReader, TestApp, ringing, spawn_on, test_settings};

const API_KEY: &str = "demo-optico-key";
const WEBHOOK_SECRET: &str = "demo-optico-secret";

/// A gateway wired to an Optico simulator on its own port.
async fn spawn_with_optico() -> (TestApp, OpticoSim) {
    spawn_with_optico_key(API_KEY).await
}

/// The same, with the gateway configured with `gateway_key` as its Optico API key.
async fn spawn_with_optico_key(gateway_key: &str) -> (TestApp, OpticoSim) {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let gateway_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let gateway_url = format!("http://{}", gateway_listener.local_addr().expect("addr"));
    let sim = OpticoSim::new(
        &reqwest::Url::parse(&gateway_url).expect("url"),
        WEBHOOK_SECRET,
        API_KEY,
    );
    let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let sim_url = format!("http://{}", sim_listener.local_addr().expect("addr"));
    let router = sim.router();
    tokio::spawn(async move { axum::serve(sim_listener, router).await });

    let mut settings = test_settings(&db_dir);
    settings.optico = Some(OpticoSettings {
        base_url: format!("{sim_url}/optico"),
        api_key: gateway_key.to_owned().into(),
        webhook_secret: WEBHOOK_SECRET.to_owned().into(),
        timeout_secs: 1,
    });
    (spawn_on(gateway_listener, settings, db_dir).await, sim)
}

/// The next context update of the stream (skipping other events).
async fn next_context(stream: &mut SseReader) -> (u64, CallerContext, Option<RealtimeType>) {
    loop {
        if let StreamEvent::CallContextUpdated {
            call_id,
            context,
            change,
        } = stream.next().await.event
        {
            return (call_id, context, change.map(|c| c.kind));
        }
    }
}

async fn post_webhook(app: &TestApp, secret: &str, body: String) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/webhooks/optico/{secret}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("webhook request")
}

fn form(realtime_data: &Value) -> String {
    serde_urlencoded::to_string([("realtimeData", realtime_data.to_string())]).expect("form")
}

#[tokio::test]
async fn a_ringing_call_gets_the_callers_journey_from_optico() {
    let (app, sim) = spawn_with_optico().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;

    let call_id = app.ring("op-1", "sales-fr").await;

    let (updated, context, change) = next_context(&mut stream).await;
    assert_eq!(
        (updated, context.status, change),
        (call_id, ContextStatus::Ready, None)
    );
    let found = &context.matches[0];
    assert_eq!(found.call.keyword.as_deref(), Some("optico tracking"));
    assert_eq!(found.views.len(), 2);
    let call_start = &sim.requests()[0];
    assert_eq!(call_start.endpoint, OpticoEndpoint::CallStart);
    assert_eq!(call_start.field("callerPhone"), Some("0033612345678"));
    assert_eq!(call_start.field("startDate"), Some("2018-02-28 12:57:13"));
    assert_eq!(call_start.field("apiKey"), Some(API_KEY));
    assert_eq!(
        call_start.field("agent"),
        None,
        "strategy 2 sends no agent on callStart"
    );
}

#[tokio::test]
async fn answering_attaches_the_agent_to_the_optico_call() {
    let (app, sim) = spawn_with_optico().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    let call_id = app.ring("op-2", "sales-fr").await;
    let (_, context, _) = next_context(&mut stream).await;

    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;

    let mut attached = None;
    for _ in 0..50 {
        attached = sim
            .requests()
            .into_iter()
            .find(|r| r.endpoint == OpticoEndpoint::SetAgentToCall);
        if attached.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let attached = attached.expect("setAgentToCall was called");
    let optico_call_id = context.matches[0].call.id.to_string();
    assert_eq!(attached.field("callId"), Some(optico_call_id.as_str()));
    assert_eq!(attached.field("agent"), Some("kim@example.com"));
}

#[tokio::test]
async fn a_call_naming_its_agent_sends_the_agent_on_call_start() {
    let (app, sim) = spawn_with_optico().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    let mut body = ringing("op-3", "sales-fr");
    body["agent"] = json!("kim@example.com");

    app.telephony(&body).await;

    next_context(&mut stream).await;
    let call_start = &sim.requests()[0];
    assert_eq!(call_start.field("agent"), Some("kim@example.com"));
}

#[tokio::test]
async fn an_optico_refusal_makes_the_context_unavailable_with_its_reason() {
    let (app, sim) = spawn_with_optico_key("b7e2c8a14f9d-not-the-key").await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;

    app.ring("op-4", "sales-fr").await;

    let (_, context, _) = next_context(&mut stream).await;
    assert_eq!(context.status, ContextStatus::Unavailable);
    assert!(
        context
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("Invalid API key"),
        "{context:?}"
    );
    assert_eq!(sim.requests().len(), 1, "a refusal is not retried");
}

#[tokio::test]
async fn an_optico_outage_is_retried_then_reported_without_blocking_the_call() {
    let (app, sim) = spawn_with_optico().await;
    sim.set_mode(OpticoControl::mode(OpticoMode::Error500));
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    let call_id = app.ring("op-5", "sales-fr").await;

    let answered = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;

    assert_eq!(
        answered.status(),
        200,
        "the call is answered while Optico is down"
    );
    let (_, context, _) = next_context(&mut stream).await;
    assert_eq!(context.status, ContextStatus::Unavailable);
    assert_eq!(context.reason.as_deref(), Some("Optico answered HTTP 500"));
    assert!(sim.requests().len() > 1, "transient failures are retried");
}

#[tokio::test]
async fn a_slow_optico_times_out_into_an_unavailable_context() {
    let (app, sim) = spawn_with_optico().await;
    sim.set_mode(OpticoControl {
        delay_ms: Some(3_000),
        ..OpticoControl::mode(OpticoMode::Slow)
    });
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;

    app.ring("op-6", "sales-fr").await;

    let (_, context, _) = next_context(&mut stream).await;
    assert_eq!(
        context.reason.as_deref(),
        Some("Optico did not answer within 1 s")
    );
}

#[tokio::test]
async fn several_matching_calls_are_all_kept() {
    let (app, sim) = spawn_with_optico().await;
    sim.set_mode(OpticoControl {
        multiple: true,
        ..OpticoControl::default()
    });
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;

    app.ring("op-7", "sales-fr").await;

    let (_, context, _) = next_context(&mut stream).await;
    assert_eq!(context.matches.len(), 2);
}

#[tokio::test]
async fn a_cart_pushed_by_optico_reaches_the_agent_live() {
    let (app, sim) = spawn_with_optico().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    let call_id = app.ring("op-8", "sales-fr").await;
    let (_, context, _) = next_context(&mut stream).await;

    let delivery = sim
        .push_cart(context.matches[0].call.id)
        .await
        .expect("pushed");

    assert!(delivery.accepted(), "{delivery:?}");
    let (updated, context, change) = next_context(&mut stream).await;
    assert_eq!((updated, change), (call_id, Some(RealtimeType::Cart)));
    assert!(context.matches[0].current_cart.is_some());
}

#[tokio::test]
async fn an_optico_webhook_with_a_wrong_secret_is_refused() {
    let (app, _sim) = spawn_with_optico().await;

    let response = post_webhook(&app, "wrong", form(&json!({"callId": 1}))).await;

    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn malformed_realtime_data_is_rejected_with_the_reason() {
    let (app, _sim) = spawn_with_optico().await;

    let response = post_webhook(&app, WEBHOOK_SECRET, "realtimeData=%7Bnot-json".into()).await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("realtimeData:"),
        "{body}"
    );
    assert_eq!(app.count("optico_pending").await, 0);
}

#[tokio::test]
async fn a_webhook_without_realtime_data_is_rejected() {
    let (app, _sim) = spawn_with_optico().await;

    let response = post_webhook(&app, WEBHOOK_SECRET, "something=else".into()).await;

    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn an_update_before_the_lookup_returns_is_kept_and_applied() {
    let (app, sim) = spawn_with_optico().await;
    sim.set_mode(OpticoControl {
        delay_ms: Some(600),
        ..OpticoControl::mode(OpticoMode::Slow)
    });
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    app.ring("op-9", "sales-fr").await;
    let early: Value = serde_json::from_str(include_str!(
        "../../../protocol/tests/fixtures/optico/webhook-cart.json"
    ))
    .expect("seed cart webhook");

    let response = post_webhook(&app, WEBHOOK_SECRET, form(&early)).await;

    assert_eq!(response.status(), 202);
    let (_, context, _) = next_context(&mut stream).await;
    let cart = context.matches[0]
        .current_cart
        .as_ref()
        .expect("cart applied");
    assert_eq!(cart.products[0].external_id.as_deref(), Some("SKU-001"));
}

#[tokio::test]
async fn a_repeated_view_is_acknowledged_without_a_second_entry() {
    let (app, _sim) = spawn_with_optico().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    app.ring("op-10", "sales-fr").await;
    next_context(&mut stream).await;
    let view: Value = serde_json::from_str(include_str!(
        "../../../protocol/tests/fixtures/optico/webhook-view.json"
    ))
    .expect("seed view webhook");

    let response = post_webhook(&app, WEBHOOK_SECRET, form(&view)).await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "duplicate");
    assert_eq!(
        app.snapshot(&kim.token).await.calls[0]
            .context
            .as_ref()
            .map(|c| c.matches[0].views.len()),
        Some(2)
    );
}

#[tokio::test]
async fn no_answer_to_the_widget_contains_the_optico_key() {
    let (app, _sim) = spawn_with_optico().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    app.ring("op-11", "sales-fr").await;
    next_context(&mut stream).await;

    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&kim.token)
        .send()
        .await;
    let config = app.client.get(app.url("/api/v1/config")).send().await;

    for response in [me, config] {
        let text = response.expect("request").text().await.expect("body");
        assert!(
            !text.contains(API_KEY) && !text.contains(WEBHOOK_SECRET),
            "{text}"
        );
    }
}
