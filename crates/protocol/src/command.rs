//! Commands the embedding CRM page sends to the widget (`postMessage`), and the `Ack` / `Error`
//! events that answer them.
//!
//! A command is a JSON object — sent as a string, as events are, or as an object —
//! `{"type": "Set_Theme", "id": "c-17", "data": {...}}` with one of the types of
//! [`HostCommand`], an `id` the host chooses (1–64 printable characters, echoed in the answer),
//! and the command's `data`. Parsing is strict: unknown fields, wrong types or a missing `id`
//! are errors. Anything that is not a command envelope at all (another library's messages on
//! the same window) is [`Parsed::NotACommand`] and ignored.

use serde::{Deserialize, Serialize};

use crate::api::AgentStatus;

/// The largest message accepted, in bytes of its JSON text.
pub const MAX_COMMAND_BYTES: usize = 64 * 1024;

/// Longest command id.
pub const MAX_COMMAND_ID_CHARS: usize = 64;

/// A command from the host page: its `type` and `data`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "data")]
pub enum HostCommand {
    /// Re-post the events after `since_seq` and answer with the adapter's state.
    #[serde(rename = "Sync_Request")]
    SyncRequest(SyncRequest),
    /// Set the agent's status (available or break).
    #[serde(rename = "Set_Agent_Status")]
    SetAgentStatus(SetAgentStatus),
    /// Bring a call or chat to the front.
    #[serde(rename = "Focus_Session")]
    FocusSession(FocusSession),
    /// Set CSS custom properties (`--aa-…`) of the widget.
    #[serde(rename = "Set_Theme")]
    SetTheme(SetTheme),
    /// Log the agent out.
    #[serde(rename = "Logout")]
    Logout,
}

/// Every command type, as sent in `type`.
pub const COMMAND_TYPES: [&str; 5] = [
    "Sync_Request",
    "Set_Agent_Status",
    "Focus_Session",
    "Set_Theme",
    "Logout",
];

impl HostCommand {
    /// The type name, as sent in `type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::SyncRequest(_) => "Sync_Request",
            Self::SetAgentStatus(_) => "Set_Agent_Status",
            Self::FocusSession(_) => "Focus_Session",
            Self::SetTheme(_) => "Set_Theme",
            Self::Logout => "Logout",
        }
    }
}

/// What a host posts: the command and the id its answer carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommandMessage {
    /// The host's id for the command (1–64 printable characters).
    pub id: String,
    /// The command.
    #[serde(flatten)]
    pub command: HostCommand,
}

/// `Sync_Request` data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// The last `seq` the host received (0 for everything still kept).
    pub since_seq: u64,
}

/// `Set_Agent_Status` data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetAgentStatus {
    /// `available` or `break`.
    pub status: AgentStatus,
}

/// `Focus_Session` data: exactly one of the two ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FocusSession {
    /// A call of the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<u64>,
    /// A chat of the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<u64>,
}

/// `Set_Theme` data: a light or dark palette, and/or single custom properties on top of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetTheme {
    /// The palette: `light`, `dark`, or `system` (follow the agent's system setting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ThemeMode>,
    /// Custom property name (`--aa-color-primary`) → value (`#0b5cad`).
    #[serde(default)]
    pub vars: std::collections::BTreeMap<String, String>,
}

/// A palette of the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ThemeMode {
    /// The light palette.
    Light,
    /// The dark palette.
    Dark,
    /// Light or dark as the agent's system prefers (`prefers-color-scheme`).
    System,
}

impl ThemeMode {
    /// Parses the `theme` URL parameter (`light`, `dark`, `system`).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            "system" => Some(Self::System),
            _ => None,
        }
    }
}

/// A command with the id to answer it with.
#[derive(Clone, Debug, PartialEq)]
pub struct IdentifiedCommand {
    /// The host's id for the command.
    pub id: String,
    /// The command.
    pub command: HostCommand,
}

/// Why a command envelope was refused; answered with an `Error` event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError {
    /// The command's id.
    pub id: String,
    /// The command's `type` as sent.
    pub command: String,
    /// Stable code: `unknown_command`, `invalid_data`.
    pub code: &'static str,
    /// What is wrong, for the integrator.
    pub message: String,
}

/// What a message turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// A valid command.
    Command(IdentifiedCommand),
    /// A command envelope (it has a `type` and an `id`) that is wrong: answer with `Error`.
    Invalid(CommandError),
    /// Not a command envelope at all: ignore it.
    NotACommand,
}

/// Parses one message's JSON text.
pub fn parse_command(text: &str) -> Parsed {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Parsed::NotACommand;
    };
    let (Some(kind), Some(id)) = (
        value
            .get("type")
            .and_then(|t| t.as_str())
            .map(str::to_owned),
        value.get("id").and_then(|i| i.as_str()).map(str::to_owned),
    ) else {
        return Parsed::NotACommand;
    };
    let invalid = |code: &'static str, message: String| {
        Parsed::Invalid(CommandError {
            id: id.clone(),
            command: kind.clone(),
            code,
            message,
        })
    };
    if id.is_empty()
        || id.chars().count() > MAX_COMMAND_ID_CHARS
        || id.chars().any(char::is_control)
    {
        return invalid(
            "invalid_data",
            format!("id must be 1 to {MAX_COMMAND_ID_CHARS} printable characters"),
        );
    }
    if let Some(extra) = value.as_object().and_then(|o| {
        o.keys()
            .find(|k| !["type", "id", "data"].contains(&k.as_str()))
    }) {
        return invalid("invalid_data", format!("unknown field `{extra}`"));
    }
    if !COMMAND_TYPES.contains(&kind.as_str()) {
        return invalid(
            "unknown_command",
            format!(
                "unknown command type `{kind}`; known: {}",
                COMMAND_TYPES.join(", ")
            ),
        );
    }
    let data = value.as_object_mut().and_then(|o| o.remove("data"));
    let command = match read_command(&kind, data) {
        Ok(command) => command,
        Err(error) => return invalid("invalid_data", error.to_string()),
    };
    if let HostCommand::FocusSession(focus) = &command
        && focus.call_id.is_some() == focus.chat_id.is_some()
    {
        return invalid(
            "invalid_data",
            "give exactly one of call_id and chat_id".to_owned(),
        );
    }
    Parsed::Command(IdentifiedCommand { id, command })
}

/// The command of type `kind` with its `data` (already taken out of the envelope). Read by
/// type, rather than through `CommandMessage`'s derived reader, so that the widget carries no
/// buffering deserialiser for the envelope (the fields may come in any order).
fn read_command(
    kind: &str,
    data: Option<serde_json::Value>,
) -> Result<HostCommand, serde_json::Error> {
    fn data_of<T: serde::de::DeserializeOwned>(
        data: Option<serde_json::Value>,
    ) -> Result<T, serde_json::Error> {
        serde_json::from_value(data.ok_or_else(|| serde::de::Error::missing_field("data"))?)
    }
    Ok(match kind {
        "Sync_Request" => HostCommand::SyncRequest(data_of(data)?),
        "Set_Agent_Status" => HostCommand::SetAgentStatus(data_of(data)?),
        "Focus_Session" => HostCommand::FocusSession(data_of(data)?),
        "Set_Theme" => HostCommand::SetTheme(data_of(data)?),
        "Logout" => match data {
            None | Some(serde_json::Value::Null) => HostCommand::Logout,
            Some(_) => return Err(serde::de::Error::custom("`Logout` takes no data")),
        },
        other => return Err(serde::de::Error::unknown_variant(other, &COMMAND_TYPES)),
    })
}

/// Checks a `Set_Theme` variable: the name must be one of the widget's custom properties
/// (`--aa-` then lower-case letters, digits and dashes) and the value plain CSS without
/// anything that could load or run something (no `url(`, `expression(`, `@`, `;`, braces,
/// angle brackets, backslashes), at most 200 characters.
pub fn theme_variable_problem(name: &str, value: &str) -> Option<String> {
    let valid_name = name.len() <= 64
        && name.strip_prefix("--aa-").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if !valid_name {
        return Some(format!("`{name}` is not a widget custom property (--aa-…)"));
    }
    let lower = value.to_ascii_lowercase();
    let forbidden = [
        "url(",
        "expression(",
        "@",
        ";",
        "{",
        "}",
        "<",
        ">",
        "\\",
        "javascript:",
    ];
    if value.chars().count() > 200
        || value.chars().any(char::is_control)
        || forbidden.iter().any(|f| lower.contains(f))
    {
        return Some(format!("the value of `{name}` is not allowed"));
    }
    None
}

/// `Ack` data: the command succeeded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AckData {
    /// The command's id.
    pub id: String,
    /// The command's type.
    pub command: String,
    /// What the command returns (`Sync_Request`: the adapter's state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
}

/// `Error` data: the command failed or was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorData {
    /// The command's id.
    pub id: String,
    /// The command's type, as sent.
    pub command: String,
    /// Stable code: `unknown_command`, `invalid_data`, `not_signed_in`, `unknown_session`,
    /// `failed`.
    pub code: String,
    /// What is wrong.
    pub message: String,
}

impl From<CommandError> for ErrorData {
    fn from(error: CommandError) -> Self {
        Self {
            id: error.id,
            command: error.command,
            code: error.code.to_owned(),
            message: error.message,
        }
    }
}

/// The answer to `Sync_Request`: what the adapter shows now.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SyncState {
    /// The `seq` of the newest event posted.
    pub last_seq: u64,
    /// How many events were posted again.
    pub replayed: u64,
    /// Events after `since_seq` that are no longer kept (the host missed them for good).
    pub missing: u64,
    /// The signed-in agent, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<crate::host::AgentData>,
    /// Their status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AgentStatus>,
    /// The calls and chats the adapter shows, e.g. `{"call_id": 12, "state": "active"}`.
    #[serde(default)]
    pub sessions: Vec<serde_json::Value>,
}
