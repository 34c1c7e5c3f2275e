//! Every chat host-event example of the CCAI custom-CRM document parses into our types and
//! serializes back to the same JSON, field for field (see `fixtures/README.md` for the commas
//! the document's examples were missing or had too many).

use protocol::api::{AgentProfile, AgentRole, AgentStatus, QueueRef};
use protocol::chat::{ChatState, ChatView, SESSION_TYPE_CHAT_INBOUND};
use protocol::host::{ChatData, ChatMessageData, EndChatData, HostEvent, TransferData};
use serde_json::Value;

fn round_trip(fixture: &str) -> HostEvent {
    let expected: Value = serde_json::from_str(fixture).expect("fixture is valid JSON");
    let event: HostEvent = serde_json::from_str(fixture).expect("fixture parses as a host event");
    assert_eq!(serde_json::to_value(&event).expect("serializes"), expected);
    assert_eq!(Some(event.type_name()), expected["type"].as_str());
    event
}

#[test]
fn new_chat_example_round_trips_exactly() {
    let HostEvent::NewChat(data) = round_trip(include_str!("fixtures/New_Chat.json")) else {
        panic!("not New_Chat")
    };
    assert_eq!((data.chat_id, data.queue_id), (73522, Some(7678)));
}

#[test]
fn end_chat_example_round_trips_with_its_nulls() {
    let HostEvent::EndChat(data) = round_trip(include_str!("fixtures/End_Chat.json")) else {
        panic!("not End_Chat")
    };
    assert_eq!((data.queue_id, data.agent_custom_id), (None, None));
}

#[test]
fn active_chat_example_round_trips_exactly() {
    assert!(matches!(
        round_trip(include_str!("fixtures/Active_Chat.json")),
        HostEvent::ActiveChat(_)
    ));
}

#[test]
fn chat_inbound_message_example_round_trips_exactly() {
    let HostEvent::ChatInboundMessage(data) =
        round_trip(include_str!("fixtures/Chat_Inbound_Message.json"))
    else {
        panic!("not Chat_Inbound_Message")
    };
    assert_eq!(
        data.message,
        "Can you help me with my order tracking number?"
    );
    assert_eq!(data.chat.chat_id, 73522);
}

#[test]
fn chat_outbound_message_example_round_trips_exactly() {
    assert!(matches!(
        round_trip(include_str!("fixtures/Chat_Outbound_Message.json")),
        HostEvent::ChatOutboundMessage(_)
    ));
}

#[test]
fn dismissed_chat_example_round_trips_exactly() {
    assert!(matches!(
        round_trip(include_str!("fixtures/Dismissed_Chat.json")),
        HostEvent::DismissedChat(_)
    ));
}

#[test]
fn transfer_chat_example_round_trips_exactly() {
    let HostEvent::TransferChat(data) = round_trip(include_str!("fixtures/Transfer_Chat.json"))
    else {
        panic!("not Transfer_Chat")
    };
    assert_eq!((data.from_agent_id, data.to_agent_id), (1, Some(5)));
    assert_eq!(data.to_queue_path.as_deref(), Some("Schemes / Auric"));
}

#[test]
fn agent_joined_chat_example_round_trips_exactly() {
    let HostEvent::AgentJoinedChat(data) =
        round_trip(include_str!("fixtures/Agent_Joined_Chat.json"))
    else {
        panic!("not Agent_Joined_Chat")
    };
    assert_eq!(data.campaign_name.as_deref(), Some("Survey Movie"));
}

fn kim() -> AgentProfile {
    AgentProfile {
        id: 1,
        email: "kim@example.com".into(),
        custom_id: None,
        first_name: "Kim".into(),
        last_name: "Lee".into(),
        role: AgentRole::Agent,
        status: AgentStatus::Available,
        queues: Vec::new(),
    }
}

fn chat() -> ChatView {
    ChatView {
        id: 9,
        channel: "bot".into(),
        user_id: "u-1".into(),
        user_name: "Alex".into(),
        queue: QueueRef {
            id: 7678,
            name: "support".into(),
            path: "Support / EN".into(),
        },
        state: ChatState::Active,
        session_type: SESSION_TYPE_CHAT_INBOUND.into(),
        attributes: Default::default(),
        custom_data: None,
        created_at: 0,
        accepted_at: None,
        closed_at: None,
        closed_by: None,
        messages: Vec::new(),
    }
}

#[test]
fn chat_data_leaves_out_what_is_unknown() {
    let json = serde_json::to_value(HostEvent::NewChat(ChatData::new(&kim(), &chat())))
        .expect("serializes");
    let mut keys: Vec<&str> = json["data"]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "agent_email",
            "agent_id",
            "chat_id",
            "queue_id",
            "queue_path",
            "session_type"
        ]
    );
}

#[test]
fn end_chat_data_sends_an_unknown_custom_id_as_null() {
    let json = serde_json::to_value(HostEvent::EndChat(EndChatData::new(&kim(), &chat())))
        .expect("serializes");
    assert_eq!(json["data"]["agent_custom_id"], Value::Null);
    assert!(json["data"].get("agent_custom_id").is_some());
}

#[test]
fn a_message_event_carries_the_chat_fields_and_the_message_side_by_side() {
    let json = serde_json::to_value(HostEvent::ChatInboundMessage(ChatMessageData::new(
        &kim(),
        &chat(),
        "hello",
    )))
    .expect("serializes");
    assert_eq!(json["type"], "Chat_Inbound_Message");
    assert_eq!(json["data"]["message"], "hello");
    assert_eq!(json["data"]["chat_id"], 9);
    assert!(json["data"].get("chat").is_none());
}

#[test]
fn a_transfer_to_a_queue_names_both_queues_and_no_receiving_agent() {
    let support = chat().queue;
    let sales = QueueRef {
        id: 8469,
        name: "sales-fr".into(),
        path: "Sales / FR".into(),
    };
    let json = serde_json::to_value(HostEvent::TransferChat(TransferData::to_queue(
        &kim(),
        &chat(),
        &support,
        &sales,
    )))
    .expect("serializes");
    let data = &json["data"];
    assert_eq!(
        (data["from_queue_id"].as_u64(), data["to_queue_id"].as_u64()),
        (Some(7678), Some(8469))
    );
    assert_eq!(data["from_agent_email"], "kim@example.com");
    assert!(data.get("to_agent_id").is_none());
}

#[test]
fn agent_assist_started_example_round_trips_exactly() {
    let HostEvent::AgentAssistStarted(data) =
        round_trip(include_str!("fixtures/Agent_Assist_Started.json"))
    else {
        panic!("not Agent_Assist_Started")
    };
    assert_eq!(
        (
            data.conversation_id.as_str(),
            data.queue_language_id.as_str()
        ),
        ("12345", "en")
    );
}

#[test]
fn cobrowse_session_started_example_round_trips_exactly() {
    let HostEvent::CobrowseSessionStarted(data) =
        round_trip(include_str!("fixtures/Cobrowse_Session_Started.json"))
    else {
        panic!("not Cobrowse_Session_Started")
    };
    assert_eq!((data.chat_id, data.call_id), (Some(791), None));
}

#[test]
fn cobrowse_remote_control_changed_example_round_trips_exactly() {
    let HostEvent::CobrowseSessionRemoteControlChanged(data) = round_trip(include_str!(
        "fixtures/Cobrowse_Session_Remote_Control_Changed.json"
    )) else {
        panic!("not Cobrowse_Session_Remote_Control_Changed")
    };
    assert_eq!(
        data.cobrowse_session_remote_control,
        protocol::cobrowse::CobrowseMode::Requested
    );
}

#[test]
fn cobrowse_full_device_changed_example_round_trips_exactly() {
    let HostEvent::CobrowseSessionFullDeviceChanged(data) = round_trip(include_str!(
        "fixtures/Cobrowse_Session_Full_Device_Changed.json"
    )) else {
        panic!("not Cobrowse_Session_Full_Device_Changed")
    };
    assert_eq!(
        data.cobrowse_session_full_device,
        protocol::cobrowse::CobrowseMode::Rejected
    );
}

#[test]
fn cobrowse_session_ended_example_round_trips_exactly() {
    let HostEvent::CobrowseSessionEnded(data) =
        round_trip(include_str!("fixtures/Cobrowse_Session_Ended.json"))
    else {
        panic!("not Cobrowse_Session_Ended")
    };
    assert_eq!(
        data.cobrowse_session_requested_by,
        protocol::cobrowse::CobrowseParty::EndUser
    );
}
