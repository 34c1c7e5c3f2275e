//! The call adapter (290 × 600): idle, ringing, in call.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::AgentStatus;
use protocol::host::HostEvent;

use crate::adapters::call_context::CallContexts;
use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::components::active_call::ActiveCall;
use crate::components::call_idle::CallIdle;
use crate::components::ringing_card::RingingCard;
use crate::host::HostHandle;
use crate::state::call_desk::{CallAction, CallDesk, CallPhase};
use crate::text;

/// Shows the agent's calls from `desk` and runs their answer / decline / hang-up / hold /
/// redaction requests, posting the host events the desk returns. A screen-reader announcement is
/// made when a call starts ringing.
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
) -> impl IntoView {
    let host = HostHandle::expect();
    let auth = Auth::expect();
    let phase = Memo::new(move |_| desk.with(CallDesk::phase));
    let busy = RwSignal::new(None::<CallAction>);
    // The failure message is tied to its call, so it disappears with that call.
    let failure = RwSignal::new(None::<(u64, String)>);
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

    let act = move |action: CallAction, call_id: u64| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(action));
        failure.set(None);
        let auth = auth.clone();
        spawn_local(async move {
            let outcome = run(action, call_id, auth.token(), desk).await;
            busy.try_set(None);
            match outcome {
                Ok(events) => host.emit_all(events),
                Err(error) if auth.session_lost(&error) => {}
                Err(error) => {
                    failure.try_set(Some((
                        call_id,
                        text::call_action_failed(verb(action), &error),
                    )));
                }
            }
        });
    };
    let failure_for = move |call_id: u64| {
        Signal::derive(move || {
            failure
                .get()
                .filter(|(id, _)| *id == call_id)
                .map(|(_, message)| message)
        })
    };
    let announcement = move || match phase.get() {
        CallPhase::Ringing(call) => format!("{}: {}", text::INCOMING_CALL, call.caller_display),
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
                    let (answer, decline) = (act.clone(), act.clone());
                    view! {
                        <RingingCard
                            call=call
                            now=now
                            busy=busy
                            error=failure_for(id)
                            on_answer=Callback::new(move |()| answer(CallAction::Answer, id))
                            on_decline=Callback::new(move |()| decline(CallAction::Decline, id))
                            context=contexts.context(id)
                            selected=contexts.selected(id)
                            on_select=contexts.select(id)
                        />
                    }
                    .into_any()
                }
                CallPhase::Active(call) => {
                    let id = call.id;
                    let (hang_up, hold, redact) = (act.clone(), act.clone(), act.clone());
                    let controls = Memo::new(move |_| desk.with(|desk| desk.controls_of(id)));
                    view! {
                        <ActiveCall
                            call=call
                            now=now
                            busy=busy
                            error=failure_for(id)
                            on_hang_up=Callback::new(move |()| hang_up(CallAction::HangUp, id))
                            controls=controls
                            on_hold=Callback::new(move |on| hold(CallAction::Hold(on), id))
                            on_redact=Callback::new(move |on| redact(CallAction::Redact(on), id))
                            context=contexts.context(id)
                            selected=contexts.selected(id)
                            on_select=contexts.select(id)
                            change=contexts.change(id)
                        />
                    }
                    .into_any()
                }
                }
            }}
        </section>
    }
}

/// Sends the request and applies its result to the desk; returns the host events to post.
async fn run(
    action: CallAction,
    call_id: u64,
    token: &str,
    desk: RwSignal<CallDesk>,
) -> Result<Vec<HostEvent>, ApiError> {
    let events = match action {
        CallAction::Answer => {
            let call = api::answer_call(token, call_id).await?;
            desk.try_update(|desk| desk.answer_succeeded(call))
        }
        CallAction::Decline => {
            api::decline_call(token, call_id).await?;
            desk.try_update(|desk| {
                desk.decline_succeeded(call_id);
                Vec::new()
            })
        }
        CallAction::HangUp => {
            let call = api::hangup_call(token, call_id).await?;
            desk.try_update(|desk| desk.hangup_succeeded(call))
        }
        // Hold and redaction can go back and forth: only the stream's `call_updated` events,
        // which arrive in commit order, change the desk, so a late event can never undo a newer
        // state or post a redaction event twice.
        CallAction::Hold(on_hold) => {
            api::set_hold(token, call_id, on_hold).await?;
            None
        }
        CallAction::Redact(redacted) => {
            api::set_redaction(token, call_id, redacted).await?;
            None
        }
    };
    Ok(events.unwrap_or_default())
}

fn verb(action: CallAction) -> &'static str {
    match action {
        CallAction::Answer => text::ACTION_ANSWER,
        CallAction::Decline => text::ACTION_DECLINE,
        CallAction::HangUp => text::ACTION_HANG_UP,
        CallAction::Hold(true) => text::ACTION_HOLD,
        CallAction::Hold(false) => text::ACTION_RESUME,
        CallAction::Redact(true) => text::ACTION_PAUSE_RECORDING,
        CallAction::Redact(false) => text::ACTION_RESUME_RECORDING,
    }
}
