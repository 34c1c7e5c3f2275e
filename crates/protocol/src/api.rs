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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The latest transfer of this call, when an agent transferred it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<CallTransfer>,
}

/// An agent as named in transfers and parties.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    /// Agent id.
    pub id: u64,
    /// Login email.
    pub email: String,
    /// Custom id from the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    /// "First Last".
    pub name: String,
}

/// A cold transfer: who handed the call over, to which agent or queue, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallTransfer {
    /// The agent who transferred.
    pub from_agent: AgentRef,
    /// The agent it was transferred to (agent transfers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_agent: Option<AgentRef>,
    /// The queue the call was in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_queue: Option<QueueRef>,
    /// The queue it was transferred to (queue transfers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_queue: Option<QueueRef>,
    /// When (Unix ms).
    pub at: i64,
}

impl CallTransfer {
    /// Who or where the call went, for people: the agent's name or the queue's path.
    pub fn destination(&self) -> String {
        match (&self.to_agent, &self.to_queue) {
            (Some(agent), _) => agent.name.clone(),
            (None, Some(queue)) => queue.path.clone(),
            (None, None) => String::new(),
        }
    }
}

/// `POST /api/v1/calls/{id}/transfer` body: where the call goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case", deny_unknown_fields)]
pub enum TransferRequest {
    /// To one agent, who must be available and free; rings at them first, then in the call's
    /// queue if they decline or do not answer.
    Agent {
        /// The agent.
        agent_id: u64,
    },
    /// To a queue: rings at its longest-idle available agent, waits there if nobody is free.
    Queue {
        /// The queue.
        queue_id: u64,
    },
}

/// `GET /api/v1/transfer-targets`: where the agent may transfer a call, with who is free.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferTargets {
    /// Every other agent who takes calls.
    pub agents: Vec<TransferAgent>,
    /// Every queue, with its free agents and waiting calls.
    pub queues: Vec<QueuePresence>,
}

/// One agent in [`TransferTargets`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferAgent {
    /// The agent.
    pub agent: AgentRef,
    /// Their status.
    pub status: AgentStatus,
    /// They have a call ringing or in progress, or are in after-call work.
    pub busy: bool,
}

impl TransferAgent {
    /// A call transferred to them now would ring at once.
    pub fn can_take_call(&self) -> bool {
        self.status == AgentStatus::Available && !self.busy
    }
}

/// A disposition code an agent may choose at wrap-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposition {
    /// Stable code stored and sent to the CRM, e.g. `sale`.
    pub code: String,
    /// What agents see, e.g. `Sale made`.
    pub label: String,
}

/// How an agent's part in a call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegOutcome {
    /// The call ended (either side hung up).
    Ended,
    /// The agent transferred the call.
    Transferred,
}

/// After-call work for one call the agent handled: pending until saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapUpView {
    /// The call.
    pub call_id: u64,
    /// Who called (display form).
    pub caller_display: String,
    /// The call's queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueRef>,
    /// When the agent answered (Unix ms).
    pub answered_at: i64,
    /// When the agent's part ended (Unix ms).
    pub ended_at: i64,
    /// Ended or transferred.
    pub outcome: LegOutcome,
    /// For transfers: the agent's name or the queue's path it went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transferred_to: Option<String>,
    /// The chosen disposition code, once saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<String>,
    /// The agent's notes, once saved.
    #[serde(default)]
    pub notes: String,
    /// When it was saved (Unix ms); `None` while pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<i64>,
}

/// `PUT /api/v1/calls/{id}/wrap-up` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrapUpRequest {
    /// One of the configured disposition codes.
    pub disposition: String,
    /// Free text, at most [`WRAP_UP_NOTES_MAX_CHARS`] characters.
    #[serde(default)]
    pub notes: String,
}

/// Longest wrap-up note accepted.
pub const WRAP_UP_NOTES_MAX_CHARS: usize = 2_000;

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
    /// Calls this agent handled whose wrap-up is not saved yet, oldest first.
    #[serde(default)]
    pub wrap_ups: Vec<WrapUpView>,
    /// The disposition codes offered at wrap-up.
    #[serde(default)]
    pub dispositions: Vec<Disposition>,
    /// Chats offered to this agent, in progress with them, or closed but not yet dismissed,
    /// each with its transcript.
    #[serde(default)]
    pub chats: Vec<crate::chat::ChatView>,
    /// The assist state of those chats that have one.
    #[serde(default)]
    pub assist: Vec<crate::assist::AssistView>,
    /// Whether the lead and appointment tools are available (Optimly is configured).
    #[serde(default)]
    pub tools: bool,
    /// Co-browse sessions going on in this agent's calls and chats.
    #[serde(default)]
    pub cobrowse: Vec<crate::cobrowse::CobrowseView>,
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
    /// The agent is wrapping up a call (offered nothing meanwhile).
    #[serde(default)]
    pub after_call_work: bool,
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
