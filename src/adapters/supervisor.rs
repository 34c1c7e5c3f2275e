//! The supervisor view (600 × 600 and larger): DeepCall's live agent statistics beside the
//! gateway's own presence (queues and agents), both refreshed every 5 s.

use std::time::Duration;

use leptos::prelude::*;

use crate::adapters::polled::{Polled, poll};
use crate::api::{self, ApiError};
use crate::components::icon::{Icon, IconKind};
use crate::components::live_stats::LiveStats;
use crate::components::presence_tables::PresenceTables;
use crate::format;
use crate::text;

/// How often both are fetched (the gateway caches DeepCall's answer, so many supervisors do
/// not multiply its requests).
const REFRESH: Duration = Duration::from_secs(5);

/// Live statistics and presence. A 403 on presence shows that the supervisor role is required
/// (and stops polling); other failures keep the last data on screen with the reason above it.
#[component]
pub fn SupervisorAdapter(
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let presence = poll(REFRESH, forbidden, |token| async move {
        api::presence(&token).await
    });
    let stats = poll(REFRESH, not_configured, |token| async move {
        api::live_stats(&token).await
    });
    // A memo: every refresh sets `problem` (mostly to `None` again), and the view below must
    // not be rebuilt for that, or the table would lose its sort and filters.
    let refused = Memo::new(move |_| presence.problem.with(|p| p.as_ref().is_some_and(forbidden)));
    view! {
        {move || if refused.get() {
            view! {
                <div class="aa-empty aa-empty--refused" role="alert" data-testid="supervisor-refused">
                    <span class="aa-empty__icon"><Icon kind=IconKind::Blocked /></span>
                    <p class="aa-empty__title">{text::t().supervisor_required}</p>
                    <p class="aa-empty__hint">{text::t().supervisor_required_hint}</p>
                </div>
            }.into_any()
        } else {
            view! {
                <div class="aa-supervisor">
                    <LiveStats stats=stats now=now />
                    <GatewayPresence presence=presence now=now />
                </div>
            }.into_any()
        }}
    }
}

/// The gateway's own queues and agents, with how fresh they are.
#[component]
fn GatewayPresence(
    /// The polled presence.
    presence: Polled<protocol::api::Presence>,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let freshness = move || {
        presence
            .updated_at
            .get()
            .map(|at| text::updated_ago(format::whole_seconds(at, now.get())))
    };
    view! {
        <section class="aa-presence" data-testid="supervisor-presence">
            <div class="aa-section-head">
                <h2 class="aa-section-head__title">{text::t().gateway_presence}</h2>
                <span class="aa-section-head__meta">{freshness}</span>
            </div>
            {move || presence.problem.get().map(|error| view! {
                <p class="aa-notice aa-notice--error" role="alert">{text::presence_failed(&error)}</p>
            })}
            {move || match (presence.data.get(), presence.problem.with(Option::is_some)) {
                (Some(data), _) => Some(view! { <PresenceTables presence=data now=now /> }.into_any()),
                (None, true) => None,
                (None, false) => Some(view! {
                    <p class="aa-loading-line" role="status">
                        <span class="aa-spinner aa-spinner--small" aria-hidden="true"></span>
                        {text::t().loading_presence}
                    </p>
                }.into_any()),
            }}
        </section>
    }
}

fn forbidden(error: &ApiError) -> bool {
    error.status() == Some(403)
}

fn not_configured(error: &ApiError) -> bool {
    error.status() == Some(503)
}
