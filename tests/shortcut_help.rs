//! The chat shortcuts and the shortcut help shown by every adapter's header.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::components::shortcut_help::{ShortcutHelp, help_rows};
use agent_adapter::i18n::{self, Lang};
use agent_adapter::state::chat_desk::ChatDesk;
use agent_adapter::state::shortcuts::{ChatShortcut, Shortcut, is_help, tab_after};
use common::{by_testid, chat, chat_adapter, click, mount, press_alt_shift, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::chat::ChatState;
use protocol::host::AdapterKind;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn press_escape(root: &HtmlElement) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keyboard event");
    by_testid(root, "shortcuts-close")
        .expect("the close button")
        .dispatch_event(&event)
        .expect("dispatch");
}

/// The element with the focus, by its test id.
fn focused_test_id() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|element| element.get_attribute("data-testid"))
}

fn help(kind: AdapterKind) -> (HtmlElement, impl Drop) {
    mount(move || view! { <ShortcutHelp kind=kind /> })
}

#[wasm_bindgen_test]
fn chat_shortcuts_need_alt_and_shift_and_nothing_else() {
    assert_eq!(
        ChatShortcut::from_key("KeyN", true, true, false, false),
        Some(ChatShortcut::NextChat)
    );
    assert_eq!(
        ChatShortcut::from_key("KeyN", true, false, false, false),
        None
    );
    assert_eq!(
        ChatShortcut::from_key("KeyN", true, true, true, false),
        None
    );
    assert_eq!(
        ChatShortcut::from_key("KeyN", true, true, false, true),
        None
    );
    assert_eq!(
        ChatShortcut::from_key("KeyQ", true, true, false, false),
        None
    );
}

#[wasm_bindgen_test]
fn every_chat_shortcut_maps_back_from_its_own_keys() {
    for shortcut in ChatShortcut::ALL {
        let letter = shortcut.keys().rsplit('+').next().expect("a letter");
        let code = format!("Key{letter}");
        assert_eq!(
            ChatShortcut::from_key(&code, true, true, false, false),
            Some(shortcut),
            "{shortcut:?}"
        );
    }
}

#[wasm_bindgen_test]
fn the_help_keys_are_alt_shift_k_and_clash_with_no_adapter_shortcut() {
    assert!(is_help("KeyK", true, true, false, false));
    assert!(!is_help("KeyK", true, true, true, false));
    assert!(!is_help("KeyK", false, true, false, false));
    assert_eq!(Shortcut::from_key("KeyK", true, true, false, false), None);
    assert_eq!(
        ChatShortcut::from_key("KeyK", true, true, false, false),
        None
    );
}

#[wasm_bindgen_test]
fn next_and_previous_chat_wrap_around_the_tabs() {
    assert_eq!(tab_after(ChatShortcut::NextChat, Some(2), 3), Some(0));
    assert_eq!(tab_after(ChatShortcut::PreviousChat, Some(0), 3), Some(2));
    assert_eq!(tab_after(ChatShortcut::NextChat, Some(0), 3), Some(1));
    assert_eq!(tab_after(ChatShortcut::NextChat, None, 2), Some(0));
    assert_eq!(tab_after(ChatShortcut::PreviousChat, Some(0), 0), None);
    assert_eq!(tab_after(ChatShortcut::Accept, Some(0), 3), None);
}

#[wasm_bindgen_test]
fn the_help_lists_every_shortcut_of_its_adapter() {
    let call_keys: Vec<&str> = help_rows(AdapterKind::Call).iter().map(|r| r.0).collect();
    for shortcut in Shortcut::ALL {
        assert!(call_keys.contains(&shortcut.keys()), "{shortcut:?}");
    }
    let chat_keys: Vec<&str> = help_rows(AdapterKind::Chat).iter().map(|r| r.0).collect();
    for shortcut in ChatShortcut::ALL {
        assert!(chat_keys.contains(&shortcut.keys()), "{shortcut:?}");
    }
    assert!(chat_keys.contains(&"Enter"));
    assert!(call_keys.contains(&"Alt+Shift+K") && chat_keys.contains(&"Alt+Shift+K"));
}

#[wasm_bindgen_test]
async fn the_header_button_opens_the_help_with_the_focus_on_close() {
    let (root, _mounted) = help(AdapterKind::Call);
    tick().await;
    assert!(by_testid(&root, "shortcuts-help").is_none());
    click(&root, "shortcuts-button");
    common::settle().await;
    let table = text_of(&root, "shortcuts-table");
    assert!(table.contains("Alt+Shift+H"), "{table}");
    assert!(table.contains("Hang up the call"), "{table}");
    assert_eq!(focused_test_id().as_deref(), Some("shortcuts-close"));
}

#[wasm_bindgen_test]
async fn escape_closes_the_help_and_gives_the_focus_back_to_its_button() {
    let (root, _mounted) = help(AdapterKind::Chat);
    tick().await;
    click(&root, "shortcuts-button");
    common::settle().await;
    press_escape(&root);
    common::settle().await;
    assert!(by_testid(&root, "shortcuts-help").is_none());
    assert_eq!(focused_test_id().as_deref(), Some("shortcuts-button"));
}

#[wasm_bindgen_test]
async fn alt_shift_k_shows_and_hides_the_help() {
    let (root, _mounted) = help(AdapterKind::Supervisor);
    tick().await;
    press_alt_shift("KeyK");
    common::settle().await;
    assert!(by_testid(&root, "shortcuts-help").is_some());
    press_alt_shift("KeyK");
    common::settle().await;
    assert!(by_testid(&root, "shortcuts-help").is_none());
}

#[wasm_bindgen_test]
async fn french_agents_read_the_keys_as_their_keyboard_names_them() {
    i18n::set(Lang::Fr);
    let (root, _mounted) = help(AdapterKind::Chat);
    tick().await;
    click(&root, "shortcuts-button");
    common::settle().await;
    let table = text_of(&root, "shortcuts-table");
    i18n::set(Lang::En);
    assert!(table.contains("Alt+Maj+N"), "{table}");
    assert!(table.contains("Maj+Entrée"), "{table}");
    assert!(table.contains("Afficher le chat suivant"), "{table}");
}

#[wasm_bindgen_test]
async fn alt_shift_n_and_p_move_between_the_chat_tabs() {
    let (_root, desk, _mounted) = chat_adapter(vec![
        chat(81, ChatState::Active),
        chat(82, ChatState::Active),
    ]);
    tick().await;
    let first = desk.with_untracked(ChatDesk::active_id);
    press_alt_shift("KeyN");
    common::settle().await;
    let after_next = desk.with_untracked(ChatDesk::active_id);
    press_alt_shift("KeyP");
    common::settle().await;
    let after_previous = desk.with_untracked(ChatDesk::active_id);
    assert_ne!(first, after_next);
    assert!(after_next.is_some());
    assert_eq!(after_previous, first);
}

#[wasm_bindgen_test]
async fn alt_shift_r_puts_the_focus_in_the_reply_box() {
    let (_root, _desk, _mounted) = chat_adapter(vec![chat(83, ChatState::Active)]);
    common::settle().await;
    press_alt_shift("KeyR");
    common::settle().await;
    assert_eq!(focused_test_id().as_deref(), Some("chat-composer-input"));
}

#[wasm_bindgen_test]
async fn alt_shift_a_accepts_the_offered_chat() {
    let (root, _desk, _mounted) = chat_adapter(vec![chat(84, ChatState::Offered)]);
    tick().await;
    press_alt_shift("KeyA");
    tick().await;
    assert_eq!(text_of(&root, "chat-accept"), "Accepting…");
}
