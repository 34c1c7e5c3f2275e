//! The card of a call ringing at the agent.

use leptos::prelude::*;
use protocol::api::{CallView, CallerContext};

use crate::components::call_action_button::CallActionButton;
use crate::components::context_glance::ContextGlance;
use crate::components::icon::{Icon, IconKind};
use crate::format;
use crate::state::call_desk::CallAction;
use crate::state::shortcuts::Shortcut;
use crate::text;

/// Caller, queue, time waiting (ticking from when the call started ringing), the answer and
/// decline buttons, and the caller context at a glance below them (so the buttons never move
/// or wait while the lookup runs).
#[component]
pub fn RingingCard(
    /// The ringing call.
    call: CallView,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
    /// The request in flight, if any (buttons are disabled meanwhile).
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
    /// Answer clicked.
    on_answer: Callback<()>,
    /// Decline clicked.
    on_decline: Callback<()>,
) -> impl IntoView {
    let started_at = call.started_at;
    let queue = call
        .queue
        .as_ref()
        .map_or(text::t().no_queue.to_owned(), |queue| queue.path.clone());
    view! {
        <article class="aa-card aa-card--ringing" data-testid="call-ringing" aria-label=text::t().incoming_call>
            <div class="aa-card__head">
                <span class="aa-ring" aria-hidden="true">
                    <Icon kind=IconKind::Phone />
                </span>
                <span class="aa-card__label">{text::t().incoming_call}</span>
            </div>
            <p class="aa-caller" data-testid="call-caller">{format::caller(&call)}</p>
            <p class="aa-queue" data-testid="call-queue">{queue}</p>
            {call.transfer.as_ref().map(|transfer| view! {
                <p class="aa-transfer-note" data-testid="call-transferred-from">
                    {text::transferred_from(&transfer.from_agent.name)}
                </p>
            })}
            <dl class="aa-facts">
                <div class="aa-facts__row">
                    <dt>{text::t().waiting}</dt>
                    <dd class="aa-facts__timer" data-testid="call-waiting">
                        {move || format::timer(format::elapsed_ms(started_at, now.get()))}
                    </dd>
                </div>
            </dl>
            {move || error.get().map(|message| view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> })}
            <div class="aa-actions">
                <CallActionButton
                    action=CallAction::Answer
                    busy=busy
                    class="aa-btn--answer aa-btn--large"
                    test_id="call-answer"
                    icon=IconKind::Phone
                    label=text::t().answer
                    busy_label=text::t().answering
                    shortcut=Shortcut::Answer.keys()
                    on_click=on_answer
                />
                <CallActionButton
                    action=CallAction::Decline
                    busy=busy
                    class="aa-btn--decline"
                    test_id="call-decline"
                    icon=IconKind::HangUp
                    label=text::t().decline
                    busy_label=text::t().declining
                    shortcut=Shortcut::Decline.keys()
                    on_click=on_decline
                />
            </div>
            <ContextGlance context=context selected=selected on_select=on_select />
        </article>
    }
}
