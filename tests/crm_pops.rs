//! CRM record pops: one per session and record URL, only http(s), only this adapter's kind.
#![cfg(target_arch = "wasm32")]

use agent_adapter::state::crm_pops::{CrmPops, SessionKind};
use protocol::crm::{CrmLookupState, CrmSessionRef, CrmSessionView};
use protocol::host::HostEvent;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn view(session: CrmSessionRef, state: CrmLookupState, record_url: Option<&str>) -> CrmSessionView {
    CrmSessionView {
        session,
        state,
        lookup_url: None,
        account_id: Some("12".into()),
        record_id: record_url.map(|_| "34".into()),
        account_url: None,
        record_url: record_url.map(str::to_owned),
        screen_pop_url: None,
        error: None,
    }
}

fn pops(events: &[HostEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            HostEvent::CrmRecordPop(data) => Some(data.record_url.clone()),
            _ => None,
        })
        .collect()
}

#[wasm_bindgen_test]
fn a_ready_record_pops_once_even_when_the_update_repeats() {
    let mut crm = CrmPops::new(SessionKind::Call);
    let ready = view(
        CrmSessionRef::Call(7),
        CrmLookupState::Ready,
        Some("http://127.0.0.1:8701/crm/records/34"),
    );
    assert!(
        crm.apply(&view(CrmSessionRef::Call(7), CrmLookupState::Pending, None))
            .is_empty()
    );
    assert_eq!(
        pops(&crm.apply(&ready)),
        vec!["http://127.0.0.1:8701/crm/records/34"]
    );
    assert!(crm.apply(&ready).is_empty(), "popped twice");
}

#[wasm_bindgen_test]
fn a_record_url_that_is_not_http_is_never_popped() {
    let mut crm = CrmPops::new(SessionKind::Call);
    let events = crm.apply(&view(
        CrmSessionRef::Call(7),
        CrmLookupState::Ready,
        Some("javascript:alert(1)"),
    ));
    assert!(events.is_empty(), "{events:?}");
}

#[wasm_bindgen_test]
fn a_chat_adapter_ignores_call_sessions() {
    let mut crm = CrmPops::new(SessionKind::Chat);
    let events = crm.apply(&view(
        CrmSessionRef::Call(7),
        CrmLookupState::Ready,
        Some("https://crm.example.com/r/1"),
    ));
    assert!(events.is_empty());
    assert!(crm.view(7).is_none());
}

#[wasm_bindgen_test]
fn a_failed_lookup_is_kept_to_be_shown_and_pops_nothing() {
    let mut crm = CrmPops::new(SessionKind::Chat);
    let mut failed = view(CrmSessionRef::Chat(3), CrmLookupState::Failed, None);
    failed.error = Some("the CRM answered HTTP 400".into());
    assert!(crm.apply(&failed).is_empty());
    assert_eq!(
        crm.view(3).and_then(|v| v.error.clone()).as_deref(),
        Some("the CRM answered HTTP 400")
    );
}
