//! Chats as the agent sees them: the gateway's REST bodies under `/api/v1/chats/...` and the
//! payloads of the chat stream events.
//!
//! A chat is one handoff from an Aimylogic bot (`selectDestination`) to an agent group. Times are
//! Unix milliseconds (UTC); ids are the gateway's integers (`chat_id` of host events).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::QueueRef;

/// Session type reported for chats handed off by a bot.
pub const SESSION_TYPE_CHAT_INBOUND: &str = "Messaging Inbound (Web Chat)";

/// Where a chat is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatState {
    /// Waiting for an agent of its destination.
    Queued,
    /// Offered to one agent, who has not accepted yet.
    Offered,
    /// Accepted; the agent and the client are talking.
    Active,
    /// Over (closed by the client or the agent).
    Closed,
}

impl ChatState {
    /// The wire spelling, also used for CSS modifiers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Offered => "offered",
            Self::Active => "active",
            Self::Closed => "closed",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "queued" => Some(Self::Queued),
            "offered" => Some(Self::Offered),
            "active" => Some(Self::Active),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

/// Who closed a chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClosedBy {
    /// The client (`closeChat`).
    Customer,
    /// The agent.
    Agent,
}

/// A chat as the agent sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatView {
    /// Internal chat id (`chat_id` in host events).
    pub id: u64,
    /// The Operator API channel it came through.
    pub channel: String,
    /// The client's id on the Aimylogic platform.
    pub user_id: String,
    /// The client's name, or `{channel} {userId}` when the bot sent none.
    pub user_name: String,
    /// The agent group (destination) it is in.
    pub queue: QueueRef,
    /// Lifecycle state.
    pub state: ChatState,
    /// Session type for host events.
    pub session_type: String,
    /// Pre-chat fields (`attributes`), values as text. Hidden attributes are never here.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Additional data from the bot (`customData`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<serde_json::Value>,
    /// When the bot handed the client over (Unix ms).
    pub created_at: i64,
    /// When the agent accepted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<i64>,
    /// When it was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<i64>,
    /// Who closed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<ClosedBy>,
    /// The transcript, oldest first.
    #[serde(default)]
    pub messages: Vec<ChatMessage>,
}

/// Who a transcript line comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageDirection {
    /// From the client.
    Inbound,
    /// From the agent.
    Outbound,
    /// From the gateway: "the client closed the chat", transfers, and the like.
    System,
}

/// A file attached to a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatFile {
    /// Download link (the client's link for inbound files, the gateway's for the agent's).
    pub url: String,
    /// File name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Size in bytes, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

/// How far an agent's message is on its way to the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryState {
    /// Waiting for its first delivery attempt.
    Pending,
    /// Aimylogic's webhook accepted it.
    Delivered,
    /// A delivery attempt failed; it is being retried.
    Retrying,
    /// Its retry window ended without a successful delivery (kept as a dead letter).
    Failed,
}

impl DeliveryState {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Retrying => "retrying",
            Self::Failed => "failed",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(Self::Pending),
            "delivered" => Some(Self::Delivered),
            "retrying" => Some(Self::Retrying),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// One line of a transcript.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Message id (also the `id` of the webhook event sent for it).
    pub id: u64,
    /// Who it comes from.
    pub direction: MessageDirection,
    /// The text (empty for a file without comment).
    pub text: String,
    /// The attached file, for file messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<ChatFile>,
    /// The agent who wrote it, for outbound messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<u64>,
    /// Delivery to the client, for what the gateway sends to Aimylogic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryState>,
    /// When it was received or written (Unix ms).
    pub created_at: i64,
}

/// Why an offered or accepted chat left an agent without ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatWithdrawReason {
    /// The agent declined the offer.
    Declined,
    /// The offer was not accepted within the ring timeout.
    OfferTimeout,
    /// The agent transferred it to another destination.
    Transferred,
    /// The agent went offline (logged out or their session expired) with the chat in
    /// progress; it waits for another agent of its destination.
    AgentOffline,
}

/// `POST /api/v1/chats/{id}/messages` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatTextRequest {
    /// What the agent writes.
    pub text: String,
}

/// `POST /api/v1/chats/{id}/transfer` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// The destination (queue) id to move the chat to.
    pub queue_id: u64,
}

/// `GET /api/v1/chats/destinations`: where a chat can be transferred.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DestinationView {
    /// The queue.
    pub queue: QueueRef,
    /// Whether one of its agents can take a chat now.
    pub has_online: bool,
}

/// One dead letter: an event the webhook never accepted within its retry window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadLetter {
    /// Outbox id.
    pub id: u64,
    /// The Operator API channel.
    pub channel: String,
    /// The chat, when the event belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// The event type (`TextMessage`, `FileMessage`, `Closed`, `SelectDestination`).
    pub event_type: String,
    /// The JSON body that was to be posted.
    pub payload: serde_json::Value,
    /// Delivery attempts made.
    pub attempts: u32,
    /// The last failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When it was queued (Unix ms).
    pub created_at: i64,
    /// When it was given up (Unix ms).
    pub failed_at: i64,
}
