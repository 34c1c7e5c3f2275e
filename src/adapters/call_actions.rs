//! The requests the call adapter makes about a call, and how their answers change the desk.

use leptos::prelude::*;
use protocol::api::{TransferRequest, WrapUpRequest};
use protocol::host::HostEvent;

use crate::api::{self, ApiError};
use crate::state::call_desk::{CallAction, CallDesk};
use crate::text;

/// One request with what it needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Answer, decline, hang up, hold or redaction.
    Simple(CallAction),
    /// Hand the call over.
    Transfer(TransferRequest),
    /// Save the wrap-up.
    WrapUp(WrapUpRequest),
}

impl Job {
    /// The action shown as running while the request is in flight.
    pub fn action(&self) -> CallAction {
        match self {
            Self::Simple(action) => *action,
            Self::Transfer(_) => CallAction::Transfer,
            Self::WrapUp(_) => CallAction::SaveWrapUp,
        }
    }
}

/// Sends the request and applies its result to the desk; returns the host events to post.
pub async fn run(
    job: Job,
    call_id: u64,
    token: &str,
    desk: RwSignal<CallDesk>,
) -> Result<Vec<HostEvent>, ApiError> {
    let events = match job {
        Job::Simple(CallAction::Answer) => {
            let call = api::answer_call(token, call_id).await?;
            desk.try_update(|desk| desk.answer_succeeded(call))
        }
        Job::Simple(CallAction::Decline) => {
            api::decline_call(token, call_id).await?;
            desk.try_update(|desk| {
                desk.decline_succeeded(call_id);
                Vec::new()
            })
        }
        Job::Simple(CallAction::HangUp) => {
            let call = api::hangup_call(token, call_id).await?;
            desk.try_update(|desk| desk.hangup_succeeded(call))
        }
        // Hold, redaction and transfer change the call for every tab of the agent: only the
        // stream's events, which arrive in commit order, change the desk, so a late answer can
        // never undo a newer state or post a host event twice.
        Job::Simple(CallAction::Hold(on_hold)) => {
            api::set_hold(token, call_id, on_hold).await?;
            None
        }
        Job::Simple(CallAction::Redact(redacted)) => {
            api::set_redaction(token, call_id, redacted).await?;
            None
        }
        Job::Transfer(request) => {
            api::transfer_call(token, call_id, &request).await?;
            None
        }
        Job::WrapUp(request) => {
            let saved = api::save_wrap_up(token, call_id, &request).await?;
            desk.try_update(|desk| {
                desk.wrap_up_saved(saved.call_id);
                Vec::new()
            })
        }
        Job::Simple(CallAction::Transfer | CallAction::SaveWrapUp) => None,
    };
    Ok(events.unwrap_or_default())
}

/// The verb of [`text::call_action_failed`] for `action`.
pub fn verb(action: CallAction) -> &'static str {
    match action {
        CallAction::Answer => text::t().action_answer,
        CallAction::Decline => text::t().action_decline,
        CallAction::HangUp => text::t().action_hang_up,
        CallAction::Hold(true) => text::t().action_hold,
        CallAction::Hold(false) => text::t().action_resume,
        CallAction::Redact(true) => text::t().action_pause_recording,
        CallAction::Redact(false) => text::t().action_resume_recording,
        CallAction::Transfer => text::t().action_transfer,
        CallAction::SaveWrapUp => text::t().action_save_wrap_up,
    }
}
