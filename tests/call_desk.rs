//! The call adapter's rules: which host events each call produces, and what is shown.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::state::call_desk::{CallDesk, CallPhase, LastCall};
use common::{call, kim, ready, seed_match};
use protocol::api::{AgentRef, CallState, CallTransfer, ContextChange, LegOutcome, QueueRef};
use protocol::host::{CallData, HostEvent, PartyAddedData, RedactionData, TransferData};
use protocol::optico::RealtimeType;
use protocol::stream::{StreamEvent, WithdrawReason};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn offered(id: u64) -> StreamEvent {
    StreamEvent::CallOffered {
        call: call(id, CallState::Ringing),
    }
}

fn answered(id: u64) -> StreamEvent {
    StreamEvent::CallAnswered {
        call: call(id, CallState::Active),
    }
}

fn ended(id: u64) -> StreamEvent {
    StreamEvent::CallEnded {
        call: call(id, CallState::Ended),
    }
}

fn names(events: &[HostEvent]) -> Vec<&'static str> {
    events.iter().map(HostEvent::type_name).collect()
}

#[wasm_bindgen_test]
fn an_offered_call_rings_without_any_host_event() {
    let mut desk = CallDesk::new(kim());
    assert!(desk.apply(&offered(7)).is_empty());
    assert_eq!(
        desk.phase(),
        CallPhase::Ringing(call(7, CallState::Ringing))
    );
}

#[wasm_bindgen_test]
fn answering_posts_new_call_then_agent_joined_call_with_the_call_data() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    let events = desk.answer_succeeded(call(7, CallState::Active));

    let data = CallData::new(&kim(), &call(7, CallState::Active));
    assert_eq!(
        events,
        vec![
            HostEvent::NewCall(data.clone()),
            HostEvent::AgentJoinedCall(data)
        ]
    );
    assert_eq!(desk.phase(), CallPhase::Active(call(7, CallState::Active)));
}

#[wasm_bindgen_test]
fn the_stream_confirming_an_answer_does_not_post_new_call_again() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    let first = desk.answer_succeeded(call(7, CallState::Active));
    let second = desk.apply(&answered(7));
    assert_eq!(names(&first), vec!["New_Call", "Agent_Joined_Call"]);
    assert!(second.is_empty(), "posted twice: {second:?}");
}

#[wasm_bindgen_test]
fn a_call_answered_elsewhere_and_reported_by_the_stream_posts_new_call_once() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    let first = desk.apply(&answered(7));
    let replayed = desk.apply(&answered(7));
    assert_eq!(names(&first), vec!["New_Call", "Agent_Joined_Call"]);
    assert!(replayed.is_empty());
}

#[wasm_bindgen_test]
fn hanging_up_posts_end_call_once_even_when_the_stream_reports_the_end_too() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.answer_succeeded(call(7, CallState::Active));
    let by_agent = desk.hangup_succeeded(call(7, CallState::Ended));
    let from_stream = desk.apply(&ended(7));

    assert_eq!(
        by_agent,
        vec![HostEvent::EndCall(CallData::new(
            &kim(),
            &call(7, CallState::Ended)
        ))]
    );
    assert!(from_stream.is_empty(), "End_Call posted twice");
    assert_eq!(desk.wrap_ups().len(), 1, "one wrap-up, not two");
}

#[wasm_bindgen_test]
fn the_caller_hanging_up_an_answered_call_posts_end_call() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.apply(&answered(7));
    assert_eq!(names(&desk.apply(&ended(7))), vec!["End_Call"]);
}

#[wasm_bindgen_test]
fn a_withdrawn_call_posts_nothing_and_goes_back_to_idle() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    let withdrawn = StreamEvent::CallWithdrawn {
        call: call(7, CallState::Ringing),
        reason: WithdrawReason::RingTimeout,
    };
    assert!(desk.apply(&withdrawn).is_empty());
    assert!(
        desk.apply(&ended(7)).is_empty(),
        "End_Call for a call never answered here"
    );
    assert_eq!(desk.phase(), CallPhase::Idle);
    assert_eq!(
        desk.last_call(),
        Some(&LastCall::Missed {
            caller: "+33 6 12 34 56 78".into()
        })
    );
}

#[wasm_bindgen_test]
fn a_call_the_caller_abandons_while_ringing_posts_no_end_call() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    let mut abandoned = call(7, CallState::Ended);
    abandoned.answered_at = None;
    assert!(
        desk.apply(&StreamEvent::CallEnded { call: abandoned })
            .is_empty()
    );
    assert_eq!(
        desk.last_call(),
        Some(&LastCall::Abandoned {
            caller: "+33 6 12 34 56 78".into()
        })
    );
}

#[wasm_bindgen_test]
fn a_declined_call_does_not_ring_again_when_its_offer_is_replayed() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.decline_succeeded(7);
    desk.apply(&offered(7));
    assert_eq!(desk.phase(), CallPhase::Idle);
    assert_eq!(
        desk.last_call(),
        Some(&LastCall::Declined {
            caller: "+33 6 12 34 56 78".into()
        })
    );
}

#[wasm_bindgen_test]
fn an_ended_call_cannot_be_answered_by_a_late_event() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.apply(&ended(7));
    assert!(desk.apply(&answered(7)).is_empty());
    assert_eq!(desk.phase(), CallPhase::Idle);
}

#[wasm_bindgen_test]
fn a_call_restored_in_progress_posts_end_call_but_no_second_new_call() {
    let mut desk = CallDesk::from_snapshot(kim(), &[call(7, CallState::Active)]);
    assert_eq!(desk.phase(), CallPhase::Active(call(7, CallState::Active)));
    assert!(desk.apply(&answered(7)).is_empty());
    assert_eq!(names(&desk.apply(&ended(7))), vec!["End_Call"]);
}

#[wasm_bindgen_test]
fn the_summary_of_an_ended_call_has_its_talk_time() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.apply(&answered(7));
    desk.apply(&ended(7));
    // answered 5 s after start, ended 65 s after start: one minute of conversation.
    assert_eq!(
        desk.last_call(),
        Some(&LastCall::Ended {
            caller: "+33 6 12 34 56 78".into(),
            duration_ms: 60_000
        })
    );
}

#[wasm_bindgen_test]
fn a_second_call_rings_after_the_first_one_ends() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.apply(&answered(7));
    desk.apply(&offered(8));
    assert_eq!(
        desk.phase().as_str(),
        "active",
        "the call in progress stays on screen"
    );
    desk.apply(&ended(7));
    assert_eq!(
        desk.phase(),
        CallPhase::Ringing(call(8, CallState::Ringing))
    );
}

fn context_updated(id: u64, change: Option<ContextChange>) -> StreamEvent {
    StreamEvent::CallContextUpdated {
        call_id: id,
        context: ready(vec![seed_match()]),
        change,
    }
}

#[wasm_bindgen_test]
fn a_context_update_reaches_the_ringing_call_without_any_host_event() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    assert_eq!(desk.context_of(7), None);
    assert!(desk.apply(&context_updated(7, None)).is_empty());
    assert_eq!(desk.context_of(7), Some(ready(vec![seed_match()])));
    assert_eq!(
        desk.last_change(),
        None,
        "a finished lookup is not a live change"
    );
}

#[wasm_bindgen_test]
fn a_live_context_change_reaches_the_active_call_and_is_numbered() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.answer_succeeded(call(7, CallState::Active));
    let cart = ContextChange {
        kind: RealtimeType::Cart,
        id: 80359,
    };
    assert!(
        desk.apply(&context_updated(7, Some(cart.clone())))
            .is_empty()
    );
    assert!(
        desk.apply(&context_updated(7, Some(cart.clone())))
            .is_empty()
    );

    let CallPhase::Active(active) = desk.phase() else {
        panic!("not in call");
    };
    assert_eq!(active.context, Some(ready(vec![seed_match()])));
    let live = desk.last_change().expect("a live change");
    assert_eq!((live.call_id, &live.change, live.seq), (7, &cart, 2));
}

#[wasm_bindgen_test]
fn a_context_update_for_an_unknown_or_ended_call_is_ignored() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.apply(&ended(7));
    let before = desk.clone();
    let change = ContextChange {
        kind: RealtimeType::View,
        id: 1,
    };
    assert!(
        desk.apply(&context_updated(7, Some(change.clone())))
            .is_empty()
    );
    assert!(desk.apply(&context_updated(99, Some(change))).is_empty());
    assert_eq!(desk, before);
}

/// Call `id` in progress with the recording paused (`redacted`) and on hold (`on_hold`).
fn in_call(id: u64, redacted: bool, on_hold: bool) -> protocol::api::CallView {
    let mut view = call(id, CallState::Active);
    view.redacted = redacted;
    view.on_hold = on_hold;
    view.hold_started_at = on_hold.then_some(1_010_000);
    view
}

fn updated(id: u64, redacted: bool, on_hold: bool) -> StreamEvent {
    StreamEvent::CallUpdated {
        call: in_call(id, redacted, on_hold),
    }
}

/// A desk with call `id` answered here.
fn desk_in_call(id: u64) -> CallDesk {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(id));
    desk.answer_succeeded(call(id, CallState::Active));
    desk
}

fn redaction(id: u64) -> RedactionData {
    RedactionData {
        agent_id: kim().id,
        call_id: id,
    }
}

#[wasm_bindgen_test]
fn pausing_the_recording_posts_call_redaction_started_with_the_agent_and_call() {
    let mut desk = desk_in_call(7);
    let events = desk.apply(&updated(7, true, false));
    assert_eq!(events, vec![HostEvent::CallRedactionStarted(redaction(7))]);
    assert!(desk.controls_of(7).redacted);
    assert_eq!(desk.phase(), CallPhase::Active(in_call(7, true, false)));
}

#[wasm_bindgen_test]
fn resuming_the_recording_posts_call_redaction_stopped() {
    let mut desk = desk_in_call(7);
    desk.apply(&updated(7, true, false));
    let events = desk.apply(&updated(7, false, false));
    assert_eq!(events, vec![HostEvent::CallRedactionStopped(redaction(7))]);
    assert!(!desk.controls_of(7).redacted);
}

#[wasm_bindgen_test]
fn the_same_redaction_change_delivered_twice_posts_once() {
    let mut desk = desk_in_call(7);
    let first = desk.apply(&updated(7, true, false));
    let from_stream = desk.apply(&updated(7, true, false));
    assert_eq!(names(&first), vec!["Call_Redaction_Started"]);
    assert!(from_stream.is_empty(), "posted twice: {from_stream:?}");

    let first = desk.apply(&updated(7, false, false));
    let from_stream = desk.apply(&updated(7, false, false));
    assert_eq!(names(&first), vec!["Call_Redaction_Stopped"]);
    assert!(from_stream.is_empty(), "posted twice: {from_stream:?}");
}

#[wasm_bindgen_test]
fn hold_and_resume_post_nothing_but_are_shown() {
    let mut desk = desk_in_call(7);
    assert!(desk.apply(&updated(7, false, true)).is_empty());
    let controls = desk.controls_of(7);
    assert!(controls.on_hold);
    assert_eq!(controls.hold_started_at, Some(1_010_000));
    assert!(desk.apply(&updated(7, false, true)).is_empty());
    assert!(desk.apply(&updated(7, false, false)).is_empty());
    assert!(!desk.controls_of(7).on_hold);
}

#[wasm_bindgen_test]
fn an_update_of_another_call_is_ignored() {
    let mut desk = desk_in_call(7);
    desk.apply(&offered(8));
    assert!(desk.apply(&updated(8, true, true)).is_empty());
    assert!(desk.apply(&updated(9, true, true)).is_empty());
    assert_eq!(desk.phase(), CallPhase::Active(call(7, CallState::Active)));
    assert_eq!(desk.controls_of(8), Default::default());
    assert_eq!(desk.controls_of(9), Default::default());
}

#[wasm_bindgen_test]
fn an_update_after_the_call_ended_is_ignored() {
    let mut desk = desk_in_call(7);
    desk.apply(&ended(7));
    assert!(desk.apply(&updated(7, true, false)).is_empty());
    assert_eq!(desk.phase().as_str(), "wrap-up");
}

#[wasm_bindgen_test]
fn an_update_keeps_the_caller_context_the_desk_has() {
    let mut desk = desk_in_call(7);
    desk.apply(&StreamEvent::CallContextUpdated {
        call_id: 7,
        context: ready(vec![seed_match()]),
        change: None,
    });
    desk.apply(&updated(7, false, true));
    assert_eq!(desk.context_of(7), Some(ready(vec![seed_match()])));
}

// --- Wrap-up and transfer ---------------------------------------------------------------------

fn ariel() -> AgentRef {
    AgentRef {
        id: 2,
        email: "ariel@example.com".into(),
        custom_id: None,
        name: "Ariel Martin".into(),
    }
}

fn support() -> QueueRef {
    QueueRef {
        id: 7678,
        name: "support".into(),
        path: "Support / EN".into(),
    }
}

/// Kim hands call `id` to the `support` queue.
fn to_support(id: u64) -> (StreamEvent, CallTransfer) {
    let transfer = CallTransfer {
        from_agent: AgentRef {
            id: 1,
            email: "kim@example.com".into(),
            custom_id: Some("007".into()),
            name: "Kim Lee".into(),
        },
        to_agent: None,
        from_queue: Some(common::sales_fr()),
        to_queue: Some(support()),
        at: 1_050_000,
    };
    let mut now_ringing = call(id, CallState::Ringing);
    now_ringing.queue = Some(support());
    now_ringing.transfer = Some(transfer.clone());
    let event = StreamEvent::CallTransferred {
        call: now_ringing,
        transfer: transfer.clone(),
    };
    (event, transfer)
}

#[wasm_bindgen_test]
fn an_answered_call_that_ends_waits_for_its_wrap_up() {
    let mut desk = desk_in_call(7);
    desk.apply(&ended(7));
    let CallPhase::WrapUp(wrap_up) = desk.phase() else {
        panic!("wrap-up expected, got {:?}", desk.phase())
    };
    assert_eq!((wrap_up.call_id, wrap_up.outcome), (7, LegOutcome::Ended));
    assert_eq!(wrap_up.ended_at - wrap_up.answered_at, 60_000);
}

#[wasm_bindgen_test]
fn a_saved_wrap_up_goes_back_to_idle() {
    let mut desk = desk_in_call(7);
    desk.apply(&ended(7));
    desk.wrap_up_saved(7);
    assert_eq!(desk.phase(), CallPhase::Idle);
}

#[wasm_bindgen_test]
fn a_call_ringing_during_the_wrap_up_is_shown_first_and_the_wrap_up_waits() {
    let mut desk = desk_in_call(7);
    desk.apply(&ended(7));
    desk.apply(&offered(8));
    assert_eq!(
        desk.phase(),
        CallPhase::Ringing(call(8, CallState::Ringing))
    );
    desk.apply(&StreamEvent::CallWithdrawn {
        call: call(8, CallState::Ringing),
        reason: WithdrawReason::Declined,
    });
    assert_eq!(desk.phase().call_id(), Some(7));
}

#[wasm_bindgen_test]
fn a_call_never_answered_here_leaves_no_wrap_up() {
    let mut desk = CallDesk::new(kim());
    desk.apply(&offered(7));
    desk.apply(&ended(7));
    assert!(desk.wrap_ups().is_empty());
    assert_eq!(desk.phase(), CallPhase::Idle);
}

#[wasm_bindgen_test]
fn a_wrap_up_saved_in_another_tab_closes_here_too() {
    let mut desk = desk_in_call(7);
    desk.apply(&ended(7));
    let mut saved = desk.wrap_ups()[0].clone();
    saved.disposition = Some("resolved".into());
    saved.saved_at = Some(1_070_000);
    assert!(
        desk.apply(&StreamEvent::WrapUpSaved { wrap_up: saved })
            .is_empty()
    );
    assert_eq!(desk.phase(), CallPhase::Idle);
}

#[wasm_bindgen_test]
fn transferring_posts_transfer_call_then_end_call_with_the_queue_the_agent_had() {
    let mut desk = desk_in_call(7);
    let (event, transfer) = to_support(7);
    let events = desk.apply(&event);
    let had = call(7, CallState::Active);
    assert_eq!(
        events,
        vec![
            HostEvent::TransferCall(TransferData::for_call(&had, &transfer)),
            HostEvent::EndCall(CallData::new(&kim(), &had)),
        ]
    );
    let HostEvent::TransferCall(data) = &events[0] else {
        unreachable!()
    };
    assert_eq!(
        (data.from_queue_id, data.to_queue_id),
        (Some(8469), Some(7678))
    );
}

#[wasm_bindgen_test]
fn a_transferred_call_leaves_a_wrap_up_saying_where_it_went() {
    let mut desk = desk_in_call(7);
    desk.apply(&to_support(7).0);
    let CallPhase::WrapUp(wrap_up) = desk.phase() else {
        panic!("wrap-up expected")
    };
    assert_eq!(wrap_up.outcome, LegOutcome::Transferred);
    assert_eq!(wrap_up.transferred_to.as_deref(), Some("Support / EN"));
    assert_eq!(wrap_up.queue, Some(common::sales_fr()));
    assert_eq!(
        desk.last_call(),
        Some(&LastCall::Transferred {
            caller: "+33 6 12 34 56 78".into(),
            to: "Support / EN".into()
        })
    );
}

#[wasm_bindgen_test]
fn the_same_transfer_delivered_twice_posts_once() {
    let mut desk = desk_in_call(7);
    let (event, _) = to_support(7);
    assert_eq!(desk.apply(&event).len(), 2);
    assert!(desk.apply(&event).is_empty());
}

#[wasm_bindgen_test]
fn the_agent_taking_a_transferred_call_posts_party_added_once() {
    let mut desk = desk_in_call(7);
    desk.apply(&to_support(7).0);
    let mut taken = call(7, CallState::Active);
    taken.queue = Some(support());
    let joined = StreamEvent::CallPartyAdded {
        call: taken.clone(),
        agent: ariel(),
    };
    let events = desk.apply(&joined);
    assert_eq!(
        events,
        vec![HostEvent::PartyAdded(PartyAddedData::agent_joined_call(
            &taken,
            &ariel()
        ))]
    );
    assert!(desk.apply(&joined).is_empty(), "Party_Added posted twice");
    assert_eq!(desk.taken_by(7), Some("Ariel Martin"));
}

#[wasm_bindgen_test]
fn a_transferred_call_that_comes_back_rings_again_as_a_new_part() {
    // A call the agent closed by transferring it may ring at them again when nobody else takes
    // it: that offer must not be dropped as a stale replay.
    let mut desk = desk_in_call(7);
    let (transferred, transfer) = to_support(7);
    desk.apply(&transferred);
    let mut back = call(7, CallState::Ringing);
    back.transfer = Some(transfer);
    desk.apply(&StreamEvent::CallOffered { call: back.clone() });
    assert_eq!(desk.phase(), CallPhase::Ringing(back));
    let events = desk.answer_succeeded(call(7, CallState::Active));
    assert_eq!(names(&events), vec!["New_Call", "Agent_Joined_Call"]);
}

#[wasm_bindgen_test]
fn pending_wrap_ups_of_the_snapshot_are_shown_after_a_reload() {
    let mut desk = desk_in_call(7);
    desk.apply(&ended(7));
    let pending = desk.wrap_ups().to_vec();
    let restored = CallDesk::from_snapshot(kim(), &[]).with_wrap_ups(&pending);
    assert_eq!(restored.phase(), CallPhase::WrapUp(pending[0].clone()));
}
