//! Every JSON example of the Aimylogic Operator API document parses into our types and
//! serializes back to the same JSON (see `fixtures/aimylogic/README.md` for what had to be
//! repaired, and for the two examples whose types disagree with the document's table).

use protocol::aimylogic::{
    CloseChatRequest, DestinationsResponse, SelectDestinationRequest, SendFileRequest,
    SendTextRequest, SetWebhookRequest, WebhookEvent,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn parse<T: DeserializeOwned>(fixture: &str) -> (T, Value) {
    let expected: Value = serde_json::from_str(fixture).expect("fixture is valid JSON");
    let parsed: T = serde_json::from_str(fixture).expect("fixture parses");
    (parsed, expected)
}

fn round_trip<T: Serialize + DeserializeOwned>(fixture: &str) -> T {
    let (parsed, expected) = parse::<T>(fixture);
    assert_eq!(serde_json::to_value(&parsed).expect("serializes"), expected);
    parsed
}

#[test]
fn set_webhook_example_round_trips_exactly() {
    let request: SetWebhookRequest =
        round_trip(include_str!("fixtures/aimylogic/setWebhook-request.json"));
    assert!(request.url.ends_with("/operatorapi/{apiKey}"));
}

#[test]
fn send_text_example_round_trips_exactly() {
    let request: SendTextRequest =
        round_trip(include_str!("fixtures/aimylogic/sendText-request.json"));
    assert_eq!(
        (request.user_id.as_str(), request.text.as_str()),
        ("<userId>", "text")
    );
}

#[test]
fn send_file_example_round_trips_exactly() {
    let request: SendFileRequest =
        round_trip(include_str!("fixtures/aimylogic/sendFile-request.json"));
    assert_eq!(
        (request.file_name.as_deref(), request.size),
        (Some("example"), Some(1))
    );
}

#[test]
fn close_chat_example_round_trips_exactly() {
    let request: CloseChatRequest =
        round_trip(include_str!("fixtures/aimylogic/closeChat-request.json"));
    assert_eq!(request.text, "The user closed the dialog");
}

#[test]
fn select_destination_example_round_trips_exactly() {
    let request: SelectDestinationRequest = round_trip(include_str!(
        "fixtures/aimylogic/selectDestination-request.json"
    ));
    assert_eq!(request.destination_id, "54321");
    assert_eq!(request.user_name.as_deref(), Some("firstName lastName"));
    assert_eq!(request.hidden_attributes.map(|h| h.len()), Some(2));
    assert_eq!(request.custom_data.map(|c| c.len()), Some(0));
}

#[test]
fn get_destinations_example_round_trips_exactly() {
    let response: DestinationsResponse = round_trip(include_str!(
        "fixtures/aimylogic/getDestinations-response.json"
    ));
    let online: Vec<bool> = response.destinations.iter().map(|d| d.has_online).collect();
    assert_eq!(online, [true, false]);
}

#[test]
fn text_message_example_round_trips_exactly() {
    let event: WebhookEvent =
        round_trip(include_str!("fixtures/aimylogic/webhook-TextMessage.json"));
    let WebhookEvent::TextMessage(message) = event else {
        panic!("not TextMessage")
    };
    assert_eq!(message.employee.avatar_url, "http://someUrl");
}

#[test]
fn closed_example_round_trips_exactly() {
    let event: WebhookEvent = round_trip(include_str!("fixtures/aimylogic/webhook-Closed.json"));
    assert_eq!(event.type_name(), "Closed");
}

#[test]
fn file_message_example_parses_and_is_sent_with_an_integer_size() {
    let (event, mut expected) =
        parse::<WebhookEvent>(include_str!("fixtures/aimylogic/webhook-FileMessage.json"));
    let WebhookEvent::FileMessage(file) = &event else {
        panic!("not FileMessage")
    };
    assert_eq!(file.size, 2);
    // The example's only difference from what we send: the table's integer size.
    expected["size"] = json!(2);
    assert_eq!(serde_json::to_value(&event).expect("serializes"), expected);
}

#[test]
fn select_destination_example_parses_and_is_sent_with_a_boolean_has_online() {
    let (event, mut expected) = parse::<WebhookEvent>(include_str!(
        "fixtures/aimylogic/webhook-SelectDestination.json"
    ));
    let WebhookEvent::SelectDestination(select) = &event else {
        panic!("not SelectDestination")
    };
    assert!(select.destination.has_online);
    assert_eq!(select.employee, None);
    // The example's only difference from what we send: the table's boolean hasOnline.
    expected["destination"]["hasOnline"] = json!(true);
    assert_eq!(serde_json::to_value(&event).expect("serializes"), expected);
}

#[test]
fn send_text_without_user_id_is_rejected() {
    assert!(serde_json::from_str::<SendTextRequest>(r#"{"text":"hi"}"#).is_err());
}

#[test]
fn send_text_with_a_numeric_text_is_rejected() {
    assert!(serde_json::from_str::<SendTextRequest>(r#"{"userId":"u","text":5}"#).is_err());
}
