//! The supervisor view (600 × 600 and larger): the gateway's presence, refreshed every 5 s.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::Presence;

use crate::api;
use crate::auth::Auth;
use crate::clock::now_ms;
use crate::components::icon::{Icon, IconKind};
use crate::components::presence_tables::PresenceTables;
use crate::format;
use crate::text;

/// How often presence is fetched.
const REFRESH: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, PartialEq)]
enum Problem {
    Forbidden,
    Failed(String),
}

/// Agents and queues from `GET /api/v1/presence` with how fresh they are. A 403 shows that the
/// supervisor role is required (and stops polling); other failures keep the last data on screen
/// with the reason above it.
#[component]
pub fn SupervisorAdapter(
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let auth = Auth::expect();
    let presence = RwSignal::new(None::<Presence>);
    let updated_at = RwSignal::new(None::<i64>);
    let problem = RwSignal::new(None::<Problem>);
    let in_flight = StoredValue::new(false);
    let poller = StoredValue::new(None::<IntervalHandle>);

    let refresh = move || {
        if in_flight.get_value() || problem.get_untracked() == Some(Problem::Forbidden) {
            return;
        }
        in_flight.set_value(true);
        let auth = auth.clone();
        spawn_local(async move {
            let result = api::presence(auth.token()).await;
            in_flight.try_set_value(false);
            match result {
                Ok(latest) => {
                    presence.try_set(Some(latest));
                    updated_at.try_set(Some(now_ms()));
                    problem.try_set(None);
                }
                Err(error) if auth.session_lost(&error) => {}
                Err(error) if error.status() == Some(403) => {
                    problem.try_set(Some(Problem::Forbidden));
                    if let Some(Some(handle)) = poller.try_get_value() {
                        handle.clear();
                    }
                }
                Err(error) => {
                    problem.try_set(Some(Problem::Failed(text::presence_failed(&error))));
                }
            }
        });
    };
    refresh();
    if let Ok(handle) = set_interval_with_handle(refresh.clone(), REFRESH) {
        poller.set_value(Some(handle));
        on_cleanup(move || handle.clear());
    }

    let freshness = move || {
        updated_at
            .get()
            .map(|at| text::updated_ago(format::whole_seconds(at, now.get())))
    };

    view! {
        <section class="aa-presence" data-testid="supervisor-presence">
            <div class="aa-section-head">
                <h2 class="aa-section-head__title">{text::TEAM_PRESENCE}</h2>
                <span class="aa-section-head__meta">{freshness}</span>
            </div>
            {move || match problem.get() {
                Some(Problem::Forbidden) => Some(view! {
                    <div class="aa-empty aa-empty--refused" role="alert">
                        <span class="aa-empty__icon"><Icon kind=IconKind::Blocked /></span>
                        <p class="aa-empty__title">{text::SUPERVISOR_REQUIRED}</p>
                        <p class="aa-empty__hint">{text::SUPERVISOR_REQUIRED_HINT}</p>
                    </div>
                }.into_any()),
                Some(Problem::Failed(message)) => Some(view! {
                    <p class="aa-notice aa-notice--error" role="alert">{message}</p>
                }.into_any()),
                None => None,
            }}
            {move || match (presence.get(), problem.get()) {
                (_, Some(Problem::Forbidden)) => None,
                (Some(presence), _) => Some(view! { <PresenceTables presence=presence now=now /> }.into_any()),
                (None, Some(_)) => None,
                (None, None) => Some(view! {
                    <p class="aa-loading-line" role="status">
                        <span class="aa-spinner aa-spinner--small" aria-hidden="true"></span>
                        {text::LOADING_PRESENCE}
                    </p>
                }.into_any()),
            }}
        </section>
    }
}
