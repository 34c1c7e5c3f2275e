//! The call adapter with no call.

use leptos::prelude::*;
use protocol::api::{AgentStatus, QueueRef};

use crate::components::icon::{Icon, IconKind};
use crate::format;
use crate::state::call_desk::LastCall;
use crate::text;

/// Waiting for calls (or on break), the agent's queues, and one line about the previous call.
#[component]
pub fn CallIdle(
    /// The agent's status.
    #[prop(into)]
    status: Signal<AgentStatus>,
    /// The queues the agent takes calls from.
    queues: Vec<QueueRef>,
    /// How the previous call went.
    #[prop(into)]
    last: Signal<Option<LastCall>>,
) -> impl IntoView {
    let headline = move || match status.get() {
        AgentStatus::Available => text::t().waiting_for_calls,
        other => text::status(other),
    };
    let hint = move || match status.get() {
        AgentStatus::Available => text::t().idle_available,
        AgentStatus::Break => text::t().idle_break,
        AgentStatus::Offline => text::t().idle_offline,
    };
    let icon = move || match status.get() {
        AgentStatus::Available => view! { <Icon kind=IconKind::Headset /> },
        _ => view! { <Icon kind=IconKind::Pause /> },
    };
    view! {
        <div class=move || format!("aa-idle aa-idle--{}", status.get().as_str()) data-testid="call-idle">
            <div class="aa-idle__badge">{icon}</div>
            <h2 class="aa-idle__title">{headline}</h2>
            <p class="aa-idle__hint">{hint}</p>
            {(!queues.is_empty())
                .then(|| {
                    view! {
                        <div class="aa-idle__queues">
                            <h3 class="aa-eyebrow">{text::t().your_queues}</h3>
                            <ul class="aa-chips">
                                {queues
                                    .iter()
                                    .map(|queue| view! { <li class="aa-chip">{queue.path.clone()}</li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })}
            {move || {
                last.get()
                    .map(|last| view! { <p class="aa-last" data-testid="call-last" role="status">{describe(&last)}</p> })
            }}
        </div>
    }
}

fn describe(last: &LastCall) -> String {
    match last {
        LastCall::Ended {
            caller,
            duration_ms,
        } => text::call_ended(caller, &format::timer(*duration_ms)),
        LastCall::Declined { caller } => text::call_declined(caller),
        LastCall::Missed { caller } => text::call_missed(caller),
        LastCall::Abandoned { caller } => text::call_abandoned(caller),
        LastCall::Transferred { caller, to } => text::call_transferred(caller, to),
    }
}
