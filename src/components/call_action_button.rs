//! A button that starts a request about the current call.

use leptos::prelude::*;

use crate::components::icon::{Icon, IconKind};
use crate::state::call_desk::CallAction;

/// One call action: disabled while any request about the call is in flight, and saying so
/// (`busy_label`) while its own request runs.
#[component]
pub fn CallActionButton(
    /// The action this button starts.
    action: CallAction,
    /// The request in flight, if any.
    #[prop(into)]
    busy: Signal<Option<CallAction>>,
    /// BEM modifiers after `aa-btn`, e.g. `aa-btn--answer aa-btn--large`.
    class: &'static str,
    /// `data-testid` for tests.
    test_id: &'static str,
    /// Leading icon.
    icon: IconKind,
    /// Label at rest.
    label: &'static str,
    /// Label while this action's request runs.
    busy_label: &'static str,
    /// Clicked.
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            class=format!("aa-btn {class}")
            type="button"
            data-testid=test_id
            disabled=move || busy.get().is_some()
            on:click=move |_| on_click.run(())
        >
            <Icon kind=icon />
            <span>{move || if busy.get() == Some(action) { busy_label } else { label }}</span>
        </button>
    }
}
