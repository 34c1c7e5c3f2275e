//! The wrap-up form, and the call adapter's keyboard shortcuts.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::adapters::call::CallAdapter;
use agent_adapter::auth::Auth;
use agent_adapter::components::wrap_up_form::WrapUpForm;
use agent_adapter::host::{HostBridge, HostHandle, HostTarget};
use agent_adapter::state::call_desk::{CallAction, CallDesk};
use agent_adapter::state::crm_pops::{CrmPops, SessionKind};
use agent_adapter::state::shortcuts::Shortcut;
use common::{by_testid, call, click, kim, mount, press_alt_shift, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::api::{
    AgentStatus, CallState, Disposition, LegOutcome, WRAP_UP_NOTES_MAX_CHARS, WrapUpRequest,
    WrapUpView,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn pending(caller: &str) -> WrapUpView {
    WrapUpView {
        call_id: 7,
        caller_display: caller.into(),
        queue: Some(common::sales_fr()),
        answered_at: 1_000_000,
        ended_at: 1_095_000,
        outcome: LegOutcome::Ended,
        transferred_to: None,
        disposition: None,
        notes: String::new(),
        saved_at: None,
    }
}

fn dispositions() -> Vec<Disposition> {
    ["resolved", "sale"]
        .into_iter()
        .map(|code| Disposition {
            code: code.into(),
            label: code.to_uppercase(),
        })
        .collect()
}

fn form(wrap_up: WrapUpView) -> (HtmlElement, RwSignal<Vec<WrapUpRequest>>, impl Drop) {
    let saved = RwSignal::new(Vec::new());
    let (root, mounted) = mount(move || {
        view! {
            <WrapUpForm
                wrap_up=wrap_up
                dispositions=dispositions()
                more=Signal::stored(0_usize)
                taken_by=Signal::stored(None::<String>)
                busy=Signal::stored(None::<CallAction>)
                error=Signal::stored(None::<String>)
                on_save=Callback::new(move |request| saved.update(|s| s.push(request)))
            />
        }
    });
    (root, saved, mounted)
}

fn choose(root: &HtmlElement, code: &str) {
    let select: HtmlSelectElement = by_testid(root, "wrap-up-disposition")
        .expect("select")
        .unchecked_into();
    select.set_value(code);
    select
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
}

fn type_notes(root: &HtmlElement, notes: &str) {
    let area: HtmlTextAreaElement = by_testid(root, "wrap-up-notes")
        .expect("notes")
        .unchecked_into();
    area.set_value(notes);
    area.dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn saving_without_a_disposition_says_so_and_sends_nothing() {
    let (root, saved, _mounted) = form(pending("+33 6 12 34 56 78"));
    tick().await;
    click(&root, "wrap-up-save");
    tick().await;
    assert!(text_of(&root, "wrap-up-error").contains("Choose a disposition"));
    assert!(saved.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn a_chosen_disposition_and_notes_are_saved_trimmed() {
    let (root, saved, _mounted) = form(pending("+33 6 12 34 56 78"));
    tick().await;
    choose(&root, "sale");
    type_notes(&root, "  Wants the blue model  ");
    tick().await;
    click(&root, "wrap-up-save");
    tick().await;
    assert_eq!(
        saved.get_untracked(),
        vec![WrapUpRequest {
            disposition: "sale".into(),
            notes: "Wants the blue model".into()
        }]
    );
    assert_eq!(text_of(&root, "wrap-up-how"), "Talked for 01:35");
}

#[wasm_bindgen_test]
async fn notes_over_the_limit_are_counted_and_not_sent() {
    let (root, saved, _mounted) = form(pending("+33 6 12 34 56 78"));
    tick().await;
    choose(&root, "resolved");
    type_notes(&root, &"x".repeat(WRAP_UP_NOTES_MAX_CHARS + 1));
    tick().await;
    click(&root, "wrap-up-save");
    tick().await;
    assert_eq!(
        text_of(&root, "wrap-up-notes-count"),
        format!(
            "{} / {}",
            WRAP_UP_NOTES_MAX_CHARS + 1,
            WRAP_UP_NOTES_MAX_CHARS
        )
    );
    assert!(saved.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn html_in_the_callers_name_stays_text_in_the_wrap_up() {
    let (root, _saved, _mounted) = form(pending("<img src=x onerror=alert(1)>"));
    tick().await;
    let caller = by_testid(&root, "wrap-up-caller").expect("caller");
    assert_eq!(
        caller.text_content().as_deref(),
        Some("<img src=x onerror=alert(1)>")
    );
    assert!(caller.query_selector("img").expect("selector").is_none());
}

#[wasm_bindgen_test]
fn shortcuts_need_alt_and_shift_and_nothing_else() {
    assert_eq!(
        Shortcut::from_key("KeyA", true, true, false, false),
        Some(Shortcut::Answer)
    );
    assert_eq!(Shortcut::from_key("KeyA", true, false, false, false), None);
    assert_eq!(Shortcut::from_key("KeyA", false, true, false, false), None);
    assert_eq!(Shortcut::from_key("KeyA", true, true, true, false), None);
    assert_eq!(Shortcut::from_key("KeyA", true, true, false, true), None);
    assert_eq!(Shortcut::from_key("KeyZ", true, true, false, false), None);
}

#[wasm_bindgen_test]
fn every_shortcut_maps_back_from_its_own_keys() {
    for shortcut in Shortcut::ALL {
        let letter = shortcut.keys().rsplit('+').next().expect("a letter");
        let code = format!("Key{letter}");
        assert_eq!(
            Shortcut::from_key(&code, true, true, false, false),
            Some(shortcut),
            "{shortcut:?}"
        );
    }
}

/// The call adapter with call 7 `state` for Kim, standalone (nothing is posted).
fn adapter(state: CallState) -> (HtmlElement, impl Drop) {
    mount(move || {
        provide_context(HostHandle::new(HostBridge::new(HostTarget::Standalone)));
        provide_context(Auth::new("test-token", Callback::new(|()| {})));
        let desk = RwSignal::new(CallDesk::from_snapshot(kim(), &[call(7, state)]));
        view! {
            <CallAdapter
                desk=desk
                status=Signal::stored(AgentStatus::Available)
                now=Signal::stored(1_010_000_i64)
                dispositions=dispositions()
                crm=RwSignal::new(CrmPops::new(SessionKind::Call))
            />
        }
    })
}

#[wasm_bindgen_test]
async fn alt_shift_a_answers_the_ringing_call() {
    let (root, _mounted) = adapter(CallState::Ringing);
    tick().await;
    press_alt_shift("KeyA");
    tick().await;
    assert_eq!(text_of(&root, "call-answer"), "Answering…");
}

#[wasm_bindgen_test]
async fn alt_shift_t_opens_the_transfer_dialog_during_a_call() {
    let (root, _mounted) = adapter(CallState::Active);
    tick().await;
    assert!(by_testid(&root, "transfer-panel").is_none());
    press_alt_shift("KeyT");
    tick().await;
    assert!(by_testid(&root, "transfer-panel").is_some());
}

#[wasm_bindgen_test]
async fn shortcuts_of_another_phase_do_nothing() {
    let (root, _mounted) = adapter(CallState::Ringing);
    tick().await;
    press_alt_shift("KeyH");
    press_alt_shift("KeyT");
    tick().await;
    assert_eq!(text_of(&root, "call-answer"), "Answer");
    assert!(by_testid(&root, "transfer-panel").is_none());
}
