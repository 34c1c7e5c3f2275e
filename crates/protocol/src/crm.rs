//! What the gateway tells the widget about the CRM side of a session (the `crm_updated` stream
//! event), and the CRM dead letters supervisors can list.

use serde::{Deserialize, Serialize};

/// Which session a CRM state belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum CrmSessionRef {
    /// A call.
    Call(u64),
    /// A chat.
    Chat(u64),
}

/// Where the account and record lookup of a session is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrmLookupState {
    /// Queued or in progress: the pop is not there yet.
    Pending,
    /// A CRM call failed and will be retried; the pop is late.
    Retrying,
    /// The record is known (`record_url` is set when a record lookup URL is configured).
    Ready,
    /// Given up: the CRM refused, or the retry window ended.
    Failed,
    /// The CRM API is not configured: only the custom lookup URL applies.
    NotConfigured,
}

/// The CRM side of one session, as the widget shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrmSessionView {
    /// The session.
    pub session: CrmSessionRef,
    /// Lookup state.
    pub state: CrmLookupState,
    /// The custom lookup URL for "Open" and "Copy" (empty parameters already left out). Only
    /// in `GET /api/v1/crm/sessions/{call|chat}/{id}` while the session is open: stream events,
    /// which are kept for replay, leave it out (it holds the caller's number or email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_url: Option<String>,
    /// The CRM account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The CRM record id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    /// The account page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_url: Option<String>,
    /// The record page: what the widget posts as `CRM_Record_Pop {recordUrl}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_url: Option<String>,
    /// No contact was found (the account was created for this session): the "Open Custom URL"
    /// screen pop to open, with the account id and phone number filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screen_pop_url: Option<String>,
    /// Why the lookup is retrying or failed, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One CRM call given up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrmDeadLetter {
    /// Job id.
    pub id: u64,
    /// The session.
    pub session: CrmSessionRef,
    /// The flow step (`link`, `comment`, `update`, `upload`).
    pub step: String,
    /// What the step was to send (the session's variables and the step's text).
    pub payload: serde_json::Value,
    /// Attempts made.
    pub attempts: u32,
    /// The last failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When it was queued (Unix ms).
    pub created_at: i64,
    /// When it was given up (Unix ms).
    pub failed_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crm_view_serialises_the_session_as_kind_and_id_and_omits_unknowns() {
        let view = CrmSessionView {
            session: CrmSessionRef::Call(7),
            state: CrmLookupState::Ready,
            lookup_url: None,
            account_id: Some("12".into()),
            record_id: Some("34".into()),
            account_url: None,
            record_url: Some("http://crm/records/34".into()),
            screen_pop_url: None,
            error: None,
        };
        assert_eq!(
            serde_json::to_value(&view).expect("serialises"),
            serde_json::json!({"session": {"kind": "call", "id": 7}, "state": "ready",
                "account_id": "12", "record_id": "34", "record_url": "http://crm/records/34"})
        );
    }
}
