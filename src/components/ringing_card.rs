//! The card of a call ringing at the agent.

use leptos::prelude::*;
use protocol::api::CallView;

use crate::components::icon::{Icon, IconKind};
use crate::format;
use crate::state::call_desk::CallAction;
use crate::text;

/// Caller, queue, time waiting (ticking from when the call started ringing), and the answer and
/// decline buttons.
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
    /// Answer clicked.
    on_answer: Callback<()>,
    /// Decline clicked.
    on_decline: Callback<()>,
) -> impl IntoView {
    let started_at = call.started_at;
    let queue = call
        .queue
        .as_ref()
        .map_or(text::NO_QUEUE.to_owned(), |queue| queue.path.clone());
    view! {
        <article class="aa-card aa-card--ringing" data-testid="call-ringing" aria-label=text::INCOMING_CALL>
            <div class="aa-card__head">
                <span class="aa-ring" aria-hidden="true">
                    <Icon kind=IconKind::Phone />
                </span>
                <span class="aa-card__label">{text::INCOMING_CALL}</span>
            </div>
            <p class="aa-caller" data-testid="call-caller">{call.caller_display.clone()}</p>
            <p class="aa-queue" data-testid="call-queue">{queue}</p>
            <dl class="aa-facts">
                <div class="aa-facts__row">
                    <dt>{text::WAITING}</dt>
                    <dd class="aa-facts__timer" data-testid="call-waiting">
                        {move || format::timer(format::elapsed_ms(started_at, now.get()))}
                    </dd>
                </div>
            </dl>
            {move || error.get().map(|message| view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> })}
            <div class="aa-actions">
                <button
                    class="aa-btn aa-btn--answer aa-btn--large"
                    type="button"
                    data-testid="call-answer"
                    disabled=move || busy.get().is_some()
                    on:click=move |_| on_answer.run(())
                >
                    <Icon kind=IconKind::Phone />
                    <span>
                        {move || {
                            if busy.get() == Some(CallAction::Answer) { text::ANSWERING } else { text::ANSWER }
                        }}
                    </span>
                </button>
                <button
                    class="aa-btn aa-btn--decline"
                    type="button"
                    data-testid="call-decline"
                    disabled=move || busy.get().is_some()
                    on:click=move |_| on_decline.run(())
                >
                    <Icon kind=IconKind::HangUp />
                    <span>{text::DECLINE}</span>
                </button>
            </div>
        </article>
    }
}
