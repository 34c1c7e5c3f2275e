//! Events of the per-agent realtime stream (`GET /api/v1/stream`, server-sent events).
//!
//! Each SSE message has `id: <StreamEnvelope::id>` and `data: <StreamEnvelope as JSON>`. Ids
//! increase monotonically per gateway; reconnecting with `Last-Event-ID` or `?since=` replays
//! every event after that id, also across gateway restarts.

use std::fmt;

use serde::de::{Error, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::api::{
    AgentRef, AgentStatus, CallTransfer, CallView, CallerContext, ContextChange, WrapUpView,
};
use crate::assist::AssistView;
use crate::chat::{ChatMessage, ChatView, ChatWithdrawReason, DeliveryState};
use crate::cobrowse::{CobrowseChange, CobrowseView};
use crate::crm::CrmSessionView;
use crate::tag_first::{FromFields, read_tag};
use crate::tag_first_enum;

/// One stream event with its id: `{"id": 7, "type": "call_offered", "call": …}`, the id and the
/// tag before the event's fields (the gateway writes them so; see [`crate::tag_first`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StreamEnvelope {
    /// Monotonic event id.
    pub id: u64,
    /// The event.
    #[serde(flatten)]
    pub event: StreamEvent,
}

tag_first_enum! {
    /// What happened.
    #[derive(Clone, Debug, PartialEq)]
    pub enum StreamEvent (tag = "type") {
        /// A call rings at this agent.
        CallOffered {
            /// The call.
            call: CallView,
        },
        /// This agent answered the call.
        CallAnswered {
            /// The call.
            call: CallView,
        },
        /// A call in progress with this agent changed: put on hold or resumed, recording paused or
        /// resumed.
        CallUpdated {
            /// The call.
            call: CallView,
        },
        /// A call this agent was offered or handled ended.
        CallEnded {
            /// The call.
            call: CallView,
        },
        /// A call that rang at this agent was taken away (declined, timed out, or another agent
        /// took it) without ending.
        CallWithdrawn {
            /// The call.
            call: CallView,
            /// Why it was withdrawn.
            reason: WithdrawReason,
        },
        /// The caller context of a call ringing at or handled by this agent changed: the Optico
        /// lookup finished or failed, or a webhook brought a new view, cart or order.
        CallContextUpdated {
            /// The call.
            call_id: u64,
            /// The whole context, as it is now.
            context: CallerContext,
            /// What changed, when a live update caused it.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            change: Option<ContextChange>,
        },
        /// The agent's status changed (here or in another tab).
        AgentStatusChanged {
            /// The new status.
            status: AgentStatus,
        },
        /// This agent transferred the call they were in: their part is over (it now rings
        /// elsewhere) and their wrap-up is pending.
        CallTransferred {
            /// The call, as it is now (ringing at or queued for its new destination).
            call: CallView,
            /// Where it went.
            transfer: CallTransfer,
        },
        /// Another agent joined a call this agent handled (the agent it was transferred to
        /// answered).
        CallPartyAdded {
            /// The call, as it is now.
            call: CallView,
            /// Who joined.
            agent: AgentRef,
        },
        /// This agent saved the wrap-up of a call (here or in another tab).
        WrapUpSaved {
            /// The saved wrap-up.
            wrap_up: WrapUpView,
        },
        /// A chat is offered to this agent.
        ChatOffered {
            /// The chat, with its transcript so far.
            chat: ChatView,
        },
        /// This agent accepted the chat.
        ChatAccepted {
            /// The chat.
            chat: ChatView,
        },
        /// A new transcript line in a chat of this agent (client, agent or system).
        ChatMessage {
            /// The chat.
            chat_id: u64,
            /// The new line.
            message: ChatMessage,
        },
        /// A chat of this agent changed in another way than a new message.
        ChatUpdated {
            /// The chat.
            chat: ChatView,
        },
        /// A chat of this agent was closed (by the client or the agent).
        ChatEnded {
            /// The chat.
            chat: ChatView,
        },
        /// A chat left this agent without ending: declined, not accepted in time, or transferred.
        ChatWithdrawn {
            /// The chat.
            chat: ChatView,
            /// Why.
            reason: ChatWithdrawReason,
        },
        /// The agent dismissed a closed chat's tab (here or in another tab of the widget).
        ChatDismissed {
            /// The chat.
            chat_id: u64,
        },
        /// An agent's message progressed on its way to the client.
        MessageDelivery {
            /// The chat.
            chat_id: u64,
            /// The message.
            message_id: u64,
            /// Where its delivery is now.
            delivery: DeliveryState,
        },
        /// The CRM side of a call or chat of this agent changed: the lookup is pending, retrying,
        /// ready (with the record URL to pop) or failed; the custom lookup URL to open or copy.
        CrmUpdated {
            /// The session's CRM state, as it is now.
            crm: CrmSessionView,
        },
        /// The AI suggestion of a chat of this agent changed: asked, ready, or unavailable.
        AssistUpdated {
            /// The chat's assist state, as it is now.
            assist: AssistView,
        },
        /// A co-browse session in a call or chat of this agent started, changed or ended.
        CobrowseUpdated {
            /// The session, as it is now.
            cobrowse: CobrowseView,
            /// What changed.
            change: CobrowseChange,
        },
    }
}

impl<'de> Deserialize<'de> for StreamEnvelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor)
    }
}

/// Reads `id` and `type` (in either order) and then the event's fields, with no buffer.
struct EnvelopeVisitor;

impl<'de> Visitor<'de> for EnvelopeVisitor {
    type Value = StreamEnvelope;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a stream event: `id` and `type`, then its fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StreamEnvelope, A::Error> {
        let (mut id, mut variant) = (None, None);
        loop {
            if let (Some(id), Some(variant)) = (id, variant.as_deref()) {
                return Ok(StreamEnvelope {
                    id,
                    event: StreamEvent::from_fields(variant, map)?,
                });
            }
            let Some(key) = map.next_key::<String>()? else {
                return Err(A::Error::missing_field(if id.is_none() {
                    "id"
                } else {
                    "type"
                }));
            };
            if key == "id" && id.is_none() {
                id = Some(map.next_value::<u64>()?);
            } else {
                variant = Some(read_tag(&mut map, &key, StreamEvent::TAG)?);
            }
        }
    }
}

/// Why an offered call left an agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawReason {
    /// The agent declined it.
    Declined,
    /// It rang past the ring timeout.
    RingTimeout,
}

/// One server-sent event as a client of the stream reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseFrame {
    /// Its `id:` line, if any.
    pub id: Option<String>,
    /// Its `data:` lines, joined with newlines.
    pub data: String,
}

/// Takes the next complete event off the front of `buffer` (what a client has read so far),
/// skipping frames without data (keep-alive comments); `None` until a whole event is there.
pub fn next_sse_frame(buffer: &mut String) -> Option<SseFrame> {
    while let Some(end) = buffer.find("\n\n") {
        let frame: String = buffer.drain(..end + 2).collect();
        let data: Vec<&str> = frame
            .lines()
            .filter_map(|line| line.strip_prefix("data:"))
            .map(str::trim_start)
            .collect();
        if data.is_empty() {
            continue;
        }
        let id = frame
            .lines()
            .find_map(|line| line.strip_prefix("id:"))
            .map(|id| id.trim().to_owned());
        return Some(SseFrame {
            id,
            data: data.join("\n"),
        });
    }
    None
}
