//! What the signed-in workspace lets the host page do through commands (`Set_Agent_Status`,
//! `Focus_Session`, `Logout`) and report (`Sync_Request`'s state: the calls or chats shown).

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::{AgentProfile, AgentStatus};
use protocol::host::AgentData;
use serde_json::json;

use crate::api;
use crate::auth::Auth;
use crate::host::HostHandle;
use crate::host_commands::{CommandTarget, SessionCommands};
use crate::state::call_desk::{CallDesk, CallPhase};
use crate::state::chat_desk::ChatDesk;
use crate::text;

/// The sessions an adapter shows: the call desk of a call adapter, the chat desk of a chat
/// adapter.
#[derive(Clone, Copy)]
pub enum Sessions {
    /// A call adapter's calls.
    Calls(RwSignal<CallDesk>),
    /// A chat adapter's chats.
    Chats(RwSignal<ChatDesk>),
    /// The supervisor view: none.
    None,
}

/// Registers the commands of a signed-in agent while the calling view lives.
pub fn register(
    agent: &AgentProfile,
    status: RwSignal<AgentStatus>,
    shown: Sessions,
    on_logout: Callback<()>,
) {
    let auth = Auth::expect();
    let host = HostHandle::expect();
    let desk = match shown {
        Sessions::Calls(desk) => Some(desk),
        _ => None,
    };
    let chats = match shown {
        Sessions::Chats(chats) => Some(chats),
        _ => None,
    };
    let chat_sessions = move || {
        chats
            .map(|chats| {
                chats.with_untracked(|desk| {
                    let offered = desk.offers().iter().map(|chat| {
                        json!({"chat_id": chat.id, "state": "offered",
                               "session_type": chat.session_type,
                               "queue_id": chat.queue.id, "queue_path": chat.queue.path})
                    });
                    let tabs = desk.tabs().into_iter().map(|tab| {
                        let state = if tab.closed { "closed" } else { "active" };
                        let chat = desk.chat(tab.chat_id);
                        json!({"chat_id": tab.chat_id, "state": state, "shown": tab.active,
                               "unread": tab.unread,
                               "session_type": chat.as_ref().map(|c| c.session_type.clone()),
                               "queue_id": chat.as_ref().map(|c| c.queue.id),
                               "queue_path": chat.as_ref().map(|c| c.queue.path.clone())})
                    });
                    offered.chain(tabs).collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    let call_sessions = move || {
        desk.map(|desk| {
            desk.with_untracked(|desk| match desk.phase() {
                CallPhase::Idle => Vec::new(),
                CallPhase::Ringing(call) | CallPhase::Active(call) => vec![json!({
                    "call_id": call.id,
                    "state": desk.phase().as_str(),
                    "session_type": call.session_type,
                    "queue_id": call.queue.as_ref().map(|q| q.id),
                    "queue_path": call.queue.as_ref().map(|q| q.path.clone()),
                })],
                phase @ CallPhase::WrapUp(_) => {
                    vec![json!({"call_id": phase.call_id(), "state": phase.as_str()})]
                }
            })
        })
        .unwrap_or_default()
    };
    let sessions = move || {
        let mut all = call_sessions();
        all.extend(chat_sessions());
        all
    };
    let set_status = move |wanted: AgentStatus, done: crate::host_commands::Done| {
        let auth = auth.clone();
        spawn_local(async move {
            match api::set_status(auth.token(), wanted).await {
                Ok(profile) => {
                    status.try_set(profile.status);
                    done(Ok(()));
                }
                Err(error) if auth.session_lost(&error) => {
                    done(Err(text::api_error_sentence(&error)))
                }
                Err(error) => done(Err(text::status_failed(&error))),
            }
        });
    };
    let focus = move |focus: &protocol::command::FocusSession| match (focus.chat_id, chats, desk) {
        (Some(chat_id), Some(chats), _) => {
            let known = chats.with_untracked(|desk| desk.chat(chat_id).is_some());
            if known {
                let events = chats
                    .try_update(|desk| desk.select(chat_id))
                    .unwrap_or_default();
                host.emit_all(events);
                focus_element(".aa-chat textarea");
            }
            known
        }
        (None, _, Some(desk)) => {
            let shown = desk.with_untracked(|desk| desk.phase().call_id());
            let found = focus.call_id.is_some() && focus.call_id == shown;
            if found {
                focus_element(".aa-call .aa-card");
            }
            found
        }
        _ => false,
    };
    CommandTarget::expect().register(SessionCommands {
        agent: AgentData::from_profile(agent),
        status: Rc::new(move || status.get_untracked()),
        sessions: Rc::new(sessions),
        set_status: Rc::new(set_status),
        focus: Rc::new(focus),
        logout: Rc::new(move || on_logout.run(())),
    });
}

/// Moves keyboard focus to the first element matching `selector` (the call card shown, the
/// chat's composer) once the view is up to date, so the agent can act on it at once.
fn focus_element(selector: &'static str) {
    // After the next render, which shows the session asked for.
    request_animation_frame(move || focus_now(selector));
}

fn focus_now(selector: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        if element.tab_index() < 0 {
            element.set_tab_index(-1);
        }
        let _ = element.focus();
    }
}
