//! The Optimly API (seed 002) as the gateway calls it: `POST /external/message/new-chat`,
//! `POST /external/agent/v2`, `POST /external/tools/lead-form`, `POST /external/tools/appointment`,
//! each with `Authorization: Bearer {agent API key}`.
//!
//! The seed documents the request fields and, for answers, only `chat_id` (new-chat),
//! `response` and `tools_executed` (agent/v2). Every other answer field is optional here, and
//! unknown fields are kept or ignored, never an error.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Path of the new-conversation endpoint.
pub const NEW_CHAT_PATH: &str = "/external/message/new-chat";
/// Path of the enhanced message endpoint.
pub const AGENT_PATH: &str = "/external/agent/v2";
/// Path of the lead capture tool.
pub const LEAD_FORM_PATH: &str = "/external/tools/lead-form";
/// Path of the appointment booking tool.
pub const APPOINTMENT_PATH: &str = "/external/tools/appointment";

/// Documented limits per API key: 100 requests a minute, 1,000 an hour, 10,000 a day.
pub const DOCUMENTED_LIMITS: [(u32, u64); 3] = [(100, 60), (1_000, 3_600), (10_000, 86_400)];

/// `new-chat` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewChatRequest {
    /// Our id of the customer.
    pub client_id: String,
}

/// `new-chat` answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewChatResponse {
    /// The conversation to use for the following messages.
    pub chat_id: String,
}

/// `agent/v2` body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentRequest {
    /// The conversation.
    pub chat_id: String,
    /// What the customer wrote.
    pub content: String,
    /// Context for the agent (channel, queue, pre-chat attributes).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,
}

/// `agent/v2` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentResponse {
    /// The AI agent's reply.
    pub response: String,
    /// Tools the AI agent ran on its own while answering.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub tools_executed: Vec<Value>,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
    Ok(Option::<Vec<Value>>::deserialize(d)?.unwrap_or_default())
}

/// `tools/lead-form` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadFormRequest {
    /// Full name.
    pub full_name: String,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// What the lead is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `tools/appointment` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentRequest {
    /// Who the appointment is for.
    pub name: String,
    /// Their email address.
    pub email: String,
    /// Day, `YYYY-MM-DD`.
    pub date: String,
    /// Start, `HH:MM`.
    pub time: String,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// Notes for the appointment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A tool's answer: the seed shows no fields, so a reference and a message are looked for
/// under the usual names and everything else is kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolResponse {
    /// Every field of the answer.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl ToolResponse {
    /// The id the tool gave the lead or appointment, when it gave one.
    pub fn reference(&self) -> Option<String> {
        ["id", "lead_id", "appointment_id", "booking_id", "reference"]
            .iter()
            .find_map(|key| match self.fields.get(*key) {
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            })
    }

    /// The tool's own sentence about what it did, when it wrote one.
    pub fn message(&self) -> Option<String> {
        ["message", "detail", "status"]
            .iter()
            .find_map(|key| match self.fields.get(*key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                _ => None,
            })
    }
}

/// The readable name of one `tools_executed` entry: a string as it is, an object by its
/// `name`, `tool` or `type`; `None` for anything else.
pub fn tool_name(entry: &Value) -> Option<String> {
    let name = match entry {
        Value::String(name) => Some(name.as_str()),
        Value::Object(object) => ["name", "tool", "type"]
            .iter()
            .find_map(|key| object.get(*key).and_then(Value::as_str)),
        _ => None,
    }?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.replace('_', " "))
}

/// The text of an error answer (`detail`, `error` or `message`, as FastAPI-style and other
/// servers write them), when there is one.
pub fn error_detail(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let found = ["detail", "error", "message"]
        .iter()
        .find_map(|key| value.get(*key))?;
    let text = match found {
        Value::String(s) => s.trim().to_owned(),
        other => other.to_string(),
    };
    (!text.is_empty()).then(|| text.chars().take(300).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_seeds_message_example_is_an_agent_request() {
        let body = json!({
            "chat_id": "conversation_123",
            "content": "Hello! I need help with pricing.",
            "metadata": {"source": "website", "user_tier": "premium"}
        });
        let request: AgentRequest = serde_json::from_value(body.clone()).expect("parses");
        assert_eq!(request.chat_id, "conversation_123");
        assert_eq!(serde_json::to_value(&request).expect("serializes"), body);
    }

    #[test]
    fn an_agent_request_without_metadata_leaves_the_field_out() {
        let request = AgentRequest {
            chat_id: "c".into(),
            content: "hi".into(),
            metadata: Map::new(),
        };
        let value = serde_json::to_value(&request).expect("serializes");
        assert_eq!(value, json!({"chat_id": "c", "content": "hi"}));
    }

    #[test]
    fn an_answer_without_tools_has_none() {
        let answer: AgentResponse =
            serde_json::from_str(r#"{"response":"Hi","tools_executed":null}"#).expect("parses");
        assert!(answer.tools_executed.is_empty());
        let answer: AgentResponse = serde_json::from_str(r#"{"response":"Hi"}"#).expect("parses");
        assert!(answer.tools_executed.is_empty());
    }

    #[test]
    fn the_seeds_lead_example_round_trips() {
        let body = json!({
            "full_name": "John Doe",
            "email": "john@example.com",
            "phone": "+1234567890",
            "company": "Acme Corp",
            "message": "Interested in your services"
        });
        let lead: LeadFormRequest = serde_json::from_value(body.clone()).expect("parses");
        assert_eq!(serde_json::to_value(&lead).expect("serializes"), body);
    }

    #[test]
    fn the_seeds_appointment_fields_are_the_request_fields() {
        let request = AppointmentRequest {
            name: "John Doe".into(),
            email: "john@example.com".into(),
            date: "2026-12-03".into(),
            time: "14:30".into(),
            duration_minutes: 30,
            notes: Some("Demo".into()),
        };
        let value = serde_json::to_value(&request).expect("serializes");
        let keys: Vec<&str> = value
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["date", "duration_minutes", "email", "name", "notes", "time"]
        );
    }

    #[test]
    fn tool_names_come_from_strings_and_objects() {
        assert_eq!(
            tool_name(&json!("lead_capture")).as_deref(),
            Some("lead capture")
        );
        assert_eq!(
            tool_name(&json!({"name": "appointment", "ok": true})).as_deref(),
            Some("appointment")
        );
        assert_eq!(tool_name(&json!(42)), None);
        assert_eq!(tool_name(&json!({"name": "  "})), None);
    }

    #[test]
    fn a_tool_answer_gives_its_reference_and_message() {
        let answer: ToolResponse =
            serde_json::from_str(r#"{"lead_id":"lead_17","message":"Lead saved"}"#)
                .expect("parses");
        assert_eq!(answer.reference().as_deref(), Some("lead_17"));
        assert_eq!(answer.message().as_deref(), Some("Lead saved"));
        let numbered: ToolResponse = serde_json::from_str(r#"{"id":12}"#).expect("parses");
        assert_eq!(numbered.reference().as_deref(), Some("12"));
    }

    #[test]
    fn error_details_are_read_from_the_usual_fields() {
        assert_eq!(
            error_detail(r#"{"detail":"Invalid chat_id"}"#).as_deref(),
            Some("Invalid chat_id")
        );
        assert_eq!(
            error_detail(r#"{"error":"bad key"}"#).as_deref(),
            Some("bad key")
        );
        assert_eq!(error_detail("<html>oops</html>"), None);
    }
}
