//! Events the widget posts to the embedding CRM page.
//!
//! Every event travels as a JSON **string** `{"type":…,"data":{…},"seq":n,"v":1}` because host
//! listeners written for CCAI adapters call `JSON.parse(e.data)`. Type names and `data` field
//! names are exactly those of the CCAI custom-CRM documentation; optional fields are left out
//! when unknown.

use serde::{Deserialize, Serialize};

use crate::api::{AgentProfile, AgentRef, CallTransfer, CallView};
use crate::chat::ChatView;
use crate::cobrowse::{CobrowseMode, CobrowseParty};

/// Session type reported for an inbound PSTN call.
pub const SESSION_TYPE_VOICE_INBOUND: &str = "Voice Inbound";

/// Which adapter a widget instance is (`?type=` in its URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AdapterKind {
    /// The call adapter (290×600).
    Call,
    /// The chat adapter (450×590).
    Chat,
    /// The supervisor view (600×600 and larger).
    Supervisor,
}

impl AdapterKind {
    /// Parses the `type` URL parameter; anything but the three known kinds is `None`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "call" => Some(Self::Call),
            "chat" => Some(Self::Chat),
            "supervisor" => Some(Self::Supervisor),
            _ => None,
        }
    }

    /// The URL and CSS spelling of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Chat => "chat",
            Self::Supervisor => "supervisor",
        }
    }
}

/// One event for the host page, tagged with its CCAI type name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "data")]
pub enum HostEvent {
    /// The adapter has loaded and may post events (ours, not CCAI's).
    #[serde(rename = "Adapter_Ready")]
    AdapterReady(AdapterReadyData),
    /// The agent logged in (or an existing session was restored in a new adapter instance).
    #[serde(rename = "Agent_Login")]
    AgentLogin(AgentData),
    /// The agent logged out.
    #[serde(rename = "Agent_Logout")]
    AgentLogout(AgentData),
    /// The agent answered a call.
    #[serde(rename = "New_Call")]
    NewCall(CallData),
    /// A call the agent handled ended.
    #[serde(rename = "End_Call")]
    EndCall(CallData),
    /// Recording paused so the caller can give sensitive data.
    #[serde(rename = "Call_Redaction_Started")]
    CallRedactionStarted(RedactionData),
    /// Recording resumed.
    #[serde(rename = "Call_Redaction_Stopped")]
    CallRedactionStopped(RedactionData),
    /// The agent connected to a call session.
    #[serde(rename = "Agent_Joined_Call")]
    AgentJoinedCall(CallData),
    /// The agent picked up (accepted) a chat.
    #[serde(rename = "New_Chat")]
    NewChat(ChatData),
    /// The agent connected to a chat session.
    #[serde(rename = "Agent_Joined_Chat")]
    AgentJoinedChat(ChatData),
    /// The agent switched to a chat's tab.
    #[serde(rename = "Active_Chat")]
    ActiveChat(ChatData),
    /// The client wrote a message.
    #[serde(rename = "Chat_Inbound_Message")]
    ChatInboundMessage(ChatMessageData),
    /// The agent wrote a message.
    #[serde(rename = "Chat_Outbound_Message")]
    ChatOutboundMessage(ChatMessageData),
    /// A chat ended.
    #[serde(rename = "End_Chat")]
    EndChat(EndChatData),
    /// The agent closed a chat's tab.
    #[serde(rename = "Dismissed_Chat")]
    DismissedChat(ChatData),
    /// The chat was transferred to another queue or agent.
    #[serde(rename = "Transfer_Chat")]
    TransferChat(TransferData),
    /// The agent transferred the call to another agent or queue (cold transfer).
    #[serde(rename = "Transfer_Call")]
    TransferCall(TransferData),
    /// Another party joined a session of this agent (the agent a call was transferred to
    /// answered it).
    #[serde(rename = "Party_Added")]
    PartyAdded(PartyAddedData),
    /// The CRM record of a session is known: the host page may pop it (`recordUrl`).
    #[serde(rename = "CRM_Record_Pop")]
    CrmRecordPop(CrmRecordPopData),
    /// The first AI suggestion of a session reached the agent.
    #[serde(rename = "Agent_Assist_Started")]
    AgentAssistStarted(AgentAssistStartedData),
    /// A co-browse session started in a call or chat of the agent.
    #[serde(rename = "Cobrowse_Session_Started")]
    CobrowseSessionStarted(CobrowseStartedData),
    /// Remote control of a co-browse session changed.
    #[serde(rename = "Cobrowse_Session_Remote_Control_Changed")]
    CobrowseSessionRemoteControlChanged(CobrowseRemoteControlData),
    /// Full-device sharing of a co-browse session changed.
    #[serde(rename = "Cobrowse_Session_Full_Device_Changed")]
    CobrowseSessionFullDeviceChanged(CobrowseFullDeviceData),
    /// A co-browse session ended.
    #[serde(rename = "Cobrowse_Session_Ended")]
    CobrowseSessionEnded(CobrowseEndedData),
    /// A host command succeeded (ours, not CCAI's).
    #[serde(rename = "Ack")]
    Ack(crate::command::AckData),
    /// A host command failed or was refused (ours, not CCAI's).
    #[serde(rename = "Error")]
    Error(crate::command::ErrorData),
}

impl HostEvent {
    /// The CCAI type name, as it appears in `type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::AdapterReady(_) => "Adapter_Ready",
            Self::AgentLogin(_) => "Agent_Login",
            Self::AgentLogout(_) => "Agent_Logout",
            Self::NewCall(_) => "New_Call",
            Self::EndCall(_) => "End_Call",
            Self::AgentJoinedCall(_) => "Agent_Joined_Call",
            Self::CallRedactionStarted(_) => "Call_Redaction_Started",
            Self::CallRedactionStopped(_) => "Call_Redaction_Stopped",
            Self::NewChat(_) => "New_Chat",
            Self::AgentJoinedChat(_) => "Agent_Joined_Chat",
            Self::ActiveChat(_) => "Active_Chat",
            Self::ChatInboundMessage(_) => "Chat_Inbound_Message",
            Self::ChatOutboundMessage(_) => "Chat_Outbound_Message",
            Self::EndChat(_) => "End_Chat",
            Self::DismissedChat(_) => "Dismissed_Chat",
            Self::TransferChat(_) => "Transfer_Chat",
            Self::TransferCall(_) => "Transfer_Call",
            Self::PartyAdded(_) => "Party_Added",
            Self::CrmRecordPop(_) => "CRM_Record_Pop",
            Self::AgentAssistStarted(_) => "Agent_Assist_Started",
            Self::CobrowseSessionStarted(_) => "Cobrowse_Session_Started",
            Self::CobrowseSessionRemoteControlChanged(_) => {
                "Cobrowse_Session_Remote_Control_Changed"
            }
            Self::CobrowseSessionFullDeviceChanged(_) => "Cobrowse_Session_Full_Device_Changed",
            Self::CobrowseSessionEnded(_) => "Cobrowse_Session_Ended",
            Self::Ack(_) => "Ack",
            Self::Error(_) => "Error",
        }
    }
}

/// A host event with its sequence number and protocol version: what is actually posted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HostMessage {
    /// The event (`type` and `data`).
    #[serde(flatten)]
    pub event: HostEvent,
    /// Increases by one per event per adapter instance, starting at 1.
    pub seq: u64,
    /// Host protocol version ([`crate::PROTOCOL_VERSION`]).
    pub v: u32,
    /// Posted again in answer to `Sync_Request` (with its original `seq`); absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replay: bool,
}

impl HostMessage {
    /// The JSON string that is passed to `postMessage`.
    pub fn to_json_string(&self) -> String {
        // Serializing plain structs and strings into a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// `Adapter_Ready` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdapterReadyData {
    /// Which adapter this is.
    pub adapter: AdapterKind,
    /// The adapter's release version.
    pub version: String,
    /// The host protocol version it speaks.
    pub protocol_version: u32,
}

/// `Agent_Login` / `Agent_Logout` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentData {
    /// The agent identifier.
    pub agent_id: u64,
    /// The custom identifier from the agent's profile, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_custom_id: Option<String>,
    /// The agent's email address.
    pub agent_email: String,
}

impl AgentData {
    /// The event data describing `agent`.
    pub fn from_profile(agent: &AgentProfile) -> Self {
        Self {
            agent_id: agent.id,
            agent_custom_id: agent.custom_id.clone(),
            agent_email: agent.email.clone(),
        }
    }
}

/// `New_Call` / `End_Call` / `Agent_Joined_Call` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CallData {
    /// The agent identifier.
    pub agent_id: u64,
    /// The custom identifier from the agent's profile, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_custom_id: Option<String>,
    /// The agent's email address.
    pub agent_email: String,
    /// The queue the call came from, when it came from a queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<u64>,
    /// The path of that queue, e.g. `Sales / FR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_path: Option<String>,
    /// The campaign, for campaign calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<u64>,
    /// The campaign name, for campaign calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_name: Option<String>,
    /// The call identifier.
    pub call_id: u64,
    /// The session type, e.g. `Voice Inbound`.
    pub session_type: String,
    /// The virtual agent involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_agent_id: Option<u64>,
    /// Variables the queue sends to the virtual agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub va_data_parameters: Option<serde_json::Value>,
    /// Variables the virtual agent sent back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_variable: Option<serde_json::Value>,
    /// Custom SIP headers of the incoming call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_sip_headers: Option<serde_json::Value>,
    /// Signed custom data from the customer's server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_secured: Option<serde_json::Value>,
    /// Unsigned custom data from the customer's web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_not_secured: Option<serde_json::Value>,
}

impl CallData {
    /// The event data for `call` handled by `agent`.
    pub fn new(agent: &AgentProfile, call: &CallView) -> Self {
        Self {
            agent_id: agent.id,
            agent_custom_id: agent.custom_id.clone(),
            agent_email: agent.email.clone(),
            queue_id: call.queue.as_ref().map(|q| q.id),
            queue_path: call.queue.as_ref().map(|q| q.path.clone()),
            campaign_id: None,
            campaign_name: None,
            call_id: call.id,
            session_type: call.session_type.clone(),
            virtual_agent_id: None,
            va_data_parameters: None,
            session_variable: None,
            custom_sip_headers: None,
            custom_data_secured: None,
            custom_data_not_secured: None,
        }
    }
}

/// `Call_Redaction_Started` / `Call_Redaction_Stopped` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RedactionData {
    /// The agent handling the call.
    pub agent_id: u64,
    /// The call.
    pub call_id: u64,
}

/// `New_Chat`, `Agent_Joined_Chat`, `Active_Chat` and `Dismissed_Chat` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatData {
    /// The chat identifier.
    pub chat_id: u64,
    /// The session type, e.g. `Messaging Inbound (Web Chat)`.
    pub session_type: String,
    /// The agent identifier.
    pub agent_id: u64,
    /// The custom identifier from the agent's profile, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_custom_id: Option<String>,
    /// The agent's email address.
    pub agent_email: String,
    /// The queue the chat came from, when it came from a queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<u64>,
    /// The path of that queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_path: Option<String>,
    /// The campaign, for campaign sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<u64>,
    /// The campaign name, for campaign sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_name: Option<String>,
    /// The virtual agent involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_agent_id: Option<u64>,
    /// Variables the queue sends to the virtual agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub va_data_parameters: Option<serde_json::Value>,
    /// Variables the virtual agent sent back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_variable: Option<serde_json::Value>,
    /// Signed custom data from the customer's server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_secured: Option<serde_json::Value>,
    /// Unsigned custom data from the customer's web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_not_secured: Option<serde_json::Value>,
}

impl ChatData {
    /// The event data for `chat` handled by `agent`.
    pub fn new(agent: &AgentProfile, chat: &ChatView) -> Self {
        Self {
            chat_id: chat.id,
            session_type: chat.session_type.clone(),
            agent_id: agent.id,
            agent_custom_id: agent.custom_id.clone(),
            agent_email: agent.email.clone(),
            queue_id: Some(chat.queue.id),
            queue_path: Some(chat.queue.path.clone()),
            campaign_id: None,
            campaign_name: None,
            virtual_agent_id: None,
            va_data_parameters: None,
            session_variable: None,
            custom_data_secured: None,
            custom_data_not_secured: None,
        }
    }
}

/// `Chat_Inbound_Message` / `Chat_Outbound_Message` data: the chat fields and the message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatMessageData {
    /// The chat, agent and queue.
    #[serde(flatten)]
    pub chat: ChatData,
    /// The message content.
    pub message: String,
}

impl ChatMessageData {
    /// The event data for `message` in `chat` handled by `agent`.
    pub fn new(agent: &AgentProfile, chat: &ChatView, message: &str) -> Self {
        Self {
            chat: ChatData::new(agent, chat),
            message: message.to_owned(),
        }
    }
}

/// `End_Chat` data. The seed's example sends `queue_id`, `queue_path` and `agent_custom_id` as
/// `null` when unknown, so these are always present here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EndChatData {
    /// The chat identifier.
    pub chat_id: u64,
    /// The session type.
    pub session_type: String,
    /// The agent identifier.
    pub agent_id: u64,
    /// The agent's email address.
    pub agent_email: String,
    /// The queue the chat came from, `null` when none.
    pub queue_id: Option<u64>,
    /// The path of that queue, `null` when none.
    pub queue_path: Option<String>,
    /// The agent's custom identifier, `null` when none.
    pub agent_custom_id: Option<String>,
    /// Signed custom data from the customer's server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_secured: Option<serde_json::Value>,
    /// Unsigned custom data from the customer's web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_not_secured: Option<serde_json::Value>,
}

impl EndChatData {
    /// The event data for `chat` handled by `agent`.
    pub fn new(agent: &AgentProfile, chat: &ChatView) -> Self {
        Self {
            chat_id: chat.id,
            session_type: chat.session_type.clone(),
            agent_id: agent.id,
            agent_email: agent.email.clone(),
            queue_id: Some(chat.queue.id),
            queue_path: Some(chat.queue.path.clone()),
            agent_custom_id: agent.custom_id.clone(),
            custom_data_secured: None,
            custom_data_not_secured: None,
        }
    }
}

/// `Transfer_Call` / `Transfer_Chat` data: who handed the session over, and to which agent
/// and/or queue. Exactly one of `call_id` and `chat_id` is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TransferData {
    /// The call transferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// The chat transferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// The session type, e.g. `Voice Inbound`.
    pub session_type: String,
    /// The campaign, for campaign calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<u64>,
    /// The campaign name, for campaign calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_name: Option<String>,
    /// The agent who transferred.
    pub from_agent_id: u64,
    /// Their custom id, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_agent_custom_id: Option<String>,
    /// Their email.
    pub from_agent_email: String,
    /// The agent it was transferred to (agent transfers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_agent_id: Option<u64>,
    /// Their custom id, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_agent_custom_id: Option<String>,
    /// Their email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_agent_email: Option<String>,
    /// The queue the session was in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_queue_id: Option<u64>,
    /// Its path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_queue_path: Option<String>,
    /// The queue it was transferred to (queue transfers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_queue_id: Option<u64>,
    /// Its path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_queue_path: Option<String>,
    /// The virtual agent involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_agent_id: Option<u64>,
    /// Signed custom data from the customer's server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_secured: Option<serde_json::Value>,
    /// Unsigned custom data from the customer's web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data_not_secured: Option<serde_json::Value>,
}

impl TransferData {
    /// The event data for `agent` moving `chat` from `from_queue` to `to_queue` (the receiving
    /// agent is not known yet, so `to_agent_*` are left out).
    pub fn to_queue(
        agent: &AgentProfile,
        chat: &ChatView,
        from_queue: &crate::api::QueueRef,
        to_queue: &crate::api::QueueRef,
    ) -> Self {
        Self {
            call_id: None,
            chat_id: Some(chat.id),
            session_type: chat.session_type.clone(),
            campaign_id: None,
            campaign_name: None,
            from_agent_id: agent.id,
            from_agent_custom_id: agent.custom_id.clone(),
            from_agent_email: agent.email.clone(),
            to_agent_id: None,
            to_agent_custom_id: None,
            to_agent_email: None,
            from_queue_id: Some(from_queue.id),
            from_queue_path: Some(from_queue.path.clone()),
            to_queue_id: Some(to_queue.id),
            to_queue_path: Some(to_queue.path.clone()),
            virtual_agent_id: None,
            custom_data_secured: None,
            custom_data_not_secured: None,
        }
    }

    /// The event data for `transfer` of `call`.
    pub fn for_call(call: &CallView, transfer: &CallTransfer) -> Self {
        let to_agent = transfer.to_agent.as_ref();
        Self {
            call_id: Some(call.id),
            chat_id: None,
            session_type: call.session_type.clone(),
            campaign_id: None,
            campaign_name: None,
            from_agent_id: transfer.from_agent.id,
            from_agent_custom_id: transfer.from_agent.custom_id.clone(),
            from_agent_email: transfer.from_agent.email.clone(),
            to_agent_id: to_agent.map(|a| a.id),
            to_agent_custom_id: to_agent.and_then(|a| a.custom_id.clone()),
            to_agent_email: to_agent.map(|a| a.email.clone()),
            from_queue_id: transfer.from_queue.as_ref().map(|q| q.id),
            from_queue_path: transfer.from_queue.as_ref().map(|q| q.path.clone()),
            to_queue_id: transfer.to_queue.as_ref().map(|q| q.id),
            to_queue_path: transfer.to_queue.as_ref().map(|q| q.path.clone()),
            virtual_agent_id: None,
            custom_data_secured: None,
            custom_data_not_secured: None,
        }
    }
}

/// `Party_Added` data: the party that joined. Exactly one of `call_id` and `chat_id` is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartyAddedData {
    /// The call joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// The chat joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// The session type.
    pub session_type: String,
    /// The campaign, for campaign calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<u64>,
    /// The campaign name, for campaign calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_name: Option<String>,
    /// The agent who joined (for `type` = `agent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<u64>,
    /// Their custom id, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_custom_id: Option<String>,
    /// Their email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_email: Option<String>,
    /// The session's queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<u64>,
    /// Its path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_path: Option<String>,
    /// The participant type: `agent` or `end_user`.
    #[serde(rename = "type")]
    pub party_type: String,
    /// The end user, for `type` = `end_user`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_user_id: Option<u64>,
}

impl PartyAddedData {
    /// An agent joined `call`.
    pub fn agent_joined_call(call: &CallView, agent: &AgentRef) -> Self {
        Self {
            call_id: Some(call.id),
            chat_id: None,
            session_type: call.session_type.clone(),
            campaign_id: None,
            campaign_name: None,
            agent_id: Some(agent.id),
            agent_custom_id: agent.custom_id.clone(),
            agent_email: Some(agent.email.clone()),
            queue_id: call.queue.as_ref().map(|q| q.id),
            queue_path: call.queue.as_ref().map(|q| q.path.clone()),
            party_type: "agent".to_owned(),
            end_user_id: None,
        }
    }
}

/// `CRM_Record_Pop` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CrmRecordPopData {
    /// The URL of the CRM record to show.
    #[serde(rename = "recordUrl")]
    pub record_url: String,
}

/// `Agent_Assist_Started` data. Every field is a string, as in the CCAI example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentAssistStartedData {
    /// The assist conversation (the Optimly conversation of the session).
    pub conversation_id: String,
    /// The queue of the session.
    pub queue_id: String,
    /// The agent.
    pub agent_id: String,
    /// The session (the chat id).
    pub session_id: String,
    /// The language of the queue, e.g. `en`.
    pub queue_language_id: String,
    /// When the assist started, `HH:MM:SS` (the agent's local time).
    pub timestamp: String,
}

/// `Cobrowse_Session_Started` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobrowseStartedData {
    /// The agent.
    pub agent_id: u64,
    /// The call, when the session started during a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// The chat, when the session started during a chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// The co-browse session.
    pub cobrowse_session_id: String,
    /// Who started it.
    pub cobrowse_session_requested_by: CobrowseParty,
    /// Remote control.
    pub cobrowse_session_remote_control: CobrowseMode,
    /// Full-device sharing.
    pub cobrowse_session_full_device: CobrowseMode,
}

/// `Cobrowse_Session_Remote_Control_Changed` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobrowseRemoteControlData {
    /// The agent.
    pub agent_id: u64,
    /// The call, for a session in a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// The chat, for a session in a chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// The co-browse session.
    pub cobrowse_session_id: String,
    /// Remote control now.
    pub cobrowse_session_remote_control: CobrowseMode,
}

/// `Cobrowse_Session_Full_Device_Changed` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobrowseFullDeviceData {
    /// The agent.
    pub agent_id: u64,
    /// The call, for a session in a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// The chat, for a session in a chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// The co-browse session.
    pub cobrowse_session_id: String,
    /// Full-device sharing now.
    pub cobrowse_session_full_device: CobrowseMode,
}

/// `Cobrowse_Session_Ended` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CobrowseEndedData {
    /// The agent.
    pub agent_id: u64,
    /// The call, for a session in a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// The chat, for a session in a chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// The co-browse session.
    pub cobrowse_session_id: String,
    /// Who started it.
    pub cobrowse_session_requested_by: CobrowseParty,
    /// Who ended it.
    pub cobrowse_session_ended_by: CobrowseParty,
    /// Remote control at the end.
    pub cobrowse_session_remote_control: CobrowseMode,
    /// Full-device sharing at the end.
    pub cobrowse_session_full_device: CobrowseMode,
}
