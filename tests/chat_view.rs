//! The chat adapter as the agent sees it: transcript lines, the composer, tabs, offers.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::components::chat_composer::{ChatComposer, ComposerKey};
use agent_adapter::components::chat_line::ChatLine;
use agent_adapter::state::chat_desk::ChatDesk;
use agent_adapter::state::chat_desk::{ChatAction, TRANSCRIPT_STEP, TRANSCRIPT_WINDOW};
use common::{by_testid, chat, chat_adapter, click, line, mount, settle, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::chat::{ChatFile, ChatState, DeliveryState, MessageDirection};
use protocol::stream::StreamEvent;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn file_line(url: &str) -> protocol::chat::ChatMessage {
    let mut message = line(3, MessageDirection::Inbound, "");
    message.file = Some(ChatFile {
        url: url.into(),
        name: Some("invoice.pdf".into()),
        size: Some(12_800),
    });
    message
}

#[wasm_bindgen_test]
async fn html_in_a_client_message_stays_text() {
    let evil = "<img src=x onerror=alert(1)><b>bold</b>";
    let (root, _mounted) =
        mount(move || view! { <ChatLine message=line(1, MessageDirection::Inbound, evil) /> });
    tick().await;
    assert_eq!(text_of(&root, "chat-line-text"), evil);
    assert!(root.query_selector("img, b").expect("selector").is_none());
}

#[wasm_bindgen_test]
async fn a_javascript_file_url_is_shown_but_not_clickable() {
    let (root, _mounted) =
        mount(|| view! { <ChatLine message=file_line("javascript:alert(document.cookie)") /> });
    tick().await;
    assert!(root.query_selector("a").expect("selector").is_none());
    assert_eq!(text_of(&root, "chat-file-name"), "invoice.pdf");
    assert_eq!(
        text_of(&root, "chat-file-url"),
        "javascript:alert(document.cookie)"
    );
}

#[wasm_bindgen_test]
async fn an_https_file_is_a_download_link_with_its_name_and_size() {
    let (root, _mounted) =
        mount(|| view! { <ChatLine message=file_line("https://files.example.com/i.pdf") /> });
    tick().await;
    let link = by_testid(&root, "chat-file-link").expect("a link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://files.example.com/i.pdf")
    );
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(link.text_content().as_deref(), Some("invoice.pdf"));
    assert!(text_of(&root, "chat-file").contains("12.5 KB"));
}

#[wasm_bindgen_test]
async fn an_agent_message_shows_its_delivery_state() {
    let mut message = line(4, MessageDirection::Outbound, "On its way");
    message.delivery = Some(DeliveryState::Failed);
    let (root, _mounted) = mount(move || view! { <ChatLine message=message /> });
    tick().await;
    let delivery = by_testid(&root, "chat-line-delivery").expect("delivery");
    assert_eq!(
        delivery.get_attribute("data-state").as_deref(),
        Some("failed")
    );
    assert_eq!(delivery.text_content().as_deref(), Some("Not delivered"));
}

#[wasm_bindgen_test]
fn enter_sends_and_shift_enter_or_a_composition_does_not() {
    assert_eq!(
        ComposerKey::of("Enter", false, false, false, false, false),
        ComposerKey::Send
    );
    assert_eq!(
        ComposerKey::of("Enter", true, false, false, false, false),
        ComposerKey::Type
    );
    assert_eq!(
        ComposerKey::of("Enter", false, false, false, false, true),
        ComposerKey::Type
    );
    assert_eq!(
        ComposerKey::of("a", false, false, false, false, false),
        ComposerKey::Type
    );
}

fn press_enter(area: &HtmlTextAreaElement, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keyboard event");
    area.dispatch_event(&event).expect("dispatch")
}

/// A composer with `draft`; returns what it sent.
fn composer(draft: &str) -> (HtmlElement, RwSignal<Vec<String>>, impl Drop) {
    let sent = RwSignal::new(Vec::new());
    let draft = RwSignal::new(draft.to_owned());
    let (root, mounted) = mount(move || {
        view! {
            <ChatComposer
                draft=draft
                on_draft=Callback::new(move |text| draft.set(text))
                on_send=Callback::new(move |text| sent.update(|s| s.push(text)))
                on_file=Callback::new(|_| {})
                busy=Signal::stored(None::<ChatAction>)
            />
        }
    });
    (root, sent, mounted)
}

fn text_area(root: &HtmlElement) -> HtmlTextAreaElement {
    by_testid(root, "chat-composer-input")
        .expect("composer")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn pressing_enter_in_the_composer_sends_the_draft() {
    let (root, sent, _mounted) = composer("Your parcel left today");
    tick().await;
    let not_cancelled = press_enter(&text_area(&root), false);
    assert!(!not_cancelled, "Enter must not also write a new line");
    assert_eq!(
        sent.get_untracked(),
        vec!["Your parcel left today".to_owned()]
    );
}

#[wasm_bindgen_test]
async fn shift_enter_in_the_composer_does_not_send() {
    let (root, sent, _mounted) = composer("First line");
    tick().await;
    let not_cancelled = press_enter(&text_area(&root), true);
    assert!(not_cancelled, "Shift+Enter keeps the browser's new line");
    assert!(sent.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn a_blank_draft_is_not_sent() {
    let (root, sent, _mounted) = composer("   \n ");
    tick().await;
    press_enter(&text_area(&root), false);
    click(&root, "chat-send");
    assert!(sent.get_untracked().is_empty());
}

fn tab(root: &HtmlElement, chat_id: u64) -> HtmlElement {
    root.query_selector(&format!(
        "[data-testid='chat-tab'][data-chat-id='{chat_id}']"
    ))
    .expect("selector")
    .unwrap_or_else(|| panic!("no tab for chat {chat_id}"))
    .unchecked_into()
}

fn type_draft(root: &HtmlElement, text: &str) {
    let area = text_area(root);
    area.set_value(text);
    area.dispatch_event(&web_sys::Event::new("input").expect("event"))
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_draft_of_each_tab_comes_back_after_switching_tabs() {
    let (root, _desk, _mounted) = chat_adapter(vec![
        chat(41, ChatState::Active),
        chat(42, ChatState::Active),
    ]);
    tick().await;
    type_draft(&root, "For the first client");
    tick().await;
    tab(&root, 42).click();
    tick().await;
    assert_eq!(text_area(&root).value(), "");
    type_draft(&root, "For the second client");
    tick().await;
    tab(&root, 41).click();
    tick().await;
    assert_eq!(text_area(&root).value(), "For the first client");
    tab(&root, 42).click();
    tick().await;
    assert_eq!(text_area(&root).value(), "For the second client");
    agent_adapter::state::drafts::clear(1, 41);
    agent_adapter::state::drafts::clear(1, 42);
}

#[wasm_bindgen_test]
async fn a_tab_shows_the_clients_name_and_its_unread_count() {
    let (root, desk, _mounted) = chat_adapter(vec![
        chat(51, ChatState::Active),
        chat(52, ChatState::Active),
    ]);
    tick().await;
    desk.update(|desk| {
        desk.apply(&StreamEvent::ChatMessage {
            chat_id: 52,
            message: line(7, MessageDirection::Inbound, "Hello?"),
        });
    });
    tick().await;
    let other = tab(&root, 52);
    assert!(
        other
            .text_content()
            .unwrap_or_default()
            .contains("Client 52")
    );
    let unread = other
        .query_selector("[data-testid='chat-tab-unread']")
        .expect("selector")
        .expect("an unread badge");
    assert_eq!(unread.text_content().as_deref(), Some("1"));
    assert_eq!(
        other.get_attribute("aria-label").as_deref(),
        Some("Client 52, 1 unread message")
    );
}

/// A chat of `n` client lines, ids 1 to `n`, mounted in an adapter whose transcript is 300 px
/// high (the tests have no stylesheet).
fn long_chat(id: u64, n: u64) -> (HtmlElement, RwSignal<ChatDesk>, impl Drop) {
    let mut long = chat(id, ChatState::Active);
    long.messages = (1..=n)
        .map(|id| line(id, MessageDirection::Inbound, &format!("message {id}")))
        .collect();
    chat_adapter(vec![long])
}

fn transcript(root: &HtmlElement) -> HtmlElement {
    let list: HtmlElement = by_testid(root, "chat-transcript")
        .expect("a transcript")
        .unchecked_into();
    list.style()
        .set_css_text("display: block; height: 300px; overflow-y: auto");
    list
}

/// The message ids of the lines in the DOM, in order.
fn line_ids(root: &HtmlElement) -> Vec<u64> {
    let lines = root
        .query_selector_all("[data-testid='chat-line']")
        .expect("selector");
    (0..lines.length())
        .filter_map(|i| lines.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .filter_map(|line| line.get_attribute("data-message-id")?.parse().ok())
        .collect()
}

/// Scrolls the transcript to `top` and waits for the view to follow.
async fn scroll_to(list: &HtmlElement, top: i32) {
    list.set_scroll_top(top);
    list.dispatch_event(&web_sys::Event::new("scroll").expect("event"))
        .expect("dispatch");
    settle().await;
}

#[wasm_bindgen_test]
async fn a_long_transcript_renders_only_its_newest_window() {
    let (root, _desk, _mounted) = long_chat(61, 1_000);
    tick().await;
    let ids = line_ids(&root);
    assert_eq!(ids.len(), TRANSCRIPT_WINDOW);
    assert_eq!(ids.last(), Some(&1_000));
    assert_eq!(
        text_of(&root, "chat-show-earlier"),
        format!("Show earlier messages ({} more)", 1_000 - TRANSCRIPT_WINDOW)
    );
}

#[wasm_bindgen_test]
async fn show_earlier_moves_the_window_back_a_step_and_offers_the_newest_again() {
    let (root, _desk, _mounted) = long_chat(62, 1_000);
    tick().await;
    click(&root, "chat-show-earlier");
    settle().await;
    let ids = line_ids(&root);
    let end = 1_000 - TRANSCRIPT_STEP as u64;
    assert_eq!(ids.len(), TRANSCRIPT_WINDOW);
    assert_eq!(ids.last(), Some(&end));
    assert_eq!(
        text_of(&root, "chat-show-newest"),
        format!("Show the newest messages ({TRANSCRIPT_STEP} newer)")
    );
    click(&root, "chat-show-newest");
    settle().await;
    assert_eq!(line_ids(&root).last(), Some(&1_000));
    assert!(by_testid(&root, "chat-show-newest").is_none());
}

#[wasm_bindgen_test]
async fn scrolling_to_the_top_brings_earlier_lines_in_and_keeps_the_line_read_in_place() {
    let (root, _desk, _mounted) = long_chat(63, 1_000);
    settle().await;
    let list = transcript(&root);
    scroll_to(&list, list.scroll_height()).await;
    let first = line_ids(&root)[0];
    scroll_to(&list, 0).await;
    let ids = line_ids(&root);
    assert_eq!(ids[0], first - TRANSCRIPT_STEP as u64);
    assert_eq!(ids.len(), TRANSCRIPT_WINDOW);
    // The browser's scroll anchoring kept the line that was at the top on screen.
    assert!(list.scroll_top() > 0);
}

#[wasm_bindgen_test]
async fn new_lines_do_not_move_a_transcript_the_agent_scrolled_up_and_are_counted() {
    let (root, desk, _mounted) = long_chat(64, 300);
    settle().await;
    let list = transcript(&root);
    scroll_to(&list, list.scroll_height()).await;
    scroll_to(&list, list.scroll_height() / 2).await;
    let shown = line_ids(&root);
    desk.update(|d| {
        d.apply(&StreamEvent::ChatMessage {
            chat_id: 64,
            message: line(301, MessageDirection::Inbound, "a new line"),
        });
    });
    settle().await;
    assert_eq!(line_ids(&root), shown);
    assert_eq!(text_of(&root, "chat-show-newest"), "Show 1 newer message");
}

#[wasm_bindgen_test]
async fn new_lines_follow_at_the_bottom_of_the_transcript() {
    let (root, desk, _mounted) = long_chat(65, 300);
    settle().await;
    let list = transcript(&root);
    scroll_to(&list, list.scroll_height()).await;
    desk.update(|d| {
        d.apply(&StreamEvent::ChatMessage {
            chat_id: 65,
            message: line(301, MessageDirection::Inbound, "a new line"),
        });
    });
    settle().await;
    let ids = line_ids(&root);
    assert_eq!(ids.last(), Some(&301));
    assert_eq!(ids.len(), TRANSCRIPT_WINDOW);
    assert!(list.scroll_height() - list.scroll_top() - list.client_height() <= 1);
    assert!(by_testid(&root, "chat-show-newest").is_none());
}

#[wasm_bindgen_test]
async fn an_offer_shows_the_client_the_destination_the_waiting_time_and_the_details_as_text() {
    let mut offered = chat(71, ChatState::Offered);
    offered
        .attributes
        .insert("order".into(), "<b>A-1042</b>".into());
    let (root, _desk, _mounted) = chat_adapter(vec![offered]);
    tick().await;
    assert_eq!(text_of(&root, "chat-offer-name"), "Client 71");
    assert_eq!(text_of(&root, "chat-offer-queue"), "Sales / FR");
    assert_eq!(text_of(&root, "chat-offer-waiting"), "00:30");
    assert_eq!(text_of(&root, "chat-offer-details"), "order<b>A-1042</b>");
    assert!(root.query_selector("b").expect("selector").is_none());
    assert!(
        by_testid(&root, "chat-no-tab").is_some(),
        "says where accepted chats open"
    );
    assert!(
        text_of(&root, "chat-announcer").is_empty(),
        "a restored offer is not news"
    );
}

#[wasm_bindgen_test]
async fn a_new_offer_and_a_new_client_message_are_announced_politely() {
    let (root, desk, _mounted) = chat_adapter(vec![chat(81, ChatState::Active)]);
    tick().await;
    let announcer = by_testid(&root, "chat-announcer").expect("live region");
    assert_eq!(
        announcer.get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    desk.update(|desk| {
        desk.apply(&StreamEvent::ChatOffered {
            chat: chat(82, ChatState::Offered),
        });
    });
    tick().await;
    assert_eq!(
        text_of(&root, "chat-announcer"),
        "Incoming chat from Client 82"
    );
    desk.update(|desk| {
        desk.apply(&StreamEvent::ChatMessage {
            chat_id: 81,
            message: line(9, MessageDirection::Inbound, "Are you there?"),
        });
    });
    tick().await;
    assert_eq!(
        text_of(&root, "chat-announcer"),
        "Client 81 wrote: Are you there?"
    );
}

#[wasm_bindgen_test]
async fn a_chat_the_customer_closed_says_so_and_offers_close_tab_instead_of_the_composer() {
    let (root, _desk, _mounted) = chat_adapter(vec![chat(91, ChatState::Closed)]);
    tick().await;
    assert_eq!(
        text_of(&root, "chat-closed-note"),
        "The customer closed the chat."
    );
    assert!(by_testid(&root, "chat-composer").is_none());
    assert!(by_testid(&root, "chat-dismiss").is_some());
}

#[wasm_bindgen_test]
async fn a_failed_accept_says_why_and_keeps_the_offer() {
    // The test server has no gateway: the accept request gets a 404.
    let (root, desk, _mounted) = chat_adapter(vec![chat(75, ChatState::Offered)]);
    tick().await;
    click(&root, "chat-accept");
    for _ in 0..100 {
        if by_testid(&root, "chat-offer")
            .and_then(|offer| offer.query_selector("[role='alert']").ok().flatten())
            .is_some()
        {
            break;
        }
        common::sleep(20).await;
    }
    let offer = by_testid(&root, "chat-offer").expect("the offer stays");
    let alert = offer
        .query_selector("[role='alert']")
        .expect("selector")
        .expect("a failure message");
    let message = alert.text_content().unwrap_or_default();
    assert!(
        message.starts_with("Could not accept the chat:"),
        "{message}"
    );
    assert_eq!(
        text_of(&root, "chat-accept"),
        "Accept",
        "the button is usable again"
    );
    assert_eq!(desk.with_untracked(|d| d.offers().len()), 1);
}

#[wasm_bindgen_test]
fn arrow_keys_home_and_end_move_between_tabs_and_wrap_around() {
    use agent_adapter::components::chat_tabs::tab_key_target;
    assert_eq!(tab_key_target("ArrowRight", 0, 3), Some(1));
    assert_eq!(tab_key_target("ArrowRight", 2, 3), Some(0));
    assert_eq!(tab_key_target("ArrowLeft", 0, 3), Some(2));
    assert_eq!(tab_key_target("Home", 2, 3), Some(0));
    assert_eq!(tab_key_target("End", 0, 3), Some(2));
    assert_eq!(tab_key_target("Enter", 0, 3), None);
    assert_eq!(tab_key_target("ArrowRight", 0, 0), None);
}

#[wasm_bindgen_test]
async fn arrow_right_in_the_tab_bar_shows_the_next_chat_and_focuses_its_tab() {
    let (root, desk, _mounted) = chat_adapter(vec![
        chat(95, ChatState::Active),
        chat(96, ChatState::Active),
    ]);
    tick().await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keyboard event");
    tab(&root, 95).dispatch_event(&event).expect("dispatch");
    tick().await;
    common::sleep(50).await;
    assert_eq!(desk.with_untracked(|d| d.active_id()), Some(96));
    let focused = common::window()
        .document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.get_attribute("data-chat-id"));
    assert_eq!(focused.as_deref(), Some("96"));
    assert_eq!(
        tab(&root, 96).get_attribute("aria-selected").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
fn message_times_are_wall_clock_hours_and_minutes_in_the_agents_zone() {
    use agent_adapter::format::clock_time;
    // 2026-12-01 18:05:30 UTC.
    let at = 1_796_148_330_000;
    assert_eq!(clock_time(at, 0), "18:05");
    assert_eq!(clock_time(at, -60), "19:05", "Paris in winter");
    assert_eq!(clock_time(at, 420), "11:05", "seven hours behind");
    assert_eq!(clock_time(at, -360), "00:05", "past midnight");
}
