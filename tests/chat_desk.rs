//! The chat adapter's rules: which host events each chat produces, unread counts, drafts.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::state::chat_desk::TranscriptPosition::{EndingAt, Newest};
use agent_adapter::state::chat_desk::{
    ChatDesk, ChatNotice, TRANSCRIPT_STEP, TRANSCRIPT_WINDOW, TranscriptPosition,
};
use agent_adapter::state::drafts;
use common::{chat, kim, line, sales_fr};
use protocol::api::QueueRef;
use protocol::chat::{ChatState, ChatView, ChatWithdrawReason, DeliveryState, MessageDirection};
use protocol::host::{ChatData, ChatMessageData, EndChatData, HostEvent, TransferData};
use protocol::stream::StreamEvent;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

use MessageDirection::{Inbound, Outbound, System};

fn names(events: &[HostEvent]) -> Vec<&'static str> {
    events.iter().map(HostEvent::type_name).collect()
}

fn offered(id: u64) -> StreamEvent {
    StreamEvent::ChatOffered {
        chat: chat(id, ChatState::Offered),
    }
}

fn said(chat_id: u64, id: u64, direction: MessageDirection, text: &str) -> StreamEvent {
    StreamEvent::ChatMessage {
        chat_id,
        message: line(id, direction, text),
    }
}

/// A desk for Kim with chats `ids` accepted, in that order (the last one shown).
fn desk_with(ids: &[u64]) -> ChatDesk {
    let mut desk = ChatDesk::new(kim());
    for id in ids {
        desk.apply(&offered(*id));
        desk.accept_succeeded(&chat(*id, ChatState::Active));
    }
    desk
}

fn support() -> QueueRef {
    QueueRef {
        id: 7678,
        name: "support".into(),
        path: "Support / EN".into(),
    }
}

#[wasm_bindgen_test]
fn an_offered_chat_waits_for_accept_without_any_host_event() {
    let mut desk = ChatDesk::new(kim());
    assert!(desk.apply(&offered(5)).is_empty());
    assert_eq!(desk.offers().len(), 1);
    assert!(desk.tabs().is_empty());
}

#[wasm_bindgen_test]
fn accepting_posts_new_chat_then_agent_joined_chat_with_the_seed_fields() {
    let mut desk = ChatDesk::new(kim());
    desk.apply(&offered(5));
    let events = desk.accept_succeeded(&chat(5, ChatState::Active));

    let data = ChatData::new(&kim(), &chat(5, ChatState::Active));
    assert_eq!(
        events,
        vec![
            HostEvent::NewChat(data.clone()),
            HostEvent::AgentJoinedChat(data.clone())
        ]
    );
    assert_eq!(data.queue_path.as_deref(), Some("Sales / FR"));
    assert_eq!(data.agent_email, "kim@example.com");
    assert!(desk.offers().is_empty());
    assert_eq!(desk.active_id(), Some(5));
}

#[wasm_bindgen_test]
fn the_stream_confirming_an_accept_does_not_post_new_chat_again() {
    let mut desk = ChatDesk::new(kim());
    desk.apply(&offered(5));
    let first = desk.accept_succeeded(&chat(5, ChatState::Active));
    let second = desk.apply(&StreamEvent::ChatAccepted {
        chat: chat(5, ChatState::Active),
    });
    assert_eq!(names(&first), vec!["New_Chat", "Agent_Joined_Chat"]);
    assert!(second.is_empty(), "posted twice: {second:?}");
}

#[wasm_bindgen_test]
fn a_client_message_posts_chat_inbound_message_once_per_message_id() {
    let mut desk = desk_with(&[5]);
    let first = desk.apply(&said(5, 10, Inbound, "Where is my order?"));
    let replayed = desk.apply(&said(5, 10, Inbound, "Where is my order?"));

    let expected = ChatMessageData::new(&kim(), &chat(5, ChatState::Active), "Where is my order?");
    assert_eq!(first, vec![HostEvent::ChatInboundMessage(expected)]);
    assert!(replayed.is_empty(), "a replay posted again: {replayed:?}");
    assert_eq!(desk.message_count(5), 1);
}

#[wasm_bindgen_test]
fn a_sent_message_posts_chat_outbound_message_once_whether_the_answer_or_the_stream_comes_first() {
    let mut answer_first = desk_with(&[5]);
    answer_first.set_draft(5, "One moment");
    let by_answer = answer_first.send_succeeded(5, "One moment", &line(11, Outbound, "One moment"));
    let by_stream = answer_first.apply(&said(5, 11, Outbound, "One moment"));
    assert_eq!(names(&by_answer), vec!["Chat_Outbound_Message"]);
    assert!(by_stream.is_empty(), "{by_stream:?}");
    assert_eq!(answer_first.draft(5), "", "the sent draft is cleared");

    let mut stream_first = desk_with(&[6]);
    let by_stream = stream_first.apply(&said(6, 12, Outbound, "Hello"));
    let by_answer = stream_first.send_succeeded(6, "Hello", &line(12, Outbound, "Hello"));
    assert_eq!(names(&by_stream), vec!["Chat_Outbound_Message"]);
    assert!(by_answer.is_empty(), "{by_answer:?}");
}

#[wasm_bindgen_test]
fn system_lines_and_lines_of_offered_chats_post_nothing() {
    let mut desk = desk_with(&[5]);
    desk.apply(&offered(6));
    assert!(desk.apply(&said(5, 10, System, "Kim joined")).is_empty());
    assert!(
        desk.apply(&said(6, 11, Inbound, "Anyone there?"))
            .is_empty()
    );
    assert_eq!(desk.offers()[0].messages.len(), 1, "kept with the offer");
}

#[wasm_bindgen_test]
fn the_end_of_a_chat_posts_end_chat_once_whoever_closed_it() {
    let mut desk = desk_with(&[5, 6]);
    let mut closed_by_agent = chat(5, ChatState::Closed);
    closed_by_agent.closed_by = Some(protocol::chat::ClosedBy::Agent);
    let by_answer = desk.close_succeeded(&closed_by_agent);
    let by_stream = desk.apply(&StreamEvent::ChatEnded {
        chat: closed_by_agent.clone(),
    });
    let by_customer = desk.apply(&StreamEvent::ChatEnded {
        chat: chat(6, ChatState::Closed),
    });

    assert_eq!(
        by_answer,
        vec![HostEvent::EndChat(EndChatData::new(
            &kim(),
            &closed_by_agent
        ))]
    );
    assert!(by_stream.is_empty(), "{by_stream:?}");
    assert_eq!(names(&by_customer), vec!["End_Chat"]);
    assert!(
        desk.tabs().iter().all(|tab| tab.closed),
        "closed tabs stay until dismissed"
    );
}

#[wasm_bindgen_test]
fn dismissing_a_closed_chat_posts_dismissed_chat_once_and_removes_its_tab() {
    let mut desk = desk_with(&[5]);
    desk.apply(&StreamEvent::ChatEnded {
        chat: chat(5, ChatState::Closed),
    });
    let first = desk.dismiss_succeeded(5);
    let again = desk.apply(&StreamEvent::ChatDismissed { chat_id: 5 });
    assert_eq!(names(&first), vec!["Dismissed_Chat"]);
    assert!(again.is_empty());
    assert!(desk.tabs().is_empty());
    assert_eq!(desk.active_id(), None);
}

#[wasm_bindgen_test]
fn a_transfer_posts_transfer_chat_from_the_old_to_the_new_destination_and_closes_the_tab() {
    let mut desk = desk_with(&[5]);
    let mut moved = chat(5, ChatState::Queued);
    moved.queue = support();
    let first = desk.transfer_succeeded(&moved);
    let again = desk.apply(&StreamEvent::ChatWithdrawn {
        chat: moved.clone(),
        reason: ChatWithdrawReason::Transferred,
    });

    let had = chat(5, ChatState::Active);
    assert_eq!(
        first,
        vec![HostEvent::TransferChat(TransferData::to_queue(
            &kim(),
            &had,
            &sales_fr(),
            &support()
        ))]
    );
    assert!(again.is_empty(), "{again:?}");
    assert!(desk.tabs().is_empty());
    assert_eq!(
        desk.notice(),
        Some(&ChatNotice::Transferred {
            name: "Client 5".into(),
            to: "Support / EN".into()
        })
    );
}

#[wasm_bindgen_test]
fn switching_tabs_posts_active_chat_and_clicking_the_shown_tab_does_not() {
    let mut desk = desk_with(&[5, 6]);
    assert_eq!(desk.active_id(), Some(6));
    let switched = desk.select(5);
    let same = desk.select(5);
    assert_eq!(
        switched,
        vec![HostEvent::ActiveChat(ChatData::new(
            &kim(),
            &chat(5, ChatState::Active)
        ))]
    );
    assert!(same.is_empty());
}

#[wasm_bindgen_test]
fn client_messages_in_a_tab_not_shown_count_as_unread_until_it_is_shown() {
    let mut desk = desk_with(&[5, 6]);
    desk.apply(&said(5, 10, Inbound, "Hello?"));
    desk.apply(&said(5, 11, Inbound, "Still there?"));
    desk.apply(&said(6, 12, Inbound, "Hi"));
    assert_eq!(desk.unread(5), 2);
    assert_eq!(desk.unread(6), 0, "the shown tab has nothing unread");
    desk.select(5);
    assert_eq!(desk.unread(5), 0);
}

#[wasm_bindgen_test]
fn drafts_are_kept_per_tab_across_tab_switches() {
    let mut desk = desk_with(&[5, 6]);
    desk.set_draft(5, "Your parcel left");
    desk.select(6);
    desk.set_draft(6, "Bonjour");
    desk.select(5);
    assert_eq!(desk.draft(5), "Your parcel left");
    assert_eq!(desk.draft(6), "Bonjour");
    drafts::clear(kim().id, 5);
    drafts::clear(kim().id, 6);
}

#[wasm_bindgen_test]
fn a_desk_rebuilt_from_the_snapshot_has_the_drafts_and_posts_nothing_for_the_history() {
    let mut desk = desk_with(&[21]);
    desk.set_draft(21, "Half-written answer");
    let mut snapshot_chat = chat(21, ChatState::Active);
    snapshot_chat.messages = vec![line(1, Inbound, "Hi"), line(2, Outbound, "Hello")];

    let mut rebuilt = ChatDesk::from_snapshot(kim(), &[snapshot_chat]);
    assert_eq!(rebuilt.draft(21), "Half-written answer");
    assert_eq!(rebuilt.message_count(21), 2);
    assert_eq!(rebuilt.active_id(), Some(21));
    // The history comes again through a replay: nothing is posted for it.
    assert!(rebuilt.apply(&said(21, 1, Inbound, "Hi")).is_empty());
    assert!(
        rebuilt
            .apply(&StreamEvent::ChatAccepted {
                chat: chat(21, ChatState::Active)
            })
            .is_empty()
    );
    // A new message still posts.
    assert_eq!(
        names(&rebuilt.apply(&said(21, 3, Inbound, "Thanks"))),
        vec!["Chat_Inbound_Message"]
    );
    drafts::clear(kim().id, 21);
}

#[wasm_bindgen_test]
fn a_closed_chat_restored_from_the_snapshot_does_not_post_end_chat_again() {
    let mut desk = ChatDesk::from_snapshot(kim(), &[chat(8, ChatState::Closed)]);
    assert!(
        desk.apply(&StreamEvent::ChatEnded {
            chat: chat(8, ChatState::Closed)
        })
        .is_empty()
    );
    assert_eq!(names(&desk.dismiss_succeeded(8)), vec!["Dismissed_Chat"]);
}

#[wasm_bindgen_test]
fn a_dismissed_tab_loses_its_stored_draft() {
    let mut desk = desk_with(&[31]);
    desk.set_draft(31, "never sent");
    desk.apply(&StreamEvent::ChatEnded {
        chat: chat(31, ChatState::Closed),
    });
    desk.dismiss_succeeded(31);
    assert_eq!(drafts::load(kim().id, 31), None);
}

#[wasm_bindgen_test]
fn delivery_updates_change_the_state_of_the_agents_message() {
    let mut desk = desk_with(&[5]);
    desk.apply(&said(5, 11, Outbound, "Sent"));
    desk.apply(&StreamEvent::MessageDelivery {
        chat_id: 5,
        message_id: 11,
        delivery: DeliveryState::Retrying,
    });
    let shown = desk.transcript(5, Newest);
    assert_eq!(shown.messages[0].delivery, Some(DeliveryState::Retrying));
}

#[wasm_bindgen_test]
fn a_send_answered_after_the_stream_said_delivered_stays_delivered() {
    let mut desk = desk_with(&[5]);
    desk.apply(&said(5, 11, Outbound, "Sent"));
    desk.apply(&StreamEvent::MessageDelivery {
        chat_id: 5,
        message_id: 11,
        delivery: DeliveryState::Delivered,
    });
    // The answer to the agent's own request comes last, still saying "pending".
    desk.send_succeeded(5, "Sent", &line(11, Outbound, "Sent"));
    let shown = desk.transcript(5, Newest);
    assert_eq!(shown.messages[0].delivery, Some(DeliveryState::Delivered));
}

#[wasm_bindgen_test]
fn a_failed_delivery_is_not_undone_by_a_late_retrying_update() {
    let mut desk = desk_with(&[5]);
    desk.apply(&said(5, 11, Outbound, "Sent"));
    for delivery in [DeliveryState::Failed, DeliveryState::Retrying] {
        desk.apply(&StreamEvent::MessageDelivery {
            chat_id: 5,
            message_id: 11,
            delivery,
        });
    }
    let shown = desk.transcript(5, Newest);
    assert_eq!(shown.messages[0].delivery, Some(DeliveryState::Failed));
}

fn long_desk(n: u64) -> ChatDesk {
    let mut history: ChatView = chat(9, ChatState::Active);
    history.messages = (1..=n).map(|id| line(id, Inbound, "…")).collect();
    ChatDesk::from_snapshot(kim(), &[history])
}

fn ids(desk: &ChatDesk, position: TranscriptPosition) -> (u64, u64) {
    let shown = desk.transcript(9, position);
    let first = shown.messages.first().map_or(0, |m| m.id);
    (first, shown.messages.last().map_or(0, |m| m.id))
}

const WINDOW: u64 = TRANSCRIPT_WINDOW as u64;
const STEP: u64 = TRANSCRIPT_STEP as u64;

#[wasm_bindgen_test]
fn a_long_transcript_shows_only_its_newest_window() {
    let desk = long_desk(2_500);
    let shown = desk.transcript(9, Newest);
    assert_eq!(shown.earlier, 2_500 - TRANSCRIPT_WINDOW);
    assert_eq!(shown.later, 0);
    assert_eq!(ids(&desk, Newest), (2_500 - WINDOW + 1, 2_500));
}

#[wasm_bindgen_test]
fn a_step_earlier_moves_the_window_back_and_counts_the_newer_lines_left_out() {
    let desk = long_desk(2_500);
    let back = desk.earlier(9, Newest);
    assert_eq!(back, EndingAt(2_500 - STEP));
    let shown = desk.transcript(9, back);
    assert_eq!(shown.messages.len(), TRANSCRIPT_WINDOW);
    assert_eq!(shown.later, TRANSCRIPT_STEP);
}

#[wasm_bindgen_test]
fn stepping_earlier_stops_at_a_full_window_of_the_first_lines() {
    let desk = long_desk(2_500);
    let mut position = Newest;
    for _ in 0..100 {
        position = desk.earlier(9, position);
    }
    assert_eq!(ids(&desk, position), (1, WINDOW));
    assert_eq!(desk.transcript(9, position).earlier, 0);
}

#[wasm_bindgen_test]
fn a_step_later_that_reaches_the_end_follows_the_newest_lines_again() {
    let desk = long_desk(2_500);
    let back = desk.earlier(9, desk.earlier(9, Newest));
    assert_eq!(desk.later(9, back), EndingAt(2_500 - STEP));
    assert_eq!(desk.later(9, desk.later(9, back)), Newest);
}

#[wasm_bindgen_test]
fn a_held_window_stays_put_while_new_lines_arrive_and_counts_them() {
    let mut desk = long_desk(2_500);
    let held = desk.hold(9, Newest);
    desk.apply(&said(9, 2_501, Inbound, "new"));
    assert_eq!(ids(&desk, held), (2_500 - WINDOW + 1, 2_500));
    assert_eq!(desk.transcript(9, held).later, 1);
    assert_eq!(ids(&desk, Newest).1, 2_501);
}

#[wasm_bindgen_test]
fn a_short_transcript_is_shown_whole_wherever_the_window_is_asked_for() {
    let desk = long_desk(30);
    for position in [Newest, EndingAt(3), desk.earlier(9, Newest)] {
        let shown = desk.transcript(9, position);
        assert_eq!(
            (shown.earlier, shown.later, shown.messages.len()),
            (0, 0, 30)
        );
    }
}

#[wasm_bindgen_test]
fn a_declined_offer_leaves_and_can_be_offered_again() {
    let mut desk = ChatDesk::new(kim());
    desk.apply(&offered(5));
    desk.decline_succeeded(5);
    assert!(desk.offers().is_empty());
    desk.apply(&offered(5));
    assert_eq!(desk.offers().len(), 1);
}

#[wasm_bindgen_test]
fn call_events_are_ignored_by_the_chat_desk() {
    let mut desk = desk_with(&[5]);
    let before = desk.clone();
    let events = desk.apply(&StreamEvent::CallOffered {
        call: common::call(7, protocol::api::CallState::Ringing),
    });
    assert!(events.is_empty());
    assert_eq!(desk, before);
}
