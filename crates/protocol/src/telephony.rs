//! The telephony webhook: `POST /webhooks/telephony/{secret}` with a JSON body.
//!
//! ```json
//! {"event":"ringing","callerPhone":"0033612345678","destinationPhone":"0033123456789",
//!  "startDate":"2018-02-28 12:57:13","queue":"sales-fr","externalId":"pbx-8812"}
//! ```

use serde::{Deserialize, Serialize};

/// What the PBX reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TelephonyEventKind {
    /// A call started ringing and needs an agent.
    Ringing,
    /// The call ended on the telephony side (the caller hung up).
    Ended,
}

/// Body of the telephony webhook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TelephonyWebhook {
    /// `ringing` or `ended`.
    pub event: TelephonyEventKind,
    /// Caller number; absent, empty or `anonymous` for a private number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_phone: Option<String>,
    /// Number the caller dialled.
    pub destination_phone: String,
    /// Call start, `Y-m-d H:i:s` (UTC).
    pub start_date: String,
    /// Queue name; the first configured queue when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// Email of the agent the PBX already picked (routing strategy 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// The PBX's id for the call; repeated deliveries with the same id have no second effect.
    pub external_id: String,
}
