//! Agent assist in the chat adapter: the suggestion card, `Agent_Assist_Started`, and the lead
//! and appointment forms.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::adapters::chat::ChatAdapter;
use agent_adapter::auth::Auth;
use agent_adapter::components::customer_tools::{CustomerDetails, CustomerTools};
use agent_adapter::format::{calendar_day, clock_time_seconds};
use agent_adapter::host::{HostBridge, HostHandle, HostTarget};
use agent_adapter::state::assist::{AssistDesk, AssistShown};
use agent_adapter::state::chat_desk::ChatDesk;
use common::{by_testid, chat, click, kim, line, mount, text_of};
use leptos::prelude::*;
use protocol::assist::{AssistState, AssistView, Suggestion};
use protocol::chat::ChatState;
use protocol::crm::CrmSessionRef;
use protocol::host::HostEvent;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const CHAT: u64 = 7;

fn waiting() -> AssistView {
    AssistView {
        chat_id: CHAT,
        state: AssistState::Waiting,
        suggestion: None,
        error: None,
        conversation_id: Some("conv_1".into()),
        language: "fr".into(),
    }
}

fn ready(id: u64, text: &str) -> AssistView {
    AssistView {
        state: AssistState::Ready,
        suggestion: Some(Suggestion {
            id,
            message_id: 40 + id,
            text: text.into(),
            tools: vec!["knowledge search".into()],
        }),
        ..waiting()
    }
}

fn unavailable(reason: &str) -> AssistView {
    AssistView {
        state: AssistState::Unavailable,
        error: Some(reason.into()),
        ..waiting()
    }
}

/// The chat adapter with chat 7 open and `views` as the assist state.
fn adapter(
    views: &[AssistView],
) -> (
    HtmlElement,
    RwSignal<ChatDesk>,
    RwSignal<AssistDesk>,
    impl Drop + use<>,
) {
    adapter_with(views, Vec::new())
}

/// [`adapter`] with chat 7's transcript.
fn adapter_with(
    views: &[AssistView],
    messages: Vec<protocol::chat::ChatMessage>,
) -> (
    HtmlElement,
    RwSignal<ChatDesk>,
    RwSignal<AssistDesk>,
    impl Drop + use<>,
) {
    // Drafts outlive a test in `sessionStorage`: start each one without.
    agent_adapter::state::drafts::clear(kim().id, CHAT);
    let mut shown = chat(CHAT, ChatState::Active);
    shown.messages = messages;
    let desk = RwSignal::new(ChatDesk::from_snapshot(kim(), &[shown]));
    let assist = RwSignal::new(AssistDesk::from_snapshot(views, []));
    let (root, mounted) = mount(move || {
        provide_context(HostHandle::new(HostBridge::new(HostTarget::Standalone)));
        provide_context(Auth::new("test-token", Callback::new(|()| {})));
        view! { <ChatAdapter desk=desk now=Signal::stored(1_030_000_i64) assist=assist tools=true /> }
    });
    (root, desk, assist, mounted)
}

fn composer_text(root: &HtmlElement) -> String {
    by_testid(root, "chat-composer-input")
        .expect("composer")
        .unchecked_into::<HtmlTextAreaElement>()
        .value()
}

#[wasm_bindgen_test]
async fn a_suggestion_being_prepared_shows_a_typing_indicator() {
    let (root, _, _, _mounted) = adapter(&[waiting()]);
    common::settle().await;
    assert!(by_testid(&root, "assist-typing").is_some());
    assert!(by_testid(&root, "assist-card").is_none());
}

#[wasm_bindgen_test]
async fn a_suggestion_is_shown_as_text_with_the_tools_it_used() {
    let evil = "<img src=x onerror=alert(1)>Our plans start at 29 EUR";
    let (root, _, _, _mounted) = adapter(&[ready(1, evil)]);
    common::settle().await;
    assert_eq!(text_of(&root, "assist-text"), evil);
    let card = by_testid(&root, "assist-card").expect("card");
    assert!(card.query_selector("img").expect("selector").is_none());
    assert!(text_of(&root, "assist-tools").contains("knowledge search"));
}

#[wasm_bindgen_test]
async fn insert_puts_the_suggestion_in_the_composer_without_sending_it() {
    let (root, desk, _, _mounted) = adapter(&[ready(1, "Hello, how can I help?")]);
    common::settle().await;
    click(&root, "assist-insert");
    common::settle().await;
    assert_eq!(composer_text(&root), "Hello, how can I help?");
    assert_eq!(
        desk.with_untracked(|d| d.draft(CHAT)),
        "Hello, how can I help?"
    );
    assert!(
        by_testid(&root, "assist-card").is_none(),
        "the card is done"
    );
    assert!(
        desk.with_untracked(|d| d.chat(CHAT))
            .expect("chat")
            .messages
            .is_empty(),
        "nothing was sent"
    );
}

#[wasm_bindgen_test]
async fn insert_keeps_what_the_agent_already_typed() {
    let (root, desk, _, _mounted) = adapter(&[ready(1, "Our plans start at 29 EUR.")]);
    desk.update(|d| d.set_draft(CHAT, "Good question!"));
    common::settle().await;
    click(&root, "assist-insert");
    common::settle().await;
    assert_eq!(
        composer_text(&root),
        "Good question!\nOur plans start at 29 EUR."
    );
}

#[wasm_bindgen_test]
async fn an_edited_suggestion_is_inserted_as_edited() {
    let (root, _, _, _mounted) = adapter(&[ready(1, "Hello, how can I help?")]);
    common::settle().await;
    click(&root, "assist-edit");
    common::settle().await;
    let editor: HtmlTextAreaElement = by_testid(&root, "assist-editor")
        .expect("editor")
        .unchecked_into();
    editor.set_value("Hello Alex, how can I help?");
    editor
        .dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    click(&root, "assist-insert");
    common::settle().await;
    assert_eq!(composer_text(&root), "Hello Alex, how can I help?");
}

#[wasm_bindgen_test]
async fn dismiss_hides_the_suggestion_and_leaves_the_composer_alone() {
    let (root, _, _, _mounted) = adapter(&[ready(1, "Hello")]);
    common::settle().await;
    click(&root, "assist-dismiss");
    common::settle().await;
    assert!(by_testid(&root, "assist-card").is_none());
    assert_eq!(composer_text(&root), "");
}

#[wasm_bindgen_test]
async fn a_new_suggestion_after_a_dismissed_one_is_shown() {
    let (root, _, assist, _mounted) = adapter(&[ready(1, "Hello")]);
    common::settle().await;
    click(&root, "assist-dismiss");
    assist.update(|a| {
        a.apply(&ready(2, "Anything else?"), None, 1, "10:00:00");
    });
    common::settle().await;
    assert_eq!(text_of(&root, "assist-text"), "Anything else?");
}

#[wasm_bindgen_test]
async fn an_unavailable_suggestion_says_why_and_offers_to_try_again() {
    let (root, _, _, _mounted) = adapter(&[unavailable("Optimly did not answer within 8 s")]);
    common::settle().await;
    assert_eq!(
        text_of(&root, "assist-reason"),
        "Assist unavailable: Optimly did not answer within 8 s"
    );
    assert!(by_testid(&root, "assist-retry").is_some());
    assert!(
        by_testid(&root, "chat-composer-input").is_some(),
        "the chat goes on"
    );
}

#[wasm_bindgen_test]
fn the_first_suggestion_of_a_chat_posts_agent_assist_started_with_the_ccai_fields() {
    let mut assist = AssistDesk::default();
    let shown = chat(CHAT, ChatState::Active);
    assert!(
        assist
            .apply(&waiting(), Some(&shown), 1, "12:45:15")
            .is_empty()
    );
    let events = assist.apply(&ready(1, "Hi"), Some(&shown), 1, "12:45:15");
    let [HostEvent::AgentAssistStarted(data)] = events.as_slice() else {
        panic!("expected Agent_Assist_Started, got {events:?}")
    };
    assert_eq!(data.conversation_id, "conv_1");
    assert_eq!(data.queue_id, shown.queue.id.to_string());
    assert_eq!(data.agent_id, "1");
    assert_eq!(data.session_id, CHAT.to_string());
    assert_eq!(data.queue_language_id, "fr");
    assert_eq!(data.timestamp, "12:45:15");
}

#[wasm_bindgen_test]
fn later_suggestions_of_the_chat_post_nothing() {
    let mut assist = AssistDesk::default();
    assist.apply(&ready(1, "Hi"), None, 1, "12:45:15");
    assert!(assist.apply(&waiting(), None, 1, "12:46:00").is_empty());
    assert!(
        assist
            .apply(&ready(2, "More"), None, 1, "12:46:01")
            .is_empty()
    );
}

#[wasm_bindgen_test]
fn a_chat_that_had_a_suggestion_before_the_reload_posts_nothing() {
    let mut from_snapshot = AssistDesk::from_snapshot(&[ready(1, "Hi")], []);
    assert!(
        from_snapshot
            .apply(&ready(2, "More"), None, 1, "x")
            .is_empty()
    );
    let mut from_storage = AssistDesk::from_snapshot(&[waiting()], [CHAT]);
    assert!(
        from_storage
            .apply(&ready(2, "More"), None, 1, "x")
            .is_empty()
    );
}

#[wasm_bindgen_test]
fn a_used_suggestion_is_not_shown_again() {
    let mut assist = AssistDesk::from_snapshot(&[ready(1, "Hi")], []);
    assist.done_with(1);
    assert_eq!(assist.shown(CHAT), None);
    assist.apply(&unavailable("down"), None, 1, "x");
    assert_eq!(
        assist.shown(CHAT),
        Some(AssistShown::Unavailable("down".into()))
    );
}

#[wasm_bindgen_test]
fn the_agents_local_time_and_day_are_formatted_for_the_forms_and_events() {
    // 2026-12-01 23:30:05 UTC, seen from Paris (UTC+1, offset -60): 00:30:05 the next day.
    let ms = 1_796_167_805_000;
    assert_eq!(clock_time_seconds(ms, -60), "00:30:05");
    assert_eq!(calendar_day(ms, 0, 0), "2026-12-01");
    assert_eq!(calendar_day(ms, -60, 0), "2026-12-02");
    assert_eq!(calendar_day(ms, 0, 31), "2027-01-01");
    assert_eq!(calendar_day(951_782_400_000, 0, 0), "2000-02-29");
}

fn tools(details: CustomerDetails) -> (HtmlElement, impl Drop) {
    mount(move || {
        provide_context(Auth::new("test-token", Callback::new(|()| {})));
        view! { <CustomerTools session=CrmSessionRef::Chat(CHAT) details=details.clone() /> }
    })
}

fn field(root: &HtmlElement, name: &str) -> HtmlInputElement {
    by_testid(root, &format!("tool-field-{name}"))
        .unwrap_or_else(|| panic!("no field {name}"))
        .unchecked_into()
}

fn details() -> CustomerDetails {
    CustomerDetails {
        name: "Alex Morgan".into(),
        email: "alex@example.com".into(),
        phone: "+33 6 12 34 56 78".into(),
    }
}

#[wasm_bindgen_test]
async fn the_lead_form_is_filled_in_from_what_the_session_knows() {
    let (root, _mounted) = tools(details());
    click(&root, "tool-lead");
    common::settle().await;
    assert_eq!(field(&root, "full_name").value(), "Alex Morgan");
    assert_eq!(field(&root, "email").value(), "alex@example.com");
    assert_eq!(field(&root, "phone").value(), "+33 6 12 34 56 78");
}

#[wasm_bindgen_test]
async fn a_lead_with_a_malformed_email_is_not_sent_and_says_why() {
    let (root, _mounted) = tools(CustomerDetails {
        email: "alex@".into(),
        ..details()
    });
    click(&root, "tool-lead");
    common::settle().await;
    click(&root, "lead-submit");
    common::settle().await;
    assert_eq!(
        text_of(&root, "tool-error-email"),
        "This email address is not valid."
    );
    assert_eq!(
        field(&root, "email")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    let submit: HtmlElement = by_testid(&root, "lead-submit")
        .expect("submit")
        .unchecked_into();
    assert_ne!(
        submit.text_content().as_deref(),
        Some("Sending…"),
        "nothing was sent"
    );
}

#[wasm_bindgen_test]
async fn the_appointment_form_proposes_tomorrow_at_ten_for_half_an_hour() {
    let (root, _mounted) = tools(details());
    click(&root, "tool-appointment");
    common::settle().await;
    let tomorrow = calendar_day(
        js_sys::Date::now() as i64,
        js_sys::Date::new_0().get_timezone_offset() as i64,
        1,
    );
    assert_eq!(field(&root, "date").value(), tomorrow);
    assert_eq!(field(&root, "time").value(), "10:00");
    assert_eq!(field(&root, "duration_minutes").value(), "30");
    assert_eq!(field(&root, "name").value(), "Alex Morgan");
}

#[wasm_bindgen_test]
async fn escape_closes_a_tool_form() {
    let (root, _mounted) = tools(details());
    click(&root, "tool-lead");
    common::settle().await;
    let dialog = by_testid(&root, "lead-dialog").expect("dialog");
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    dialog.dispatch_event(&event).expect("dispatch");
    common::settle().await;
    assert!(by_testid(&root, "lead-dialog").is_none());
}

#[wasm_bindgen_test]
async fn correcting_a_refused_field_clears_its_refusal() {
    let (root, _mounted) = tools(CustomerDetails {
        name: String::new(),
        ..details()
    });
    click(&root, "tool-lead");
    common::settle().await;
    click(&root, "lead-submit");
    common::settle().await;
    assert_eq!(text_of(&root, "tool-error-full_name"), "Enter the name.");
    let name = field(&root, "full_name");
    name.set_value("Alex");
    name.dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
    common::settle().await;
    assert_eq!(text_of(&root, "tool-error-full_name"), "");
}

#[wasm_bindgen_test]
async fn a_suggestion_for_a_message_the_agent_already_answered_is_not_shown() {
    use protocol::chat::MessageDirection::{Inbound, Outbound};
    // ready(1, …) answers message 41; the agent replied with line 42 meanwhile.
    let messages = vec![
        line(41, Inbound, "Where is my order?"),
        line(42, Outbound, "Checking…"),
    ];
    let (root, _, _, _mounted) = adapter_with(&[ready(1, "It ships today.")], messages);
    common::settle().await;
    assert!(by_testid(&root, "assist-card").is_none());
}

#[wasm_bindgen_test]
async fn a_suggestion_for_the_latest_customer_message_is_shown_after_earlier_replies() {
    use protocol::chat::MessageDirection::{Inbound, Outbound};
    let messages = vec![
        line(40, Outbound, "Hello!"),
        line(41, Inbound, "Where is my order?"),
    ];
    let (root, _, _, _mounted) = adapter_with(&[ready(1, "It ships today.")], messages);
    common::settle().await;
    assert!(by_testid(&root, "assist-card").is_some());
}
