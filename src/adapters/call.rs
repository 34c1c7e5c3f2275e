//! The call adapter (290 × 600): idle, ringing, in call (with the transfer dialog), wrap-up.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::{AgentStatus, Disposition};

use crate::adapters::call_actions::{Job, run, verb};
use crate::adapters::call_context::CallContexts;
use crate::adapters::on_shortcut;
use crate::auth::Auth;
use crate::components::active_call::ActiveCall;
use crate::components::call_idle::CallIdle;
use crate::components::ringing_card::RingingCard;
use crate::components::transfer_panel::TransferPanel;
use crate::components::wrap_up_form::WrapUpForm;
use crate::host::HostHandle;
use crate::sound::{self, Chime};
use crate::state::call_desk::{CallAction, CallDesk, CallPhase};
use crate::state::cobrowse::CobrowseDesk;
use crate::state::crm_pops::CrmPops;
use crate::state::shortcuts::Shortcut;
use crate::text;

/// Shows the agent's calls from `desk` and runs the agent's requests about them, posting the
/// host events the desk returns. A screen-reader announcement is made when a call starts
/// ringing; the keyboard shortcuts of [`Shortcut`] work while the adapter has focus.
#[component]
pub fn CallAdapter(
    /// The agent's calls (also fed by the realtime stream).
    desk: RwSignal<CallDesk>,
    /// The agent's status.
    #[prop(into)]
    status: Signal<AgentStatus>,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
    /// The disposition codes offered at wrap-up.
    dispositions: Vec<Disposition>,
    /// The CRM state of the calls.
    crm: RwSignal<CrmPops>,
    /// Whether the lead and appointment tools are offered.
    #[prop(default = false)]
    tools: bool,
    /// The co-browse sessions of the calls, when the adapter follows them.
    #[prop(optional)]
    cobrowse: Option<RwSignal<CobrowseDesk>>,
) -> impl IntoView {
    let host = HostHandle::expect();
    let auth = Auth::expect();
    let phase = Memo::new(move |_| desk.with(CallDesk::phase));
    let busy = RwSignal::new(None::<CallAction>);
    // The failure message is tied to its call, so it disappears with that call.
    let failure = RwSignal::new(None::<(u64, String)>);
    let transfer_open = RwSignal::new(false);
    let queues = desk.with_untracked(|desk| desk.agent().queues.clone());
    // Which call is on screen and how: the cards are rebuilt only when this changes, not when a
    // context update changes the call (so focus, tabs and scroll positions stay).
    let shown = Memo::new(move |_| {
        desk.with(|desk| {
            let phase = desk.phase();
            (phase.as_str(), phase.call_id())
        })
    });
    let contexts = CallContexts::new(desk);

    let act = Callback::new(move |(job, call_id): (Job, u64)| {
        if busy.get_untracked().is_some() {
            return;
        }
        let action = job.action();
        busy.set(Some(action));
        failure.set(None);
        let auth = auth.clone();
        spawn_local(async move {
            let outcome = run(job, call_id, auth.token(), desk).await;
            busy.try_set(None);
            match outcome {
                Ok(events) => {
                    if action == CallAction::Transfer {
                        transfer_open.try_set(false);
                    }
                    host.emit_all(events);
                }
                Err(error) if auth.session_lost(&error) => {}
                Err(error) => {
                    let message = text::call_action_failed(verb(action), &error);
                    failure.try_set(Some((call_id, message)));
                }
            }
        });
    });
    let simple = move |action: CallAction, call_id: u64| act.run((Job::Simple(action), call_id));
    on_shortcut(Shortcut::from_key, move |shortcut| {
        match (shortcut, phase.get_untracked()) {
            (Shortcut::Answer, CallPhase::Ringing(call)) => simple(CallAction::Answer, call.id),
            (Shortcut::Decline, CallPhase::Ringing(call)) => simple(CallAction::Decline, call.id),
            (Shortcut::HangUp, CallPhase::Active(call)) => simple(CallAction::HangUp, call.id),
            (Shortcut::Hold, CallPhase::Active(call)) => {
                let on_hold = desk.with_untracked(|desk| desk.controls_of(call.id).on_hold);
                simple(CallAction::Hold(!on_hold), call.id);
            }
            (Shortcut::Transfer, CallPhase::Active(_)) => transfer_open.set(true),
            _ => {}
        }
    });
    let failure_for = move |call_id: u64| {
        Signal::derive(move || {
            failure
                .get()
                .filter(|(id, _)| *id == call_id)
                .map(|(_, message)| message)
        })
    };
    // A chime for each call that starts ringing, where the host allows sound.
    Effect::new(move |last: Option<Option<u64>>| {
        let ringing = phase.with(|phase| match phase {
            CallPhase::Ringing(call) => Some(call.id),
            _ => None,
        });
        if ringing.is_some() && last.flatten() != ringing {
            sound::play(Chime::Call);
        }
        ringing
    });
    let announcement = move || match phase.get() {
        CallPhase::Ringing(call) => text::ringing(&crate::format::caller(&call)),
        _ => String::new(),
    };

    view! {
        <section class=move || format!("aa-call aa-call--{}", phase.with(CallPhase::as_str))>
            <p class="aa-sr-only" aria-live="assertive">{announcement}</p>
            {move || {
                // Read, not just tracked: a memo that is never read never recomputes, and the
                // card would stay on its first phase.
                let _ = shown.get();
                match desk.with_untracked(CallDesk::phase) {
                CallPhase::Idle => {
                    let last = Signal::derive(move || desk.with(|desk| desk.last_call().cloned()));
                    view! { <CallIdle status=status queues=queues.clone() last=last /> }.into_any()
                }
                CallPhase::Ringing(call) => {
                    let id = call.id;
                    view! {
                        <RingingCard
                            call=call
                            now=now
                            busy=busy
                            error=failure_for(id)
                            on_answer=Callback::new(move |()| simple(CallAction::Answer, id))
                            on_decline=Callback::new(move |()| simple(CallAction::Decline, id))
                            context=contexts.context(id)
                            selected=contexts.selected(id)
                            on_select=contexts.select(id)
                        />
                    }
                    .into_any()
                }
                CallPhase::Active(call) => {
                    let id = call.id;
                    transfer_open.set(false);
                    let controls = Memo::new(move |_| desk.with(|desk| desk.controls_of(id)));
                    view! {
                        <ActiveCall
                            call=call
                            now=now
                            busy=busy
                            error=failure_for(id)
                            on_hang_up=Callback::new(move |()| simple(CallAction::HangUp, id))
                            controls=controls
                            on_hold=Callback::new(move |on| simple(CallAction::Hold(on), id))
                            on_redact=Callback::new(move |on| simple(CallAction::Redact(on), id))
                            on_transfer=Callback::new(move |()| transfer_open.set(true))
                            crm=Signal::derive(move || crm.with(|crm| crm.view(id).cloned()))
                            tools=tools
                            cobrowse=cobrowse
                            context=contexts.context(id)
                            selected=contexts.selected(id)
                            on_select=contexts.select(id)
                            change=contexts.change(id)
                        />
                        <Show when=move || transfer_open.get()>
                            <TransferPanel
                                busy=busy
                                error=failure_for(id)
                                on_transfer=Callback::new(move |request| act.run((Job::Transfer(request), id)))
                                on_close=Callback::new(move |()| transfer_open.set(false))
                            />
                        </Show>
                    }
                    .into_any()
                }
                CallPhase::WrapUp(wrap_up) => {
                    let id = wrap_up.call_id;
                    let more = Signal::derive(move || desk.with(|d| d.wrap_ups().len().saturating_sub(1)));
                    let taken_by = Signal::derive(move || desk.with(|d| d.taken_by(id).map(str::to_owned)));
                    view! {
                        <WrapUpForm
                            wrap_up=wrap_up
                            dispositions=dispositions.clone()
                            more=more
                            taken_by=taken_by
                            busy=busy
                            error=failure_for(id)
                            on_save=Callback::new(move |request| act.run((Job::WrapUp(request), id)))
                        />
                    }
                    .into_any()
                }
                }
            }}
        </section>
    }
}
