//! The three adapters shown after sign-in, chosen by `?type=`.

pub mod call;
pub mod call_actions;
pub mod call_context;
pub mod chat;
pub mod chat_actions;
pub mod polled;
pub mod session_commands;
pub mod supervisor;

use leptos::prelude::*;

/// How a key press is read as a shortcut: `(KeyboardEvent.code, alt, shift, ctrl, meta)` to the
/// shortcut it means, if any.
pub type ShortcutParser<S> = fn(&str, bool, bool, bool, bool) -> Option<S>;

/// Runs `handle` for each key press `parse` reads as a shortcut while the calling view is shown
/// (the listener is removed with the view). A handled key press does nothing else.
pub fn on_shortcut<S: 'static>(parse: ShortcutParser<S>, handle: impl Fn(S) + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |event| {
        let pressed = parse(
            &event.code(),
            event.alt_key(),
            event.shift_key(),
            event.ctrl_key(),
            event.meta_key(),
        );
        if let Some(shortcut) = pressed {
            event.prevent_default();
            handle(shortcut);
        }
    });
    on_cleanup(move || listener.remove());
}
