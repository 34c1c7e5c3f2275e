//! Every JSON example of the Optico Call Center API document parses into our types and
//! serializes back to the same JSON (no field renamed, added, dropped or renumbered).

use protocol::optico::{AgentAssignment, CallMatch, Envelope, RealtimeData, RealtimeType, Status};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn round_trip<T: Serialize + DeserializeOwned>(fixture: &str) -> T {
    let expected: Value = serde_json::from_str(fixture).expect("fixture is valid JSON");
    let parsed: T = serde_json::from_str(fixture).expect("fixture parses");
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), expected);
    parsed
}

#[test]
fn call_start_response_example_round_trips_exactly() {
    let response: Envelope<CallMatch> =
        round_trip(include_str!("fixtures/optico/callStart-response.json"));
    let results = response.results.expect("results");
    assert_eq!(
        (response.status, response.results_nb, results.len()),
        (Status::Ok, Some(1), 1)
    );
    let found = &results[0];
    assert_eq!(found.call.id, 22122563);
    assert_eq!(found.call.keyword.as_deref(), Some("optico tracking"));
    assert_eq!(found.call.referrer, None);
    assert_eq!(found.views.len(), 2);
    assert_eq!(found.orders[0].products.len(), 0);
}

#[test]
fn set_agent_to_call_response_example_round_trips_exactly() {
    let response: Envelope<AgentAssignment> =
        round_trip(include_str!("fixtures/optico/setAgentToCall-response.json"));
    let results = response.results.expect("results");
    assert_eq!(results[0].agent, "agent1@optico.fr");
}

#[test]
fn error_response_example_round_trips_exactly() {
    let response: Envelope<CallMatch> =
        round_trip(include_str!("fixtures/optico/error-response.json"));
    assert_eq!(response.status, Status::Nok);
    assert_eq!(
        response.error.as_deref(),
        Some("Invalid API key `b7e2c8a14f9d`")
    );
}

#[test]
fn view_webhook_example_round_trips_exactly() {
    let data: RealtimeData = round_trip(include_str!("fixtures/optico/webhook-view.json"));
    assert_eq!(data.kind, RealtimeType::View);
    assert!(data.validate().is_ok());
}

#[test]
fn cart_webhook_example_round_trips_exactly() {
    let data: RealtimeData = round_trip(include_str!("fixtures/optico/webhook-cart.json"));
    let cart = data.cart.expect("cart");
    assert_eq!(cart.products[0].external_id.as_deref(), Some("SKU-001"));
}

#[test]
fn order_webhook_example_round_trips_exactly() {
    let data: RealtimeData = round_trip(include_str!("fixtures/optico/webhook-order.json"));
    assert_eq!(
        data.order.expect("order").external_cart_id.as_deref(),
        Some("5a4b477e3a05e")
    );
}

#[test]
fn a_webhook_whose_named_object_is_null_is_invalid() {
    let data: RealtimeData =
        serde_json::from_str(r#"{"callId":1,"type":"cart","view":null,"cart":null,"order":null}"#)
            .expect("parses");
    assert_eq!(
        data.validate(),
        Err("`type` is `cart` but `cart` is null".to_owned())
    );
}
