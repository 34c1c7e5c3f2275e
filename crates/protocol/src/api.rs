//! The gateway's agent API (`/api/v1/...`): request and response bodies.
//!
//! Times are Unix milliseconds (UTC). Identifiers are the gateway's own integers, which are
//! also the `agent_id` / `call_id` of host events.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/login` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// The agent's email address (case-insensitive).
    pub email: String,
    /// The agent's password.
    pub password: String,
}

/// `POST /api/v1/auth/login` response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Bearer token for every other agent endpoint.
    pub token: String,
    /// When the token stops being accepted (Unix ms).
    pub expires_at: i64,
    /// Who logged in.
    pub agent: AgentProfile,
}

/// An agent as the widget sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentProfile {
    /// Internal agent id (`agent_id` in host events).
    pub id: u64,
    /// Login email (`agent_email` in host events).
    pub email: String,
    /// Optional custom id from the profile (`agent_custom_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// What the agent may see and do.
    pub role: AgentRole,
    /// Current availability.
    pub status: AgentStatus,
    /// Queues (agent groups) the agent takes calls and chats from.
    pub queues: Vec<QueueRef>,
}

impl AgentProfile {
    /// "First Last", or the email when both names are empty.
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name);
        let name = name.trim();
        if name.is_empty() {
            self.email.clone()
        } else {
            name.to_owned()
        }
    }
}

/// What an agent account may see and do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgentRole {
    /// Takes calls and chats.
    Agent,
    /// Also sees the team's presence and statistics.
    Supervisor,
}

/// Agent availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgentStatus {
    /// Takes calls and chats.
    Available,
    /// Logged in, takes nothing new.
    Break,
    /// Not logged in.
    Offline,
}

impl AgentStatus {
    /// The wire spelling, also used for CSS modifiers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Break => "break",
            Self::Offline => "offline",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "available" => Some(Self::Available),
            "break" => Some(Self::Break),
            "offline" => Some(Self::Offline),
            _ => None,
        }
    }
}

/// `PUT /api/v1/me/status` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusRequest {
    /// The new status; `offline` is only reached by logging out.
    pub status: AgentStatus,
}

/// A queue (agent group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRef {
    /// Internal queue id (`queue_id`).
    pub id: u64,
    /// Short name used by telephony and Aimylogic destinations.
    pub name: String,
    /// Menu path shown to agents and hosts (`queue_path`), e.g. `Sales / FR`.
    pub path: String,
}

/// Where a call is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallState {
    /// Ringing, waiting for an agent (queued or offered).
    Ringing,
    /// Answered and in progress.
    Active,
    /// Over.
    Ended,
}

impl CallState {
    /// The wire spelling, also used for CSS modifiers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ringing => "ringing",
            Self::Active => "active",
            Self::Ended => "ended",
        }
    }
}

/// Why a call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The caller hung up during the conversation.
    CallerHungUp,
    /// The agent hung up.
    AgentHungUp,
    /// The caller hung up before anyone answered.
    Abandoned,
}

/// A call as the agent sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallView {
    /// Internal call id (`call_id` in host events).
    pub id: u64,
    /// The telephony system's id for the call.
    pub external_id: String,
    /// Lifecycle state.
    pub state: CallState,
    /// Caller number in E.164, `None` for a private number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_phone: Option<String>,
    /// Caller number formatted for people ("Private number" when withheld).
    pub caller_display: String,
    /// Number the caller dialled, as telephony sent it.
    pub destination_phone: String,
    /// Queue the call came through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueRef>,
    /// Session type for host events (`Voice Inbound`).
    pub session_type: String,
    /// When the call started ringing (Unix ms).
    pub started_at: i64,
    /// When it was answered (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<i64>,
    /// When it ended (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
    /// Why it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<EndReason>,
    /// The caller is on hold.
    #[serde(default)]
    pub on_hold: bool,
    /// Time on hold before the current hold, in ms (add `now - hold_started_at` while held).
    #[serde(default)]
    pub hold_ms: i64,
    /// When the current hold began (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_started_at: Option<i64>,
    /// Recording is paused (redaction) so the caller can give sensitive data.
    #[serde(default)]
    pub redacted: bool,
    /// What Optico knows about the caller; absent when no Optico account is configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<CallerContext>,
}

/// Caller context from Optico: the web journey, cart and orders of the matching call(s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallerContext {
    /// Whether it is known yet.
    pub status: ContextStatus,
    /// Why it is unavailable (`status` = `unavailable`), for people, e.g.
    /// "Invalid API key `b7e2…`" or "Optico did not answer within 5 s".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Every matching Optico call (usually one; several when Optico matched several), with
    /// webhook updates applied.
    #[serde(default)]
    pub matches: Vec<crate::optico::CallMatch>,
}

/// Where the caller context lookup is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextStatus {
    /// `callStart` is in flight (or being retried).
    Loading,
    /// Known (`matches` may be empty: Optico has no record of this caller).
    Ready,
    /// Optico refused or failed; `reason` says why. The call itself is unaffected.
    Unavailable,
}

/// What a live update changed, so the widget can highlight it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContextChange {
    /// View, cart or order.
    pub kind: crate::optico::RealtimeType,
    /// Id of the view, cart or order that is new or changed.
    pub id: u64,
}

/// `PUT /api/v1/calls/{id}/hold` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoldRequest {
    /// `true` puts the caller on hold, `false` resumes.
    pub on_hold: bool,
}

/// `PUT /api/v1/calls/{id}/redaction` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RedactionRequest {
    /// `true` pauses the recording, `false` resumes it.
    pub redacted: bool,
}

/// `GET /api/v1/config`: public facts the widget needs before login.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdapterConfig {
    /// Origins allowed to embed the widget (exact `scheme://host[:port]`).
    pub allowed_origins: Vec<String>,
    /// Gateway release version.
    pub version: String,
    /// Host protocol version.
    pub protocol_version: u32,
    /// Seconds an offered call rings at one agent before it moves on.
    pub ring_timeout_secs: u32,
}

/// `POST /api/v1/stream/ticket` response: a short-lived, single-use credential for opening the
/// realtime stream (an `EventSource` cannot send an `Authorization` header).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreamTicket {
    /// Pass as `?ticket=` to `GET /api/v1/stream`.
    pub ticket: String,
    /// Seconds the ticket stays valid.
    pub expires_in_secs: u32,
}

/// Body of every error response of the gateway.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// Stable machine-readable code, e.g. `invalid_body`, `unauthorized`.
    pub error: String,
    /// What is wrong, for people.
    pub message: String,
}

/// `GET /api/v1/me`: everything a freshly loaded widget needs to restore its state.
///
/// `calls` and `last_event_id` are read in one transaction: opening the stream with
/// `?since=last_event_id` continues exactly where the snapshot ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentSnapshot {
    /// The logged-in agent.
    pub agent: AgentProfile,
    /// Calls ringing at this agent or in progress with them.
    pub calls: Vec<CallView>,
    /// Id of the newest stream event included in this snapshot (0 when none yet).
    pub last_event_id: u64,
    /// Chats offered to this agent, in progress with them, or closed but not yet dismissed,
    /// each with its transcript.
    #[serde(default)]
    pub chats: Vec<crate::chat::ChatView>,
}

/// `GET /api/v1/presence` (supervisors): who is available and what waits, per the gateway.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    /// Every configured agent.
    pub agents: Vec<AgentPresence>,
    /// Every configured queue.
    pub queues: Vec<QueuePresence>,
}

/// One agent in [`Presence`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentPresence {
    /// Agent id.
    pub id: u64,
    /// "First Last".
    pub name: String,
    /// Login email.
    pub email: String,
    /// Current status.
    pub status: AgentStatus,
    /// Since when (Unix ms).
    pub status_since: i64,
    /// A call is ringing at this agent.
    pub ringing: bool,
    /// The agent is in a call.
    pub on_call: bool,
}

/// One queue in [`Presence`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueuePresence {
    /// The queue.
    pub queue: QueueRef,
    /// Calls ringing in this queue that no agent has answered.
    pub waiting: u32,
    /// Agents of this queue that are available and not busy.
    pub available_agents: u32,
}
