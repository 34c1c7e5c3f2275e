//! What the signed-in workspace lets the host page do through commands (`Set_Agent_Status`,
//! `Focus_Session`, `Logout`) and report (`Sync_Request`'s state).

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::{AgentProfile, AgentStatus};
use protocol::host::AgentData;
use serde_json::json;

use crate::api;
use crate::auth::Auth;
use crate::host_commands::{CommandTarget, SessionCommands};
use crate::state::call_desk::{CallDesk, CallPhase};
use crate::text;

/// Registers the commands of a signed-in agent while the calling view lives. `desk` is the
/// agent's calls (the sessions a call adapter shows and can focus).
pub fn register(
    agent: &AgentProfile,
    status: RwSignal<AgentStatus>,
    desk: Option<RwSignal<CallDesk>>,
    on_logout: Callback<()>,
) {
    let auth = Auth::expect();
    let sessions = move || {
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
    let focus = move |focus: &protocol::command::FocusSession| {
        let Some(desk) = desk else {
            return false;
        };
        let shown = desk.with_untracked(|desk| desk.phase().call_id());
        let found = focus.call_id.is_some() && focus.call_id == shown;
        if found {
            focus_card();
        }
        found
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

/// Moves keyboard focus to the call card shown, so the agent can act on it at once.
fn focus_card() {
    use wasm_bindgen::JsCast;
    let card = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".aa-call .aa-card").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(card) = card {
        card.set_tab_index(-1);
        let _ = card.focus();
    }
}
