//! The signed-in view: header, realtime stream, and the adapter's body.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::host::AdapterKind;
use protocol::stream::StreamEvent;

use crate::adapters::call::CallAdapter;
use crate::adapters::chat::ChatAdapter;
use crate::adapters::session_commands::{self, Sessions};
use crate::adapters::supervisor::SupervisorAdapter;
use crate::api;
use crate::auth::Auth;
use crate::clock::ticking_clock;
use crate::clock::{local_offset_minutes, now_ms};
use crate::components::agent_header::AgentHeader;
use crate::components::team_line::TeamLine;
use crate::format;
use crate::frame::FrameBatch;
use crate::host::HostHandle;
use crate::state::assist::{self, AssistDesk};
use crate::state::call_desk::CallDesk;
use crate::state::chat_desk::ChatDesk;
use crate::state::cobrowse::CobrowseDesk;
use crate::state::crm_pops::{CrmPops, SessionKind};
use crate::state::session::{SignOutReason, SignedIn};
use crate::stream::{ConnectionState, RealtimeStream, StreamCallbacks};

/// Everything after sign-in. Opens the realtime stream from the snapshot's last event id and
/// keeps it open while shown; stream events update the agent's status and, in the call adapter,
/// the calls, in the chat adapter the chats (posting the host events they cause). Provides
/// [`Auth`] to everything below.
#[component]
pub fn Workspace(
    /// Which adapter body to show.
    kind: AdapterKind,
    /// The token and the snapshot to start from.
    session: SignedIn,
    /// Called when the agent logs out or the gateway refuses the token.
    on_sign_out: Callback<SignOutReason>,
) -> impl IntoView {
    let host = HostHandle::expect();
    let SignedIn { token, snapshot } = session;
    let auth = Auth::new(
        &token,
        Callback::new(move |()| {
            on_sign_out.try_run(SignOutReason::Expired);
        }),
    );
    provide_context(auth.clone());

    let agent = snapshot.agent.clone();
    let status = RwSignal::new(agent.status);
    let desk = RwSignal::new(
        CallDesk::from_snapshot(agent.clone(), &snapshot.calls).with_wrap_ups(&snapshot.wrap_ups),
    );
    let dispositions = snapshot.dispositions.clone();
    let connection = RwSignal::new(ConnectionState::Connecting);
    let now = ticking_clock();
    let handles_calls = kind == AdapterKind::Call;
    let handles_chats = kind == AdapterKind::Chat;
    let chats = RwSignal::new(ChatDesk::from_snapshot(agent.clone(), &snapshot.chats));
    let assist = RwSignal::new(AssistDesk::from_snapshot(
        &snapshot.assist,
        assist::load_started(agent.id),
    ));
    let tools = snapshot.tools;
    let cobrowse = RwSignal::new(CobrowseDesk::new(
        if handles_chats {
            SessionKind::Chat
        } else {
            SessionKind::Call
        },
        &snapshot.cobrowse,
    ));
    let agent_id = agent.id;
    let crm = RwSignal::new(CrmPops::new(if handles_chats {
        SessionKind::Chat
    } else {
        SessionKind::Call
    }));

    // Chat events come in bursts: each is applied and posted to the host at once, and the
    // chat view renders them together before the next frame.
    let chats_changed = FrameBatch::new(move || chats.notify());
    let stream = RealtimeStream::start(
        token.clone(),
        snapshot.last_event_id,
        StreamCallbacks {
            on_event: Box::new(move |envelope| match envelope.event {
                StreamEvent::AgentStatusChanged { status: changed } => {
                    status.try_set(changed);
                }
                StreamEvent::AssistUpdated { assist: view } if handles_chats => {
                    let chat = chats.with_untracked(|chats| chats.chat(view.chat_id));
                    let time = format::clock_time_seconds(now_ms(), local_offset_minutes());
                    let events = assist
                        .try_update(|a| a.apply(&view, chat.as_ref(), agent_id, &time))
                        .unwrap_or_default();
                    if !events.is_empty() {
                        assist.with_untracked(|a| assist::save_started(agent_id, a.started()));
                    }
                    host.emit_all(events);
                }
                StreamEvent::CobrowseUpdated {
                    cobrowse: view,
                    change,
                } => {
                    let events = cobrowse
                        .try_update(|c| c.apply(&view, change, agent_id))
                        .unwrap_or_default();
                    host.emit_all(events);
                }
                StreamEvent::CrmUpdated { crm: view } => {
                    let events = crm.try_update(|crm| crm.apply(&view)).unwrap_or_default();
                    host.emit_all(events);
                }
                event if handles_calls => {
                    let events = desk
                        .try_update(|desk| desk.apply(&event))
                        .unwrap_or_default();
                    host.emit_all(events);
                }
                event if handles_chats => {
                    let events = chats
                        .try_update_untracked(|chats| chats.apply(&event))
                        .unwrap_or_default();
                    chats_changed.changed();
                    host.emit_all(events);
                }
                _ => {}
            }),
            on_state: Box::new(move |state| {
                connection.try_set(state);
            }),
            on_unauthorized: Box::new({
                let auth = auth.clone();
                move || auth.expire()
            }),
        },
    );
    // Owned by this view: dropping it (when the view goes away) closes the connection.
    let _stream = StoredValue::new_local(stream);

    let (logging_out, set_logging_out) = signal(false);
    let on_logout = Callback::new(move |()| {
        if logging_out.get_untracked() {
            return;
        }
        set_logging_out.set(true);
        let token = token.clone();
        spawn_local(async move {
            // The session ends here whatever the gateway says (a 401 means it already ended).
            if let Err(error) = api::logout(&token).await {
                leptos::logging::warn!("logout request failed: {error:?}");
            }
            on_sign_out.try_run(SignOutReason::LoggedOut);
        });
    });

    let shown = if handles_calls {
        Sessions::Calls(desk)
    } else if handles_chats {
        Sessions::Chats(chats)
    } else {
        Sessions::None
    };
    session_commands::register(&agent, status, shown, on_logout);

    let body = match kind {
        AdapterKind::Call => view! {
            <CallAdapter
                desk=desk
                status=status.read_only()
                now=now
                dispositions=dispositions
                crm=crm
                tools=tools
                cobrowse=cobrowse
            />
        }
        .into_any(),
        AdapterKind::Chat => {
            view! { <ChatAdapter desk=chats now=now crm=crm assist=assist tools=tools cobrowse=cobrowse /> }
                .into_any()
        }
        AdapterKind::Supervisor => view! { <SupervisorAdapter now=now /> }.into_any(),
    };

    view! {
        <div class="aa-workspace">
            <AgentHeader
                agent=agent
                kind=kind
                status=status
                connection=connection.read_only()
                logging_out=logging_out
                on_logout=on_logout
            />
            {(kind == AdapterKind::Call).then(|| view! { <TeamLine /> })}
            <main class="aa-main">{body}</main>
        </div>
    }
}
