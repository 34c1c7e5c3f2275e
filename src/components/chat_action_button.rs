//! A button that starts a request about a chat.

use leptos::prelude::*;

use crate::state::chat_desk::ChatAction;

/// One chat action: disabled while any request about the chat is in flight, and saying so
/// (`busy_label`) while its own request runs.
#[component]
pub fn ChatActionButton(
    /// The action this button starts.
    action: ChatAction,
    /// The request about this chat in flight, if any.
    #[prop(into)]
    busy: Signal<Option<ChatAction>>,
    /// BEM modifiers after `aa-btn`, e.g. `aa-btn--answer`.
    class: &'static str,
    /// `data-testid` for tests.
    test_id: &'static str,
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
            {move || if busy.get() == Some(action) { busy_label } else { label }}
        </button>
    }
}
