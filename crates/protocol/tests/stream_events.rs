//! The stream's JSON: what the gateway writes, and how it is read back without a buffer.

use protocol::chat::{ChatMessage, DeliveryState, MessageDirection};
use protocol::stream::{StreamEnvelope, StreamEvent};

fn chat_message_event() -> StreamEnvelope {
    StreamEnvelope {
        id: 42,
        event: StreamEvent::ChatMessage {
            chat_id: 7,
            message: ChatMessage {
                id: 9,
                direction: MessageDirection::Inbound,
                text: "Hello".into(),
                file: None,
                agent_id: None,
                delivery: None,
                created_at: 1_700_000_000_000,
            },
        },
    }
}

#[test]
fn an_envelope_is_written_with_its_id_and_tag_before_the_event_fields() {
    let json = serde_json::to_string(&chat_message_event()).expect("serialises");

    assert_eq!(
        json,
        r#"{"id":42,"type":"chat_message","chat_id":7,"message":{"id":9,"direction":"inbound","text":"Hello","created_at":1700000000000}}"#
    );
}

#[test]
fn an_envelope_reads_back_as_it_was_written() {
    let envelope = chat_message_event();
    let json = serde_json::to_string(&envelope).expect("serialises");

    assert_eq!(
        serde_json::from_str::<StreamEnvelope>(&json).expect("reads"),
        envelope
    );
}

#[test]
fn an_envelope_may_give_its_tag_before_its_id() {
    let json = r#"{"type":"chat_dismissed","id":3,"chat_id":5}"#;

    let envelope: StreamEnvelope = serde_json::from_str(json).expect("reads");

    assert_eq!(envelope.id, 3);
    assert_eq!(envelope.event, StreamEvent::ChatDismissed { chat_id: 5 });
}

#[test]
fn an_envelope_whose_fields_come_before_its_tag_is_rejected_with_the_reason() {
    let json = r#"{"id":3,"chat_id":5,"type":"chat_dismissed"}"#;

    let error = serde_json::from_str::<StreamEnvelope>(json).expect_err("is rejected");

    assert!(
        error
            .to_string()
            .contains("expected the tag `type` before the other fields, found `chat_id`"),
        "{error}"
    );
}

#[test]
fn an_envelope_without_a_tag_is_rejected_as_missing_it() {
    let error = serde_json::from_str::<StreamEnvelope>(r#"{"id":3}"#).expect_err("is rejected");

    assert!(
        error.to_string().contains("missing field `type`"),
        "{error}"
    );
}

#[test]
fn an_event_of_an_unknown_type_is_rejected_with_its_name() {
    let json = r#"{"id":3,"type":"call_teleported","call_id":5}"#;

    let error = serde_json::from_str::<StreamEnvelope>(json).expect_err("is rejected");

    assert!(
        error
            .to_string()
            .contains("unknown variant `call_teleported`"),
        "{error}"
    );
}

#[test]
fn fields_an_event_does_not_know_are_skipped() {
    let json = r#"{"id":3,"type":"message_delivery","chat_id":5,"added_later":{"a":[1,2]},"message_id":8,"delivery":"delivered"}"#;

    let envelope: StreamEnvelope = serde_json::from_str(json).expect("reads");

    assert_eq!(
        envelope.event,
        StreamEvent::MessageDelivery {
            chat_id: 5,
            message_id: 8,
            delivery: DeliveryState::Delivered
        }
    );
}

#[test]
fn a_missing_field_of_an_event_is_named() {
    let json = r#"{"id":3,"type":"message_delivery","chat_id":5,"delivery":"delivered"}"#;

    let error = serde_json::from_str::<StreamEnvelope>(json).expect_err("is rejected");

    assert!(
        error.to_string().contains("missing field `message_id`"),
        "{error}"
    );
}

// The gateway stores each event without its id (`stream_events.payload`) and reads it back to
// replay a stream: that form must read too.
#[test]
fn a_stored_event_without_an_envelope_reads_back_as_it_was_written() {
    let event = chat_message_event().event;
    let json = serde_json::to_string(&event).expect("serialises");

    assert!(json.starts_with(r#"{"type":"chat_message","#), "{json}");
    assert_eq!(
        serde_json::from_str::<StreamEvent>(&json).expect("reads"),
        event
    );
}
