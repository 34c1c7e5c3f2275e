//! The keyboard shortcut help: a header button, or Alt+Shift+K, shows the adapter's shortcuts
//! over it; Escape, the close button or the same keys hide it again, and the focus goes back
//! to where it was.

use leptos::html;
use leptos::prelude::*;
use protocol::host::AdapterKind;

use crate::adapters::on_shortcut;
use crate::components::icon::{Icon, IconKind};
use crate::state::shortcuts::{self, ChatShortcut, HELP_KEYS, Shortcut};
use crate::text;

/// What a call shortcut does, for the help.
fn call_action(shortcut: Shortcut) -> &'static str {
    match shortcut {
        Shortcut::Answer => text::t().shortcut_answer,
        Shortcut::Decline => text::t().shortcut_decline,
        Shortcut::HangUp => text::t().shortcut_hang_up,
        Shortcut::Hold => text::t().shortcut_hold,
        Shortcut::Transfer => text::t().shortcut_transfer,
    }
}

/// What a chat shortcut does, for the help.
fn chat_action(shortcut: ChatShortcut) -> &'static str {
    match shortcut {
        ChatShortcut::Accept => text::t().shortcut_accept_chat,
        ChatShortcut::NextChat => text::t().shortcut_next_chat,
        ChatShortcut::PreviousChat => text::t().shortcut_previous_chat,
        ChatShortcut::FocusComposer => text::t().shortcut_focus_composer,
    }
}

/// The help's lines for an adapter: keys (`aria-keyshortcuts` syntax) and what they do.
pub fn help_rows(kind: AdapterKind) -> Vec<(&'static str, &'static str)> {
    let mut rows: Vec<(&'static str, &'static str)> = match kind {
        AdapterKind::Call => Shortcut::ALL
            .iter()
            .map(|&s| (s.keys(), call_action(s)))
            .collect(),
        AdapterKind::Chat => {
            let mut rows: Vec<_> = ChatShortcut::ALL
                .iter()
                .map(|&s| (s.keys(), chat_action(s)))
                .collect();
            rows.extend([
                ("Enter", text::t().shortcut_send),
                ("Shift+Enter", text::t().shortcut_new_line),
                ("← →", text::t().shortcut_tab_arrows),
            ]);
            rows
        }
        AdapterKind::Supervisor => Vec::new(),
    };
    rows.extend([
        ("Escape", text::t().shortcut_escape),
        (HELP_KEYS, text::t().shortcut_help),
    ]);
    rows
}

/// The header button and, while open, the list over the adapter.
#[component]
pub fn ShortcutHelp(
    /// Which adapter's shortcuts to list.
    kind: AdapterKind,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let trigger = NodeRef::<html::Button>::new();
    let close = NodeRef::<html::Button>::new();
    on_shortcut(
        |code, alt, shift, ctrl, meta| {
            shortcuts::is_help(code, alt, shift, ctrl, meta).then_some(())
        },
        move |()| open.update(|open| *open = !*open),
    );
    // The focus moves into the list when it opens and back to the button when it closes.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open {
            request_animation_frame(move || {
                if let Some(close) = close.get_untracked() {
                    let _ = close.focus();
                }
            });
        } else if was_open == Some(true)
            && let Some(trigger) = trigger.get_untracked()
        {
            let _ = trigger.focus();
        }
        is_open
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.stop_propagation();
            open.set(false);
        }
        // The close button is the list's only control: Tab stays on it.
        "Tab" => {
            event.prevent_default();
            if let Some(close) = close.get_untracked() {
                let _ = close.focus();
            }
        }
        _ => {}
    };
    let rows = help_rows(kind);
    let title = text::t().shortcuts_title;

    view! {
        <button
            class="aa-icon-btn"
            type="button"
            data-testid="shortcuts-button"
            title=format!("{title} ({})", text::keys(HELP_KEYS))
            aria-label=title
            aria-keyshortcuts=HELP_KEYS
            aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            node_ref=trigger
            on:click=move |_| open.update(|open| *open = !*open)
        >
            <Icon kind=IconKind::Keyboard />
        </button>
        <Show when=move || open.get()>
            <div
                class="aa-shortcuts"
                role="dialog"
                aria-modal="true"
                aria-labelledby="aa-shortcuts-title"
                data-testid="shortcuts-help"
                on:keydown=on_keydown
            >
                <div class="aa-dialog__head">
                    <h2 id="aa-shortcuts-title" class="aa-dialog__title">{title}</h2>
                    <button
                        type="button"
                        class="aa-link-btn"
                        data-testid="shortcuts-close"
                        node_ref=close
                        on:click=move |_| open.set(false)
                    >
                        {text::t().close}
                    </button>
                </div>
                <p class="aa-muted">{text::t().shortcuts_hint}</p>
                <table class="aa-shortcuts__table" data-testid="shortcuts-table">
                    <thead class="aa-sr-only">
                        <tr>
                            <th scope="col">{text::t().shortcuts_keys}</th>
                            <th scope="col">{text::t().shortcuts_action}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .iter()
                            .map(|(keys, action)| {
                                view! {
                                    <tr>
                                        <td class="aa-shortcuts__keys"><kbd>{text::keys(keys)}</kbd></td>
                                        <td>{*action}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
