//! Aimylogic Operator API wire types (seed `aimylogic-operator-api.txt`).
//!
//! The gateway is the Operator API server: Aimylogic calls `{apiUrl}/setWebhook`, `sendText`,
//! `sendFile`, `closeChat`, `selectDestination` and `getDestinations`, and the gateway posts the
//! agent's events ([`WebhookEvent`]) to the URL that `setWebhook` set. Field names are the
//! seed's, in camelCase.
//!
//! Where the seed's example and its parameter table disagree on a type (the example shows the
//! file `size` and `hasOnline` as strings, the table as integer and boolean), incoming JSON may
//! use either, and we always send the table's type.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `POST {apiUrl}/setWebhook` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetWebhookRequest {
    /// Where Aimylogic wants the agent's events.
    pub url: String,
}

/// `POST {apiUrl}/sendText` body: the client wrote to the agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendTextRequest {
    /// Client id on the Aimylogic platform.
    pub user_id: String,
    /// What the client wrote.
    pub text: String,
}

/// `POST {apiUrl}/sendFile` body: the client sent a file (as a download link).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendFileRequest {
    /// Client id.
    pub user_id: String,
    /// File download link.
    pub url: String,
    /// Name of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// File size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

/// `POST {apiUrl}/closeChat` body: the client closed the chat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloseChatRequest {
    /// Client id.
    pub user_id: String,
    /// The closing text, e.g. "The user closed the dialog".
    pub text: String,
}

/// `POST {apiUrl}/selectDestination` body: the bot hands the client over to an agent group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectDestinationRequest {
    /// Client id.
    pub user_id: String,
    /// The agent group (`destinationId` of `getDestinations`).
    pub destination_id: String,
    /// The client's name; agents see `{channel} {userId}` when it is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Pre-chat fields shown to the agent.
    #[serde(
        default,
        deserialize_with = "object_or_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes: Option<Map<String, Value>>,
    /// Pre-chat fields that are kept but never shown to the agent.
    #[serde(
        default,
        deserialize_with = "object_or_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub hidden_attributes: Option<Map<String, Value>>,
    /// Additional data for the agent.
    #[serde(
        default,
        deserialize_with = "object_or_json_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_data: Option<Map<String, Value>>,
}

/// The seed types `attributes`, `hiddenAttributes` and `customData` as "string" that "accepts
/// JSON in the {"key":"value"} form" while its example sends objects: accept both an object
/// and a string holding a JSON object; `null` reads as absent.
fn object_or_json_string<'de, D>(deserializer: D) -> Result<Option<Map<String, Value>>, D::Error>
where
    D: Deserializer<'de>,
{
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => Ok(Some(map)),
            _ => Err(de::Error::custom(
                "expected a JSON object or a string holding a JSON object",
            )),
        },
        Some(_) => Err(de::Error::custom(
            "expected a JSON object or a string holding a JSON object",
        )),
    }
}

/// `GET {apiUrl}/getDestinations` response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DestinationsResponse {
    /// Every agent group.
    pub destinations: Vec<Destination>,
}

/// One agent group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    /// Agent group id.
    pub destination_id: String,
    /// Agent group name.
    pub name: String,
    /// Whether an agent of the group can take a chat now.
    #[serde(deserialize_with = "bool_or_string")]
    pub has_online: bool,
}

/// The agent an event comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Employee {
    /// Agent id.
    pub employee_id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Link to the agent's avatar.
    pub avatar_url: String,
}

/// An event the gateway posts to the webhook set by `setWebhook`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum WebhookEvent {
    /// A text message from the agent.
    TextMessage(TextMessage),
    /// A file from the agent.
    FileMessage(FileMessage),
    /// The agent closed the chat.
    Closed(Closed),
    /// The chat was routed to another agent group.
    SelectDestination(SelectDestination),
}

impl WebhookEvent {
    /// The event's `id`.
    pub fn id(&self) -> &str {
        match self {
            Self::TextMessage(e) => &e.id,
            Self::FileMessage(e) => &e.id,
            Self::Closed(e) => &e.id,
            Self::SelectDestination(e) => &e.id,
        }
    }

    /// The client the event is for.
    pub fn user_id(&self) -> &str {
        match self {
            Self::TextMessage(e) => &e.user_id,
            Self::FileMessage(e) => &e.user_id,
            Self::Closed(e) => &e.user_id,
            Self::SelectDestination(e) => &e.user_id,
        }
    }

    /// The `type` spelling.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::TextMessage(_) => "TextMessage",
            Self::FileMessage(_) => "FileMessage",
            Self::Closed(_) => "Closed",
            Self::SelectDestination(_) => "SelectDestination",
        }
    }
}

/// `TextMessage` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextMessage {
    /// Message id.
    pub id: String,
    /// Client id.
    pub user_id: String,
    /// What the agent wrote.
    pub text: String,
    /// The agent.
    pub employee: Employee,
}

/// `FileMessage` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileMessage {
    /// Message id.
    pub id: String,
    /// Client id.
    pub user_id: String,
    /// File download link.
    pub url: String,
    /// The agent.
    pub employee: Employee,
    /// File name.
    pub name: String,
    /// File size in bytes.
    #[serde(deserialize_with = "u64_or_string")]
    pub size: u64,
    /// The agent's comment on the file.
    pub comment: String,
}

/// `Closed` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Closed {
    /// Event id.
    pub id: String,
    /// Client id.
    pub user_id: String,
    /// The agent who closed the chat.
    pub employee: Employee,
}

/// `SelectDestination` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectDestination {
    /// Event id.
    pub id: String,
    /// Client id.
    pub user_id: String,
    /// The agent group the chat goes to.
    pub destination: Destination,
    /// The agent who transferred the chat (the seed's example has none; we always send it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee: Option<Employee>,
}

fn u64_or_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| de::Error::custom("expected a non-negative integer")),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| de::Error::custom("expected a non-negative integer")),
        _ => Err(de::Error::custom("expected a non-negative integer")),
    }
}

fn bool_or_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Bool(b) => Ok(b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        _ => Err(de::Error::custom("expected true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_given_as_a_json_string_read_as_an_object() {
        let request: SelectDestinationRequest = serde_json::from_str(
            r#"{"userId":"u","destinationId":"1","attributes":"{\"plan\":\"gold\"}"}"#,
        )
        .expect("parses");
        assert_eq!(
            request.attributes.and_then(|a| a.get("plan").cloned()),
            Some(Value::String("gold".into()))
        );
    }

    #[test]
    fn attributes_that_are_neither_object_nor_json_object_string_are_rejected() {
        for bad in [r#""plain words""#, "[1,2]", "42"] {
            let body = format!(r#"{{"userId":"u","destinationId":"1","attributes":{bad}}}"#);
            assert!(
                serde_json::from_str::<SelectDestinationRequest>(&body).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_file_size_that_is_not_an_integer_is_rejected() {
        let body = r#"{"userId":"u","url":"http://x","size":"two"}"#;
        assert!(serde_json::from_str::<SendFileRequest>(body).is_err());
    }

    #[test]
    fn webhook_events_carry_their_type_name() {
        let event = WebhookEvent::Closed(Closed {
            id: "9".into(),
            user_id: "u".into(),
            employee: Employee {
                employee_id: "1".into(),
                first_name: "Kim".into(),
                last_name: "Lee".into(),
                avatar_url: String::new(),
            },
        });
        let json = serde_json::to_value(&event).expect("serializes");
        assert_eq!(json["type"], event.type_name());
        assert_eq!((event.id(), event.user_id()), ("9", "u"));
    }
}
