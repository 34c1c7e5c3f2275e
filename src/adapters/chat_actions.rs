//! The requests the chat adapter makes about a chat, and how their answers change the desk.

use leptos::prelude::*;
use protocol::host::HostEvent;

use crate::api::{self, ApiError};
use crate::state::chat_desk::{ChatAction, ChatDesk};
use crate::text;

/// One request with what it needs.
#[derive(Clone, Debug, PartialEq)]
pub enum ChatJob {
    /// Take the offered chat.
    Accept,
    /// Refuse the offered chat.
    Decline,
    /// Send this text.
    Send(String),
    /// Send this file.
    SendFile(web_sys::File),
    /// Move the chat to this destination (queue id).
    Transfer(u64),
    /// End the chat.
    Close,
    /// Close the tab of the closed chat.
    Dismiss,
}

impl ChatJob {
    /// The action shown as running while the request is in flight.
    pub fn action(&self) -> ChatAction {
        match self {
            Self::Accept => ChatAction::Accept,
            Self::Decline => ChatAction::Decline,
            Self::Send(_) => ChatAction::Send,
            Self::SendFile(_) => ChatAction::SendFile,
            Self::Transfer(_) => ChatAction::Transfer,
            Self::Close => ChatAction::Close,
            Self::Dismiss => ChatAction::Dismiss,
        }
    }
}

/// Sends the request and applies its answer to the desk; returns the host events to post.
/// The stream reports the same changes: the desk posts each host event once, whichever of the
/// two arrives first.
pub async fn run(
    job: ChatJob,
    chat_id: u64,
    token: &str,
    desk: RwSignal<ChatDesk>,
) -> Result<Vec<HostEvent>, ApiError> {
    let events = match job {
        ChatJob::Accept => {
            let chat = api::accept_chat(token, chat_id).await?;
            desk.try_update(|desk| desk.accept_succeeded(&chat))
        }
        ChatJob::Decline => {
            api::decline_chat(token, chat_id).await?;
            desk.try_update(|desk| {
                desk.decline_succeeded(chat_id);
                Vec::new()
            })
        }
        ChatJob::Send(text) => {
            let message = api::send_chat_text(token, chat_id, &text).await?;
            desk.try_update(|desk| desk.send_succeeded(chat_id, &text, &message))
        }
        ChatJob::SendFile(file) => {
            let message = api::send_chat_file(token, chat_id, &file, "").await?;
            desk.try_update(|desk| desk.send_succeeded(chat_id, "", &message))
        }
        ChatJob::Transfer(queue_id) => {
            let chat = api::transfer_chat(token, chat_id, queue_id).await?;
            desk.try_update(|desk| desk.transfer_succeeded(&chat))
        }
        ChatJob::Close => {
            let chat = api::close_chat(token, chat_id).await?;
            desk.try_update(|desk| desk.close_succeeded(&chat))
        }
        ChatJob::Dismiss => {
            api::dismiss_chat(token, chat_id).await?;
            desk.try_update(|desk| desk.dismiss_succeeded(chat_id))
        }
    };
    Ok(events.unwrap_or_default())
}

/// The verb of [`text::chat_action_failed`] for `action`.
pub fn verb(action: ChatAction) -> &'static str {
    match action {
        ChatAction::Accept => text::t().action_accept_chat,
        ChatAction::Decline => text::t().action_decline_chat,
        ChatAction::Send => text::t().action_send,
        ChatAction::SendFile => text::t().action_send_file,
        ChatAction::Transfer => text::t().action_transfer_chat,
        ChatAction::Close => text::t().action_close_chat,
        ChatAction::Dismiss => text::t().action_dismiss_chat,
    }
}
