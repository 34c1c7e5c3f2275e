//! Co-browse sessions in the adapters: which `Cobrowse_Session_*` events are posted, and when.
#![cfg(target_arch = "wasm32")]

use agent_adapter::state::cobrowse::CobrowseDesk;
use agent_adapter::state::crm_pops::SessionKind;
use protocol::cobrowse::{CobrowseChange, CobrowseMode, CobrowseParty, CobrowseView};
use protocol::crm::CrmSessionRef;
use protocol::host::HostEvent;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn session(call_id: u64) -> CobrowseView {
    CobrowseView {
        id: format!("cb-{call_id}"),
        session: CrmSessionRef::Call(call_id),
        requested_by: CobrowseParty::EndUser,
        remote_control: CobrowseMode::Off,
        full_device: CobrowseMode::Off,
        ended_by: None,
    }
}

fn types(events: &[HostEvent]) -> Vec<&'static str> {
    events.iter().map(HostEvent::type_name).collect()
}

#[wasm_bindgen_test]
fn each_change_of_a_session_is_posted_once_with_the_ccai_fields() {
    let mut desk = CobrowseDesk::new(SessionKind::Call, &[]);
    let started = session(4);
    let mut requested = started.clone();
    requested.remote_control = CobrowseMode::Requested;
    let mut ended = requested.clone();
    ended.ended_by = Some(CobrowseParty::Agent);

    let mut posted = desk.apply(&started, CobrowseChange::Started, 1);
    posted.extend(desk.apply(&requested, CobrowseChange::RemoteControl, 1));
    posted.extend(desk.apply(&requested, CobrowseChange::RemoteControl, 1));
    posted.extend(desk.apply(&ended, CobrowseChange::Ended, 1));

    assert_eq!(
        types(&posted),
        [
            "Cobrowse_Session_Started",
            "Cobrowse_Session_Remote_Control_Changed",
            "Cobrowse_Session_Ended"
        ]
    );
    let HostEvent::CobrowseSessionEnded(data) = &posted[2] else {
        panic!("not Ended")
    };
    assert_eq!(
        (data.agent_id, data.call_id, data.chat_id),
        (1, Some(4), None)
    );
    assert_eq!(data.cobrowse_session_ended_by, CobrowseParty::Agent);
    assert_eq!(desk.active(4), None, "an ended session is not shown");
}

#[wasm_bindgen_test]
fn the_answer_to_the_agents_request_waits_for_the_stream_to_post() {
    let mut desk = CobrowseDesk::new(SessionKind::Call, &[session(4)]);
    let mut requested = session(4);
    requested.full_device = CobrowseMode::Requested;

    desk.answered(&requested);
    let posted = desk.apply(&requested, CobrowseChange::FullDevice, 1);

    assert_eq!(types(&posted), ["Cobrowse_Session_Full_Device_Changed"]);
    assert_eq!(
        desk.active(4).map(|v| v.full_device),
        Some(CobrowseMode::Requested)
    );
}

#[wasm_bindgen_test]
fn a_session_going_on_before_the_adapter_loaded_is_shown_without_a_second_start() {
    let mut desk = CobrowseDesk::new(SessionKind::Call, &[session(4)]);
    assert!(desk.active(4).is_some());
    assert!(
        desk.apply(&session(4), CobrowseChange::Started, 1)
            .is_empty()
    );
}

#[wasm_bindgen_test]
fn the_chat_adapter_ignores_sessions_of_calls() {
    let mut desk = CobrowseDesk::new(SessionKind::Chat, &[]);
    assert!(
        desk.apply(&session(4), CobrowseChange::Started, 1)
            .is_empty()
    );
    assert_eq!(desk.active(4), None);
}
