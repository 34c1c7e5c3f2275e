//! Every host-event example of the CCAI custom-CRM document parses into our types and
//! serializes back to the same JSON, field for field (no field renamed, added or dropped).

use protocol::host::{AdapterKind, AdapterReadyData, AgentData, HostEvent, HostMessage};
use serde_json::Value;

fn round_trip(fixture: &str) -> (HostEvent, Value, Value) {
    let expected: Value = serde_json::from_str(fixture).expect("fixture is valid JSON");
    let event: HostEvent = serde_json::from_str(fixture).expect("fixture parses as a host event");
    let actual = serde_json::to_value(&event).expect("event serializes");
    (event, expected, actual)
}

#[test]
fn agent_login_example_round_trips_exactly() {
    let (event, expected, actual) = round_trip(include_str!("fixtures/Agent_Login.json"));
    assert!(matches!(event, HostEvent::AgentLogin(_)));
    assert_eq!(actual, expected);
}

#[test]
fn agent_logout_example_round_trips_exactly() {
    let (event, expected, actual) = round_trip(include_str!("fixtures/Agent_Logout.json"));
    assert!(matches!(event, HostEvent::AgentLogout(_)));
    assert_eq!(actual, expected);
}

#[test]
fn new_call_example_round_trips_exactly() {
    let (event, expected, actual) = round_trip(include_str!("fixtures/New_Call.json"));
    let HostEvent::NewCall(data) = event else {
        panic!("not New_Call")
    };
    assert_eq!((data.call_id, data.queue_id), (103646, Some(8469)));
    assert_eq!(actual, expected);
}

#[test]
fn end_call_example_round_trips_exactly() {
    let (event, expected, actual) = round_trip(include_str!("fixtures/End_Call.json"));
    assert!(matches!(event, HostEvent::EndCall(_)));
    assert_eq!(actual, expected);
}

#[test]
fn agent_joined_call_example_round_trips_exactly() {
    let (event, expected, actual) = round_trip(include_str!("fixtures/Agent_Joined_Call.json"));
    assert!(matches!(event, HostEvent::AgentJoinedCall(_)));
    assert_eq!(actual, expected);
}

#[test]
fn unknown_optional_fields_are_left_out_not_sent_as_null() {
    let event = HostEvent::AgentLogin(AgentData {
        agent_id: 3,
        agent_custom_id: None,
        agent_email: "kim@example.com".into(),
    });
    let json = serde_json::to_value(&event).expect("serializes");
    assert_eq!(json["data"].as_object().map(|o| o.len()), Some(2));
    assert!(json["data"].get("agent_custom_id").is_none());
}

#[test]
fn host_message_is_one_json_string_with_type_data_seq_and_v() {
    let message = HostMessage {
        event: HostEvent::AdapterReady(AdapterReadyData {
            adapter: AdapterKind::Call,
            version: "0.1.0".into(),
            protocol_version: protocol::PROTOCOL_VERSION,
        }),
        seq: 1,
        v: protocol::PROTOCOL_VERSION,
        replay: false,
    };
    let text = message.to_json_string();
    let parsed: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        parsed,
        serde_json::json!({"type":"Adapter_Ready",
            "data":{"adapter":"call","version":"0.1.0","protocol_version":1},"seq":1,"v":1})
    );
    let back: HostMessage = serde_json::from_str(&text).expect("parses back");
    assert_eq!(back, message);
}

#[test]
fn adapter_kind_accepts_only_call_chat_and_supervisor() {
    assert_eq!(AdapterKind::parse("call"), Some(AdapterKind::Call));
    assert_eq!(AdapterKind::parse("chat"), Some(AdapterKind::Chat));
    assert_eq!(
        AdapterKind::parse("supervisor"),
        Some(AdapterKind::Supervisor)
    );
    assert_eq!(AdapterKind::parse("Call"), None);
    assert_eq!(AdapterKind::parse("video"), None);
}

#[test]
fn call_redaction_started_example_round_trips_exactly() {
    let (event, expected, actual) =
        round_trip(include_str!("fixtures/Call_Redaction_Started.json"));
    assert!(matches!(event, HostEvent::CallRedactionStarted(_)));
    assert_eq!(actual, expected);
}

#[test]
fn call_redaction_stopped_example_round_trips_exactly() {
    let (event, expected, actual) =
        round_trip(include_str!("fixtures/Call_Redaction_Stopped.json"));
    assert!(matches!(event, HostEvent::CallRedactionStopped(_)));
    assert_eq!(actual, expected);
}

#[test]
fn transfer_call_example_round_trips_exactly() {
    let (event, expected, actual) = round_trip(include_str!("fixtures/Transfer_Call.json"));
    let HostEvent::TransferCall(data) = event else {
        panic!("not Transfer_Call")
    };
    assert_eq!((data.call_id, data.chat_id), (Some(103646), None));
    assert_eq!(actual, expected);
}

#[test]
fn party_added_example_round_trips_exactly() {
    let (event, expected, actual) = round_trip(include_str!("fixtures/Party_Added.json"));
    let HostEvent::PartyAdded(data) = event else {
        panic!("not Party_Added")
    };
    assert_eq!(data.party_type, "agent");
    assert_eq!(actual, expected);
}

#[test]
fn transfer_to_a_queue_names_no_destination_agent() {
    use protocol::api::{AgentRef, CallState, CallTransfer, CallView, QueueRef};
    let sales = QueueRef {
        id: 8469,
        name: "sales-fr".into(),
        path: "Sales / FR".into(),
    };
    let support = QueueRef {
        id: 7678,
        name: "support".into(),
        path: "Support / EN".into(),
    };
    let call = CallView {
        id: 12,
        external_id: "pbx-12".into(),
        state: CallState::Ringing,
        caller_phone: None,
        caller_display: "Private number".into(),
        destination_phone: "+33100000000".into(),
        queue: Some(support.clone()),
        session_type: protocol::host::SESSION_TYPE_VOICE_INBOUND.into(),
        started_at: 0,
        answered_at: None,
        ended_at: None,
        end_reason: None,
        on_hold: false,
        hold_ms: 0,
        hold_started_at: None,
        redacted: false,
        context: None,
        transfer: None,
    };
    let transfer = CallTransfer {
        from_agent: AgentRef {
            id: 1,
            email: "kim@example.com".into(),
            custom_id: Some("007".into()),
            name: "Kim Lee".into(),
        },
        to_agent: None,
        from_queue: Some(sales),
        to_queue: Some(support),
        at: 5,
    };
    let json = serde_json::to_value(HostEvent::TransferCall(
        protocol::host::TransferData::for_call(&call, &transfer),
    ))
    .expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({"type": "Transfer_Call", "data": {
            "call_id": 12, "session_type": "Voice Inbound",
            "from_agent_id": 1, "from_agent_custom_id": "007", "from_agent_email": "kim@example.com",
            "from_queue_id": 8469, "from_queue_path": "Sales / FR",
            "to_queue_id": 7678, "to_queue_path": "Support / EN"}})
    );
}
