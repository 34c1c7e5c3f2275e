//! Signed in or not: restores a stored session, shows the sign-in form, or the workspace.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::AgentSnapshot;
use protocol::host::{AdapterKind, AgentData, HostEvent};

use crate::api;
use crate::clock::now_ms;
use crate::components::login_form::LoginForm;
use crate::components::screen::{Screen, ScreenTone};
use crate::components::workspace::Workspace;
use crate::host::HostHandle;
use crate::state::session::{SignOutReason, SignedIn, StoredSession};
use crate::text;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Restoring,
    RestoreFailed(StoredSession, String),
    SignedOut(Option<&'static str>),
    SignedIn(SignedIn),
}

/// The session flow. A token kept in `localStorage` is checked with `GET /api/v1/me` so a reload
/// needs no second sign-in; `Agent_Login` is posted after a sign-in and after a restore,
/// `Agent_Logout` when the session ends (logout, or a 401 anywhere).
#[component]
pub fn SessionGate(
    /// Which adapter runs once signed in.
    kind: AdapterKind,
) -> impl IntoView {
    let host = HostHandle::expect();
    let stored = StoredSession::load(now_ms());
    let phase = RwSignal::new(match stored {
        Some(_) => Phase::Restoring,
        None => Phase::SignedOut(None),
    });

    let signed_in = move |token: String, snapshot: AgentSnapshot| {
        host.emit(HostEvent::AgentLogin(AgentData::from_profile(
            &snapshot.agent,
        )));
        phase.set(Phase::SignedIn(SignedIn { token, snapshot }));
    };
    let restore = move |stored: StoredSession| {
        phase.set(Phase::Restoring);
        spawn_local(async move {
            match api::me(&stored.token).await {
                Ok(snapshot) => signed_in(stored.token, snapshot),
                Err(error) if error.is_unauthorized() => {
                    StoredSession::clear();
                    phase.set(Phase::SignedOut(Some(text::t().session_ended)));
                }
                Err(error) => phase.set(Phase::RestoreFailed(
                    stored,
                    text::api_error_sentence(&error),
                )),
            }
        });
    };
    if let Some(stored) = stored {
        restore(stored);
    }

    let on_signed_in = Callback::new(move |(stored, snapshot): (StoredSession, AgentSnapshot)| {
        stored.save();
        signed_in(stored.token, snapshot);
    });
    let on_sign_out = Callback::new(move |reason: SignOutReason| {
        let Phase::SignedIn(session) = phase.get_untracked() else {
            return;
        };
        host.emit(HostEvent::AgentLogout(AgentData::from_profile(
            &session.snapshot.agent,
        )));
        StoredSession::clear();
        phase.set(Phase::SignedOut(match reason {
            SignOutReason::LoggedOut => None,
            SignOutReason::Expired => Some(text::t().session_ended),
        }));
    });
    let start_over = move |_| {
        StoredSession::clear();
        phase.set(Phase::SignedOut(None));
    };

    move || {
        match phase.get() {
        Phase::Restoring => view! { <Screen tone=ScreenTone::Loading title=text::t().restoring /> }.into_any(),
        Phase::RestoreFailed(stored, message) => view! {
            <Screen tone=ScreenTone::Error title=text::t().restore_failed_title>
                <p class="aa-screen__lead">{message}</p>
                <div class="aa-screen__actions">
                    <button class="aa-btn aa-btn--primary" type="button" on:click=move |_| restore(stored.clone())>
                        {text::t().retry}
                    </button>
                    <button class="aa-btn aa-btn--ghost" type="button" on:click=start_over>
                        {text::t().sign_in_again}
                    </button>
                </div>
            </Screen>
        }
        .into_any(),
        Phase::SignedOut(notice) => view! { <LoginForm notice=notice on_signed_in=on_signed_in /> }.into_any(),
        Phase::SignedIn(session) => {
            view! { <Workspace kind=kind session=session on_sign_out=on_sign_out /> }.into_any()
        }
    }
    }
}
