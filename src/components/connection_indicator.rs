//! The always-visible realtime connection state.

use leptos::prelude::*;

use crate::stream::ConnectionState;
use crate::text;

/// A dot and a word (never colour alone): live, connecting, reconnecting or offline.
#[component]
pub fn ConnectionIndicator(
    /// The state to show.
    #[prop(into)]
    state: Signal<ConnectionState>,
) -> impl IntoView {
    view! {
        <span
            class=move || format!("aa-conn aa-conn--{}", state.get().as_str())
            data-testid="connection-indicator"
            data-state=move || state.get().as_str()
            role="status"
            title=move || text::connection_hint(state.get())
        >
            <span class="aa-conn__dot" aria-hidden="true"></span>
            <span class="aa-conn__label">{move || text::connection(state.get())}</span>
        </span>
    }
}
