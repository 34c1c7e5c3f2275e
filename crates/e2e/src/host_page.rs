//! What the demo host page received from the adapters (`window.__adapterEvents`).

use serde::Deserialize;
use serde_json::Value;

use crate::{Browser, eventually};

/// One message the host page accepted, as it recorded it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedMessage {
    /// `event.origin`.
    pub origin: String,
    /// `event.data` exactly as received (adapters post JSON strings).
    pub data: Value,
    /// When the page received it (`Date.now()`).
    pub received_at: f64,
    /// Which iframe posted it (`call` or `chat`), as the page worked out from `event.source`.
    #[serde(default)]
    pub adapter: Option<String>,
}

impl ReceivedMessage {
    /// `data` parsed as JSON, when it is a string holding JSON.
    pub fn parsed(&self) -> Option<Value> {
        self.data
            .as_str()
            .and_then(|text| serde_json::from_str(text).ok())
    }

    /// The event's `type`, when `data` is a JSON string with one.
    pub fn event_type(&self) -> Option<String> {
        self.parsed()?.get("type")?.as_str().map(str::to_owned)
    }

    /// Whether the call adapter posted it.
    pub fn is_from_call_adapter(&self) -> bool {
        self.adapter.as_deref() == Some("call")
    }

    /// Whether the chat adapter posted it.
    pub fn is_from_chat_adapter(&self) -> bool {
        self.adapter.as_deref() == Some("chat")
    }
}

/// The events of one adapter (`from`, e.g. [`ReceivedMessage::is_from_call_adapter`]) among
/// `messages`, parsed, after checking that every message the page accepted came from the
/// gateway's origin as a JSON string the protocol understands.
pub fn adapter_events(
    messages: &[ReceivedMessage],
    gateway_origin: &str,
    from: fn(&ReceivedMessage) -> bool,
) -> anyhow::Result<Vec<Value>> {
    for message in messages {
        anyhow::ensure!(
            message.origin == gateway_origin,
            "message from {}",
            message.origin
        );
        let text = message
            .data
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("not a string: {message:?}"))?;
        serde_json::from_str::<protocol::host::HostMessage>(text)
            .map_err(|e| anyhow::anyhow!("not a host message ({e}): {text}"))?;
    }
    messages
        .iter()
        .filter(|message| from(message))
        .map(|message| {
            message
                .parsed()
                .ok_or_else(|| anyhow::anyhow!("unparsable message"))
        })
        .collect()
}

/// Everything the host page has accepted so far. The browser must be in the top-level page.
pub async fn received_messages(browser: &Browser) -> anyhow::Result<Vec<ReceivedMessage>> {
    let value = browser
        .client()
        .execute("return window.__adapterEvents || [];", vec![])
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// Waits until the host page has accepted a message of `event_type` that satisfies `matches`,
/// then returns everything it has accepted.
pub async fn wait_for_event(
    browser: &Browser,
    event_type: &str,
    matches: impl Fn(&ReceivedMessage) -> bool,
) -> anyhow::Result<Vec<ReceivedMessage>> {
    eventually(
        &format!("the host page to receive {event_type}"),
        || async {
            let messages = received_messages(browser).await?;
            let found = messages.iter().any(|message| {
                message.event_type().as_deref() == Some(event_type) && matches(message)
            });
            Ok(found.then_some(messages))
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(data: Value) -> ReceivedMessage {
        ReceivedMessage {
            origin: "http://127.0.0.1:1".to_owned(),
            data,
            received_at: 0.0,
            adapter: Some("call".to_owned()),
        }
    }

    #[test]
    fn a_json_string_is_parsed_and_typed() {
        let received = message(Value::String(r#"{"type":"New_Call","seq":3}"#.to_owned()));
        assert_eq!(received.event_type().as_deref(), Some("New_Call"));
        assert!(received.is_from_call_adapter());
    }

    #[test]
    fn an_object_instead_of_a_string_has_no_type() {
        let received = message(serde_json::json!({"type": "New_Call"}));
        assert_eq!(received.event_type(), None);
    }
}
