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
    /// Its keyboard shortcut (`aria-keyshortcuts` syntax), if it has one.
    #[prop(optional)]
    shortcut: Option<&'static str>,
    /// Clicked.
    on_click: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            class=format!("aa-btn {class}")
            type="button"
            data-testid=test_id
            aria-keyshortcuts=shortcut
            title=shortcut.map(|keys| format!("{label} ({keys})"))
            disabled=move || busy.get().is_some()
            on:click=move |_| on_click.run(())
        >
            <Icon kind=icon />
            <span>{move || if busy.get() == Some(action) { busy_label } else { label }}</span>
        </button>
    }
}

/// A two-state call action (hold / resume, pause / resume recording): `aria-pressed` tells the
/// state, a click asks for the other one (`action(!pressed)`). Disabled while any request about
/// the call is in flight.
#[component]
pub fn CallToggleButton(
    /// The action for a target state, e.g. `CallAction::Hold`.
    action: fn(bool) -> CallAction,
    /// The current state (on hold, recording paused).
    #[prop(into)]
    pressed: Signal<bool>,
    /// The request in flight, if any.
    #[prop(into)]
    busy: Signal<Option<CallAction>>,
    /// BEM modifier after `aa-btn aa-btn--toggle`, e.g. `aa-btn--hold`.
    class: &'static str,
    /// `data-testid` for tests.
    test_id: &'static str,
    /// Label when not pressed (starts the state).
    label: &'static str,
    /// Label while the request starting the state runs.
    busy_label: &'static str,
    /// Label when pressed (ends the state).
    pressed_label: &'static str,
    /// Label while the request ending the state runs.
    pressed_busy_label: &'static str,
    /// Its keyboard shortcut (`aria-keyshortcuts` syntax), if it has one.
    #[prop(optional)]
    shortcut: Option<&'static str>,
    /// Clicked, with the state asked for.
    on_click: Callback<bool>,
) -> impl IntoView {
    let shown = move || match busy.get() {
        Some(running) if running == action(true) => busy_label,
        Some(running) if running == action(false) => pressed_busy_label,
        _ if pressed.get() => pressed_label,
        _ => label,
    };
    view! {
        <button
            class=format!("aa-btn aa-btn--toggle {class}")
            type="button"
            data-testid=test_id
            aria-keyshortcuts=shortcut
            aria-pressed=move || if pressed.get() { "true" } else { "false" }
            disabled=move || busy.get().is_some()
            on:click=move |_| on_click.run(!pressed.get_untracked())
        >
            {shown}
        </button>
    }
}
