//! Co-browsing: what the co-browse provider tells the gateway (`POST /webhooks/cobrowse/{secret}`),
//! what the agent sees of it, and the values of the CCAI `Cobrowse_Session_*` host events.
//!
//! A co-browse session belongs to one call or chat. The customer (or the agent) starts it; the
//! agent may then ask for remote control of the customer's page or for their full device, which
//! the customer accepts or rejects; either side (or the provider's API) ends it.

use serde::{Deserialize, Serialize};

use crate::crm::CrmSessionRef;

/// Where remote control or full-device sharing is (CCAI's values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum CobrowseMode {
    /// Granted.
    On,
    /// The customer refused.
    Rejected,
    /// The agent asked; the customer has not answered.
    Requested,
    /// Not in use.
    #[default]
    Off,
}

impl CobrowseMode {
    /// The wire spelling (also used for CSS modifiers).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::On => "on",
            Self::Rejected => "rejected",
            Self::Requested => "requested",
            Self::Off => "off",
        }
    }
}

/// Who started or ended a co-browse session. CCAI writes `end_user` in its examples and
/// `end-user` in its descriptions: both are read, `end_user` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CobrowseParty {
    /// The agent.
    #[serde(rename = "agent")]
    Agent,
    /// The customer.
    #[serde(rename = "end_user", alias = "end-user")]
    EndUser,
    /// The provider's API.
    #[serde(rename = "api")]
    Api,
}

/// What happened, in a provider webhook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CobrowseEventKind {
    /// A session started.
    SessionStarted,
    /// Remote control changed (requested, on, rejected, off).
    RemoteControlChanged,
    /// Full-device sharing changed.
    FullDeviceChanged,
    /// The session ended.
    SessionEnded,
}

/// The body of `POST /webhooks/cobrowse/{secret}`. Unknown fields are refused, so a provider
/// speaking another version is noticed at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CobrowseWebhook {
    /// What happened.
    pub event: CobrowseEventKind,
    /// The provider's session id.
    pub session_id: String,
    /// The call it belongs to (exactly one of `call_id` and `chat_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// The chat it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
    /// Who started it (`session_started`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<CobrowseParty>,
    /// Who ended it (`session_ended`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_by: Option<CobrowseParty>,
    /// Remote control now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_control: Option<CobrowseMode>,
    /// Full-device sharing now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_device: Option<CobrowseMode>,
}

impl CobrowseWebhook {
    /// The call or chat the session belongs to, or why the body does not say.
    pub fn session(&self) -> Result<CrmSessionRef, &'static str> {
        match (self.call_id, self.chat_id) {
            (Some(id), None) => Ok(CrmSessionRef::Call(id)),
            (None, Some(id)) => Ok(CrmSessionRef::Chat(id)),
            (Some(_), Some(_)) => Err("give either `call_id` or `chat_id`, not both"),
            (None, None) => Err("`call_id` or `chat_id` is required"),
        }
    }
}

/// A co-browse session as the agent sees it (`cobrowse_updated` stream events, the snapshot).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CobrowseView {
    /// The provider's session id.
    pub id: String,
    /// The call or chat.
    pub session: CrmSessionRef,
    /// Who started it.
    pub requested_by: CobrowseParty,
    /// Remote control.
    pub remote_control: CobrowseMode,
    /// Full-device sharing.
    pub full_device: CobrowseMode,
    /// Who ended it, once ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_by: Option<CobrowseParty>,
}

impl CobrowseView {
    /// Still going.
    pub fn active(&self) -> bool {
        self.ended_by.is_none()
    }
}

/// What a `cobrowse_updated` event changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CobrowseChange {
    /// It started.
    Started,
    /// Remote control changed.
    RemoteControl,
    /// Full-device sharing changed.
    FullDevice,
    /// It ended.
    Ended,
}

/// `POST /api/v1/cobrowse/{id}/{remote-control|full-device|end}`: what the agent asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CobrowseAsk {
    /// Control of the customer's page.
    RemoteControl,
    /// The customer's whole screen.
    FullDevice,
    /// End the session.
    End,
}

impl CobrowseAsk {
    /// The path segment.
    pub fn as_path(self) -> &'static str {
        match self {
            Self::RemoteControl => "remote-control",
            Self::FullDevice => "full-device",
            Self::End => "end",
        }
    }

    /// Parses the path segment.
    pub fn parse(segment: &str) -> Option<Self> {
        match segment {
            "remote-control" => Some(Self::RemoteControl),
            "full-device" => Some(Self::FullDevice),
            "end" => Some(Self::End),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_of_end_user_are_read_and_the_examples_one_is_written() {
        let dashed: CobrowseParty = serde_json::from_str("\"end-user\"").expect("parses");
        let underscored: CobrowseParty = serde_json::from_str("\"end_user\"").expect("parses");
        assert_eq!(dashed, CobrowseParty::EndUser);
        assert_eq!(underscored, CobrowseParty::EndUser);
        assert_eq!(
            serde_json::to_string(&CobrowseParty::EndUser).expect("serializes"),
            "\"end_user\""
        );
    }

    #[test]
    fn a_webhook_names_exactly_one_session() {
        let body = |extra: &str| {
            serde_json::from_str::<CobrowseWebhook>(&format!(
                r#"{{"event":"session_started","session_id":"cb-1"{extra}}}"#
            ))
            .expect("parses")
        };
        assert_eq!(
            body(r#","call_id":4"#).session(),
            Ok(CrmSessionRef::Call(4))
        );
        assert_eq!(
            body(r#","chat_id":9"#).session(),
            Ok(CrmSessionRef::Chat(9))
        );
        assert!(body(r#","call_id":4,"chat_id":9"#).session().is_err());
        assert!(body("").session().is_err());
    }

    #[test]
    fn unknown_webhook_fields_and_modes_are_refused() {
        let extra = r#"{"event":"session_started","session_id":"x","call_id":1,"colour":"red"}"#;
        assert!(serde_json::from_str::<CobrowseWebhook>(extra).is_err());
        let mode = r#"{"event":"remote_control_changed","session_id":"x","call_id":1,"remote_control":"maybe"}"#;
        assert!(serde_json::from_str::<CobrowseWebhook>(mode).is_err());
    }

    #[test]
    fn the_agents_asks_have_their_path_segments() {
        for ask in [
            CobrowseAsk::RemoteControl,
            CobrowseAsk::FullDevice,
            CobrowseAsk::End,
        ] {
            assert_eq!(CobrowseAsk::parse(ask.as_path()), Some(ask));
        }
        assert_eq!(CobrowseAsk::parse("takeover"), None);
    }
}
