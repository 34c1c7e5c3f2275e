//! The Optico simulator over real HTTP, against a fake gateway that records webhooks.

mod support;

use std::time::{Duration, Instant};

use protocol::optico::{CallMatch, Envelope, RealtimeData, RealtimeType, Status};
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{
    FakeGateway, GATEWAY_SECRET, OPTICO_API_KEY, optico_config_for, spawn_fake_gateway, spawn_sim,
};
use upstream_sim::optico::{OpticoEndpoint, OpticoRequest, SEED_CALL_START_RESPONSE};
use upstream_sim::{OpticoControl, OpticoMode, OpticoSim};

const SEED_CALLER: &str = "0033612345678";
const OTHER_CALLER: &str = "0033698765432";

/// A gateway recording webhooks and a simulator pointing at it with the right secret.
async fn spawn() -> (FakeGateway, String) {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(optico_config_for(&gateway.url, GATEWAY_SECRET)).await;
    (gateway, sim)
}

async fn post_form(url: String, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let response = reqwest::Client::new()
        .post(url)
        .form(fields)
        .send()
        .await
        .expect("simulator answers");
    let status = response.status();
    (status, response.text().await.expect("a body"))
}

async fn post_json(url: String, body: Value) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .expect("simulator answers");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

/// `callStart` as the gateway sends it, from `caller` (`None`: a private number).
async fn call_start(sim: &str, caller: Option<&str>, agent: Option<&str>) -> (StatusCode, String) {
    let mut fields = vec![
        ("apiKey", OPTICO_API_KEY),
        ("destinationPhone", "0033123456789"),
        ("startDate", "2026-11-22 06:30:00"),
    ];
    if let Some(caller) = caller {
        fields.push(("callerPhone", caller));
    }
    if let Some(agent) = agent {
        fields.push(("agent", agent));
    }
    post_form(format!("{sim}/optico/agent-api/callStart"), &fields).await
}

fn matches_of(body: &str) -> Vec<CallMatch> {
    let envelope: Envelope<CallMatch> = serde_json::from_str(body).expect("a callStart envelope");
    assert_eq!(envelope.status, Status::Ok, "{body}");
    envelope.results.expect("results")
}

async fn requests(sim: &str) -> Vec<OpticoRequest> {
    reqwest::get(format!("{sim}/optico/requests"))
        .await
        .expect("simulator answers")
        .json()
        .await
        .expect("the request log is JSON")
}

async fn set_control(sim: &str, control: Value) -> (StatusCode, Value) {
    post_json(format!("{sim}/optico/control"), control).await
}

/// The `realtimeData` the fake gateway received last.
fn last_realtime_data(gateway: &FakeGateway) -> RealtimeData {
    let received = gateway.received();
    let last = received.last().expect("a webhook was received");
    serde_json::from_value(last.body.clone()).expect("realtimeData is a protocol RealtimeData")
}

#[tokio::test]
async fn call_start_for_the_seed_caller_answers_the_seed_example_verbatim() {
    let (_gateway, sim) = spawn().await;

    let (status, body) = call_start(&sim, Some(SEED_CALLER), None).await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, SEED_CALL_START_RESPONSE);
}

#[tokio::test]
async fn call_start_for_the_seed_caller_in_international_format_answers_the_seed_example() {
    let (_gateway, sim) = spawn().await;

    let (_, body) = call_start(&sim, Some("+33612345678"), None).await;

    assert_eq!(body, SEED_CALL_START_RESPONSE);
}

#[tokio::test]
async fn a_wrong_api_key_is_answered_nok_naming_its_first_twelve_characters() {
    let (_gateway, sim) = spawn().await;

    let (status, body) = post_form(
        format!("{sim}/optico/agent-api/callStart"),
        &[
            ("apiKey", "b7e2c8a14f9d3650a1e7c4d8b2f6a395e"),
            ("callerPhone", SEED_CALLER),
            ("destinationPhone", "0033123456789"),
            ("startDate", "2018-02-28 12:57:13"),
        ],
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        body,
        json!({"status": "NOK", "error": "Invalid API key `b7e2c8a14f9d`"})
    );
}

#[tokio::test]
async fn a_missing_start_date_is_answered_nok_naming_the_field() {
    let (_gateway, sim) = spawn().await;

    let (_, body) = post_form(
        format!("{sim}/optico/agent-api/callStart"),
        &[
            ("apiKey", OPTICO_API_KEY),
            ("callerPhone", SEED_CALLER),
            ("destinationPhone", "0033123456789"),
        ],
    )
    .await;

    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(body["status"], "NOK");
    assert_eq!(body["error"], "Missing required parameter `startDate`");
}

#[tokio::test]
async fn a_json_body_instead_of_a_form_is_answered_nok() {
    let (_gateway, sim) = spawn().await;

    let (status, body) = post_json(
        format!("{sim}/optico/agent-api/callStart"),
        json!({"apiKey": OPTICO_API_KEY}),
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "NOK");
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|error| error.contains("application/x-www-form-urlencoded")),
        "{body}"
    );
}

#[tokio::test]
async fn other_callers_get_a_generated_journey_under_a_fresh_call_id_each_time() {
    let (_gateway, sim) = spawn().await;

    let (_, first) = call_start(&sim, Some(OTHER_CALLER), None).await;
    let (_, second) = call_start(&sim, Some(OTHER_CALLER), None).await;

    let (first, second) = (matches_of(&first), matches_of(&second));
    assert_eq!((first.len(), second.len()), (1, 1));
    assert_ne!(first[0].call.id, second[0].call.id);
    assert_ne!(first[0].call.id, 22_122_563, "not the seed's call id");
    assert!(first[0].views.len() >= 2, "{:?}", first[0].views);
    assert!(first[0].call.source.is_some());
    assert_eq!(first[0].call.start_date, "2026-11-22 06:30:00");
}

#[tokio::test]
async fn call_start_with_an_agent_attaches_the_agent_to_the_call() {
    let (_gateway, sim) = spawn().await;

    let (_, seeded) = call_start(&sim, Some(SEED_CALLER), Some("kim@example.com")).await;
    let (_, generated) = call_start(&sim, Some(OTHER_CALLER), Some("kim@example.com")).await;

    for body in [seeded, generated] {
        let matches = matches_of(&body);
        assert_eq!(
            matches[0].call.agent.as_deref(),
            Some("kim@example.com"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_private_number_matches_no_call() {
    let (_gateway, sim) = spawn().await;

    for caller in [None, Some("anonymous"), Some("")] {
        let (_, body) = call_start(&sim, caller, None).await;

        let body: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(
            body,
            json!({"status": "OK", "resultsNb": 0, "results": []}),
            "caller {caller:?}"
        );
    }
}

#[tokio::test]
async fn set_agent_to_call_answers_the_assignment_for_a_call_handed_out() {
    let (_gateway, sim) = spawn().await;
    call_start(&sim, Some(SEED_CALLER), None).await;

    let (status, body) = post_form(
        format!("{sim}/optico/agent-api/setAgentToCall"),
        &[
            ("apiKey", OPTICO_API_KEY),
            ("callId", "22122563"),
            ("agent", "agent1@optico.fr"),
        ],
    )
    .await;

    assert_eq!(status, StatusCode::OK);
    let expected =
        include_str!("../../protocol/tests/fixtures/optico/setAgentToCall-response.json");
    let expected: Value = serde_json::from_str(expected).expect("fixture is JSON");
    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(body, expected);
}

#[tokio::test]
async fn set_agent_to_call_for_a_call_never_handed_out_is_nok() {
    let (_gateway, sim) = spawn().await;

    let (_, body) = post_form(
        format!("{sim}/optico/agent-api/setAgentToCall"),
        &[
            ("apiKey", OPTICO_API_KEY),
            ("callId", "4242"),
            ("agent", "kim@example.com"),
        ],
    )
    .await;

    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        body,
        json!({"status": "NOK", "error": "Unknown callId `4242`"})
    );
}

#[tokio::test]
async fn every_request_is_logged_with_its_form_fields() {
    let (_gateway, sim) = spawn().await;
    call_start(&sim, Some(SEED_CALLER), None).await;
    post_form(
        format!("{sim}/optico/agent-api/setAgentToCall"),
        &[
            ("apiKey", "wrong"),
            ("callId", "22122563"),
            ("agent", "kim@example.com"),
        ],
    )
    .await;

    let logged = requests(&sim).await;

    assert_eq!(logged.len(), 2, "{logged:?}");
    assert_eq!(logged[0].endpoint, OpticoEndpoint::CallStart);
    assert_eq!(logged[0].field("callerPhone"), Some(SEED_CALLER));
    assert_eq!(logged[0].field("agent"), None, "strategy 2: no agent");
    assert_eq!(logged[1].endpoint, OpticoEndpoint::SetAgentToCall);
    assert_eq!(logged[1].field("agent"), Some("kim@example.com"));
    assert_eq!(logged[1].field("apiKey"), Some("wrong"));
}

#[tokio::test]
async fn nok_mode_answers_nok_to_a_valid_request() {
    let (_gateway, sim) = spawn().await;
    set_control(&sim, json!({"mode": "nok"})).await;

    let (status, body) = call_start(&sim, Some(SEED_CALLER), None).await;

    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(body["status"], "NOK");
    assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn error500_mode_answers_internal_server_error() {
    let (_gateway, sim) = spawn().await;
    set_control(&sim, json!({"mode": "error500"})).await;

    let (status, _) = call_start(&sim, Some(SEED_CALLER), None).await;

    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn slow_mode_answers_only_after_the_delay() {
    let (_gateway, sim) = spawn().await;
    set_control(&sim, json!({"mode": "slow", "delayMs": 400})).await;

    let started = Instant::now();
    let (_, body) = call_start(&sim, Some(SEED_CALLER), None).await;

    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(body, SEED_CALL_START_RESPONSE, "then answers as documented");
}

#[tokio::test]
async fn multiple_mode_matches_two_calls_with_distinct_ids() {
    let (_gateway, sim) = spawn().await;
    set_control(&sim, json!({"mode": "normal", "multiple": true})).await;

    let (_, body) = call_start(&sim, Some(SEED_CALLER), None).await;

    let matches = matches_of(&body);
    let envelope: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(envelope["resultsNb"], 2);
    assert_eq!(matches.len(), 2);
    assert_eq!(matches[0].call.id, 22_122_563, "the seed's call first");
    assert_ne!(matches[1].call.id, matches[0].call.id);
}

#[tokio::test]
async fn an_unknown_control_mode_is_rejected() {
    let (_gateway, sim) = spawn().await;

    let (status, body) = set_control(&sim, json!({"mode": "sideways"})).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "invalid_body");
}

#[tokio::test]
async fn the_visitor_adding_to_cart_pushes_the_seed_cart_with_one_more_line_and_new_totals() {
    // Arrange
    let (gateway, sim) = spawn().await;
    call_start(&sim, Some(SEED_CALLER), None).await;

    // Act
    let (status, answer) = post_json(format!("{sim}/optico/visitor/cart"), json!({})).await;

    // Assert
    assert_eq!(status, StatusCode::OK, "{answer}");
    let received = gateway.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/webhooks/optico/s3cret");
    assert!(
        received[0]
            .content_type
            .starts_with("application/x-www-form-urlencoded"),
        "{}",
        received[0].content_type
    );
    assert_eq!(received[0].form_fields, ["realtimeData"]);
    let body = &received[0].body;
    assert_eq!(body["callId"], 22_122_563);
    assert_eq!(body["type"], "cart");
    assert_eq!(
        (&body["view"], &body["order"]),
        (&Value::Null, &Value::Null)
    );
    let cart = &body["cart"];
    assert_eq!(cart["id"], 80359, "the seed's cart");
    assert_eq!(cart["products"][0]["externalId"], "SKU-001");
    assert_eq!(cart["products"][1]["externalId"], "SKU-002");
    assert_eq!(cart["products"].as_array().map(Vec::len), Some(3));
    assert_eq!(cart["products"][2]["costPerUnit"], json!(129.9));
    assert_eq!(cart["totalCost"], json!(1129.9));
    assert_eq!(cart["productsNb"], 3);
}

#[tokio::test]
async fn the_visitor_viewing_a_page_pushes_a_new_view_with_the_other_objects_null() {
    let (gateway, sim) = spawn().await;
    call_start(&sim, Some(OTHER_CALLER), None).await;

    let (status, answer) = post_json(format!("{sim}/optico/visitor/view"), json!({})).await;

    assert_eq!(status, StatusCode::OK, "{answer}");
    let data = last_realtime_data(&gateway);
    assert_eq!(data.kind, RealtimeType::View);
    assert!(data.cart.is_none() && data.order.is_none());
    let view = data.view.expect("a view");
    assert!(view.url.is_some_and(|url| url.starts_with("https://")));
    assert_eq!(answer["realtimeData"]["view"]["id"], view.id);
}

#[tokio::test]
async fn two_page_views_get_distinct_view_ids() {
    let (gateway, sim) = spawn().await;
    call_start(&sim, Some(OTHER_CALLER), None).await;

    post_json(format!("{sim}/optico/visitor/view"), json!({})).await;
    let first = last_realtime_data(&gateway).view.expect("a view");
    post_json(format!("{sim}/optico/visitor/view"), json!({})).await;
    let second = last_realtime_data(&gateway).view.expect("a view");

    assert_ne!(first.id, second.id);
}

#[tokio::test]
async fn placing_an_order_pushes_the_cart_as_an_order_attributed_to_the_agent() {
    // Arrange: the seed call, attached to an agent, with one more product in the cart.
    let (gateway, sim) = spawn().await;
    call_start(&sim, Some(SEED_CALLER), None).await;
    post_form(
        format!("{sim}/optico/agent-api/setAgentToCall"),
        &[
            ("apiKey", OPTICO_API_KEY),
            ("callId", "22122563"),
            ("agent", "kim@example.com"),
        ],
    )
    .await;
    post_json(format!("{sim}/optico/visitor/cart"), json!({})).await;

    // Act
    let (status, answer) = post_json(format!("{sim}/optico/visitor/order"), json!({})).await;

    // Assert
    assert_eq!(status, StatusCode::OK, "{answer}");
    let data = last_realtime_data(&gateway);
    assert_eq!(data.kind, RealtimeType::Order);
    let order = data.order.expect("an order");
    assert_eq!(order.cart_id, Some(80359));
    assert_eq!(order.agent.as_deref(), Some("kim@example.com"));
    assert_eq!(order.is_sale, Some(true));
    assert_eq!(
        order.total_cost.map(|t| t.to_string()).as_deref(),
        Some("1129.9")
    );
    assert_eq!(order.products.len(), 3);
}

#[tokio::test]
async fn a_push_names_the_call_id_it_was_asked_for_even_one_never_handed_out() {
    let (gateway, sim) = spawn().await;

    let (status, answer) =
        post_json(format!("{sim}/optico/visitor/view"), json!({"callId": 777})).await;

    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(last_realtime_data(&gateway).call_id, 777);
}

#[tokio::test]
async fn the_push_answer_carries_the_gateway_status_and_body() {
    let (_gateway, sim) = spawn().await;
    call_start(&sim, Some(SEED_CALLER), None).await;

    let (_, answer) = post_json(format!("{sim}/optico/visitor/view"), json!({})).await;

    assert_eq!(answer["gatewayStatus"], 200);
    assert_eq!(answer["gatewayBody"], json!({"status": "applied"}));
    assert_eq!(answer["callId"], 22_122_563);
    assert_eq!(answer["type"], "view");
}

#[tokio::test]
async fn a_push_the_gateway_refuses_is_reported_as_bad_gateway_with_its_answer() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(optico_config_for(&gateway.url, "wrong-secret")).await;
    call_start(&sim, Some(SEED_CALLER), None).await;

    let (status, answer) = post_json(format!("{sim}/optico/visitor/cart"), json!({})).await;

    assert_eq!(status, StatusCode::BAD_GATEWAY, "{answer}");
    assert_eq!(answer["error"], "gateway_rejected");
    assert_eq!(answer["gatewayStatus"], 401);
    assert_eq!(answer["gatewayBody"]["error"], "unauthorized");
    assert_eq!(gateway.received()[0].path, "/webhooks/optico/wrong-secret");
}

#[tokio::test]
async fn pushing_before_any_call_was_handed_out_is_a_conflict() {
    let (gateway, sim) = spawn().await;

    let response = reqwest::Client::new()
        .post(format!("{sim}/optico/visitor/view"))
        .send()
        .await
        .expect("simulator answers");

    assert_eq!(response.status(), StatusCode::CONFLICT);
    let answer: Value = response.json().await.expect("JSON");
    assert_eq!(answer["error"], "no_call");
    assert!(gateway.received().is_empty());
}

#[tokio::test]
async fn placing_an_order_with_an_empty_cart_is_a_conflict() {
    let (gateway, sim) = spawn().await;

    let (status, answer) = post_json(
        format!("{sim}/optico/visitor/order"),
        json!({"callId": 778}),
    )
    .await;

    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["error"], "empty_cart");
    assert!(gateway.received().is_empty());
}

#[tokio::test]
async fn the_rust_api_switches_modes_logs_requests_and_pushes_updates() {
    // Arrange: the Optico router alone, as gateway tests serve it.
    let gateway = spawn_fake_gateway().await;
    let optico = OpticoSim::new(&gateway.url, GATEWAY_SECRET, OPTICO_API_KEY);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("address"));
    let router = optico.router();
    tokio::spawn(async move { axum::serve(listener, router).await });

    // Act
    optico.set_mode(OpticoControl::mode(OpticoMode::Nok));
    let (_, refused) = call_start(&origin, Some(SEED_CALLER), None).await;
    optico.set_mode(OpticoControl::default());
    let (_, answered) = call_start(&origin, Some(SEED_CALLER), None).await;
    let delivery = optico
        .push_cart(22_122_563)
        .await
        .expect("gateway reachable");

    // Assert
    assert!(refused.contains("\"NOK\""), "{refused}");
    assert_eq!(answered, SEED_CALL_START_RESPONSE);
    assert_eq!(optico.requests().len(), 2);
    assert_eq!(optico.latest_call_id(), Some(22_122_563));
    assert!(delivery.accepted());
    assert_eq!(delivery.kind, RealtimeType::Cart);
    assert_eq!(gateway.received().len(), 1);
}
