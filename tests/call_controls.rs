//! The hold and recording controls of the call in progress.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::components::active_call::ActiveCall;
use agent_adapter::state::call_desk::{CallAction, CallControls};
use common::{by_testid, call, click, mount, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::api::CallState;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = 2_000_000;

struct Card {
    root: HtmlElement,
    controls: RwSignal<CallControls>,
    busy: RwSignal<Option<CallAction>>,
    clicks: RwSignal<Vec<CallAction>>,
}

fn card() -> (Card, impl Drop) {
    let controls = RwSignal::new(CallControls::default());
    let busy = RwSignal::new(None::<CallAction>);
    let clicks = RwSignal::new(Vec::new());
    let (root, mounted) = mount(move || {
        view! {
            <ActiveCall
                call=call(7, CallState::Active)
                now=Signal::stored(NOW)
                busy=busy
                error=Signal::stored(None::<String>)
                context=Signal::stored(None)
                selected=Signal::stored(0_usize)
                on_select=Callback::new(|_| {})
                change=Signal::stored(None)
                controls=controls
                on_hang_up=Callback::new(|()| {})
                on_hold=Callback::new(move |on| clicks.update(|c| c.push(CallAction::Hold(on))))
                on_redact=Callback::new(move |on| {
                    clicks.update(|c| c.push(CallAction::Redact(on)))
                })
                on_transfer=Callback::new(move |()| clicks.update(|c| c.push(CallAction::Transfer)))
            />
        }
    });
    (
        Card {
            root,
            controls,
            busy,
            clicks,
        },
        mounted,
    )
}

fn attr(root: &HtmlElement, id: &str, name: &str) -> Option<String> {
    by_testid(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .get_attribute(name)
}

#[wasm_bindgen_test]
async fn at_rest_both_toggles_are_off_and_no_badge_shows() {
    let (card, _mounted) = card();
    tick().await;
    assert_eq!(text_of(&card.root, "call-hold"), "Hold");
    assert_eq!(text_of(&card.root, "call-redaction"), "Pause recording");
    assert_eq!(
        attr(&card.root, "call-hold", "aria-pressed").as_deref(),
        Some("false")
    );
    assert_eq!(
        attr(&card.root, "call-redaction", "aria-pressed").as_deref(),
        Some("false")
    );
    assert!(by_testid(&card.root, "call-hold-badge").is_none());
    assert!(by_testid(&card.root, "call-redaction-badge").is_none());
    assert!(by_testid(&card.root, "call-hangup").is_some());
}

#[wasm_bindgen_test]
async fn clicking_asks_for_the_other_state() {
    let (card, _mounted) = card();
    tick().await;
    click(&card.root, "call-hold");
    click(&card.root, "call-redaction");
    card.controls.set(CallControls {
        on_hold: true,
        hold_started_at: Some(NOW),
        redacted: true,
    });
    tick().await;
    click(&card.root, "call-hold");
    click(&card.root, "call-redaction");
    assert_eq!(
        card.clicks.get_untracked(),
        vec![
            CallAction::Hold(true),
            CallAction::Redact(true),
            CallAction::Hold(false),
            CallAction::Redact(false)
        ]
    );
}

#[wasm_bindgen_test]
async fn on_hold_and_recording_paused_show_badges_and_pressed_toggles() {
    let (card, _mounted) = card();
    card.controls.set(CallControls {
        on_hold: true,
        hold_started_at: Some(NOW - 65_000),
        redacted: true,
    });
    tick().await;
    assert_eq!(text_of(&card.root, "call-hold-badge"), "On hold · 01:05");
    assert_eq!(
        text_of(&card.root, "call-redaction-badge"),
        "Recording paused"
    );
    assert_eq!(text_of(&card.root, "call-hold"), "Resume");
    assert_eq!(text_of(&card.root, "call-redaction"), "Resume recording");
    assert_eq!(
        attr(&card.root, "call-hold", "aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        attr(&card.root, "call-redaction", "aria-pressed").as_deref(),
        Some("true")
    );

    card.controls.set(CallControls::default());
    tick().await;
    assert!(by_testid(&card.root, "call-hold-badge").is_none());
    assert!(by_testid(&card.root, "call-redaction-badge").is_none());
}

#[wasm_bindgen_test]
async fn a_request_in_flight_disables_the_toggles_and_says_so() {
    let (card, _mounted) = card();
    card.busy.set(Some(CallAction::Hold(true)));
    tick().await;
    assert_eq!(text_of(&card.root, "call-hold"), "Holding…");
    for id in ["call-hold", "call-redaction", "call-hangup"] {
        assert!(attr(&card.root, id, "disabled").is_some(), "{id} enabled");
    }
    card.busy.set(Some(CallAction::Redact(true)));
    tick().await;
    assert_eq!(text_of(&card.root, "call-redaction"), "Pausing…");
    assert_eq!(text_of(&card.root, "call-hold"), "Hold");
    card.busy.set(None);
    tick().await;
    assert!(attr(&card.root, "call-hold", "disabled").is_none());
}

#[wasm_bindgen_test]
async fn the_transfer_button_opens_the_transfer_dialog_and_names_its_shortcut() {
    let (card, _mounted) = card();
    tick().await;
    click(&card.root, "call-transfer");
    assert_eq!(card.clicks.get_untracked(), vec![CallAction::Transfer]);
    assert_eq!(
        attr(&card.root, "call-transfer", "aria-keyshortcuts").as_deref(),
        Some("Alt+Shift+T")
    );
    assert_eq!(
        attr(&card.root, "call-hangup", "aria-keyshortcuts").as_deref(),
        Some("Alt+Shift+H")
    );
}
