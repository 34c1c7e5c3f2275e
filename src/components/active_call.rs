//! The call in progress.

use leptos::prelude::*;
use protocol::api::{CallView, CallerContext};

use crate::components::call_action_button::{CallActionButton, CallToggleButton};
use crate::components::cobrowse_line::CobrowseLine;
use crate::components::context_panels::ContextPanels;
use crate::components::crm_strip::CrmStrip;
use crate::components::customer_tools::{CustomerDetails, CustomerTools};
use crate::components::icon::IconKind;
use crate::format;
use crate::state::call_desk::{CallAction, CallControls};
use crate::state::caller_context::LiveChange;
use crate::state::cobrowse::CobrowseDesk;
use crate::state::shortcuts::Shortcut;
use crate::text;

/// Caller, queue, a running timer from when the call was answered, hold / recording-paused
/// badges, the caller-context panels (which scroll) and, always visible at the bottom, the hold,
/// recording and transfer buttons above the hang-up button.
#[component]
pub fn ActiveCall(
    /// The call in progress.
    call: CallView,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
    /// The request in flight, if any.
    #[prop(into)]
    busy: Signal<Option<CallAction>>,
    /// Why the last request about this call failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// What Optico knows about the caller (live).
    #[prop(into)]
    context: Signal<Option<CallerContext>>,
    /// The index of the Optico match shown.
    #[prop(into)]
    selected: Signal<usize>,
    /// Another match chosen.
    on_select: Callback<usize>,
    /// The latest live change of this call's context.
    #[prop(into)]
    change: Signal<Option<LiveChange>>,
    /// Hold and recording state (live).
    #[prop(into)]
    controls: Signal<CallControls>,
    /// Hang up clicked.
    on_hang_up: Callback<()>,
    /// Hold (`true`) or resume (`false`) clicked.
    on_hold: Callback<bool>,
    /// Pause (`true`) or resume (`false`) recording clicked.
    on_redact: Callback<bool>,
    /// Transfer clicked (opens the transfer dialog).
    on_transfer: Callback<()>,
    /// The call's CRM state (live), when the adapter follows it.
    #[prop(optional, into)]
    crm: Option<Signal<Option<protocol::crm::CrmSessionView>>>,
    /// Whether the lead and appointment tools are offered.
    #[prop(default = false)]
    tools: bool,
    /// The co-browse sessions, when the adapter follows them.
    #[prop(default = None)]
    cobrowse: Option<RwSignal<CobrowseDesk>>,
) -> impl IntoView {
    let call_id = call.id;
    let cobrowse_line =
        cobrowse.map(|cobrowse| view! { <CobrowseLine cobrowse=cobrowse session_id=call_id /> });
    let customer_tools = tools.then(|| {
        let details = CustomerDetails {
            // A caller shown by their number has no name to offer.
            name: if crate::format::has_letter(&call.caller_display) {
                call.caller_display.clone()
            } else {
                String::new()
            },
            email: String::new(),
            phone: call.caller_phone.clone().unwrap_or_default(),
        };
        view! { <CustomerTools session=protocol::crm::CrmSessionRef::Call(call_id) details=details compact=true /> }
    });
    let crm_strip = crm.map(|view| {
        view! { <CrmStrip session=protocol::crm::CrmSessionRef::Call(call_id) view=view /> }
    });
    let on_hold_now = Signal::derive(move || controls.with(|c| c.on_hold));
    let redacted = Signal::derive(move || controls.with(|c| c.redacted));
    let hold_badge =
        move || {
            controls.get().on_hold.then(|| {
            let since = controls.with(|c| c.hold_started_at);
            let held = move || {
                let now = now.get();
                text::on_hold(&format::timer(format::elapsed_ms(since.unwrap_or(now), now)))
            };
            view! {
                <span class="aa-badge aa-badge--hold" role="status" data-testid="call-hold-badge">
                    {held}
                </span>
            }
        })
        };
    let redaction_badge = move || {
        redacted.get().then(|| {
            view! {
                <span class="aa-badge aa-badge--redacted" role="status" data-testid="call-redaction-badge">
                    {text::t().recording_paused}
                </span>
            }
        })
    };
    let id_prefix = format!("aa-call-{}-context", call.id);
    let answered_at = call.answered_at.unwrap_or(call.started_at);
    let queue = call
        .queue
        .as_ref()
        .map_or(text::t().no_queue.to_owned(), |queue| queue.path.clone());
    view! {
        <article class="aa-card aa-card--active" data-testid="call-active" aria-label=text::t().on_call>
            <div class="aa-card__head">
                <span class="aa-live" aria-hidden="true"></span>
                <span class="aa-card__label">{text::t().on_call}</span>
                <span class="aa-call-flags">{hold_badge}{redaction_badge}</span>
            </div>
            <p class="aa-caller" data-testid="call-caller">{format::caller(&call)}</p>
            <p class="aa-queue" data-testid="call-queue">{queue}</p>
            {crm_strip}
            {customer_tools}
            {cobrowse_line}
            <p class="aa-call-timer" role="timer" aria-label=text::t().call_duration data-testid="call-timer">
                {move || format::timer(format::elapsed_ms(answered_at, now.get()))}
            </p>
            <ContextPanels
                id_prefix=id_prefix
                context=context
                selected=selected
                on_select=on_select
                change=change
                now=now
            />
            {move || error.get().map(|message| view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> })}
            <div class="aa-actions">
                <div class="aa-call-controls" role="group" aria-label=text::t().call_controls>
                    <CallToggleButton
                        action=CallAction::Hold
                        pressed=on_hold_now
                        busy=busy
                        class="aa-btn--hold"
                        test_id="call-hold"
                        label=text::t().hold
                        busy_label=text::t().holding
                        pressed_label=text::t().resume_call
                        pressed_busy_label=text::t().resuming_call
                        shortcut=Shortcut::Hold.keys()
                        on_click=on_hold
                    />
                    <CallToggleButton
                        action=CallAction::Redact
                        pressed=redacted
                        busy=busy
                        class="aa-btn--redaction"
                        test_id="call-redaction"
                        label=text::t().pause_recording
                        busy_label=text::t().pausing_recording
                        pressed_label=text::t().resume_recording
                        pressed_busy_label=text::t().resuming_recording
                        on_click=on_redact
                    />
                    <button
                        class="aa-btn aa-btn--toggle aa-btn--transfer"
                        type="button"
                        data-testid="call-transfer"
                        aria-haspopup="dialog"
                        aria-keyshortcuts=Shortcut::Transfer.keys()
                        title=format!("{} ({})", text::t().transfer, Shortcut::Transfer.keys())
                        disabled=move || busy.get().is_some()
                        on:click=move |_| on_transfer.run(())
                    >
                        {text::t().transfer}
                    </button>
                </div>
                <CallActionButton
                    action=CallAction::HangUp
                    busy=busy
                    class="aa-btn--hang-up aa-btn--large"
                    test_id="call-hangup"
                    icon=IconKind::HangUp
                    label=text::t().hang_up
                    busy_label=text::t().hanging_up
                    shortcut=Shortcut::HangUp.keys()
                    on_click=on_hang_up
                />
            </div>
        </article>
    }
}
