//! Helpers shared by the widget's browser tests.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use protocol::api::{AgentProfile, AgentRole, AgentStatus, CallState, CallView, QueueRef};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlElement, MessageEvent};

/// The test page's window.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// The origin of the test page, e.g. `http://127.0.0.1:38123`.
pub fn own_origin() -> String {
    window().location().origin().expect("page origin")
}

/// A fresh element in `<body>` to mount a view into.
pub fn container() -> HtmlElement {
    let document = window().document().expect("document");
    let element = document.create_element("div").expect("a div");
    document
        .body()
        .expect("body")
        .append_child(&element)
        .expect("append");
    element.unchecked_into()
}

/// Mounts `view` into a fresh container; keep the handle alive for the test.
pub fn mount<F, N>(view: F) -> (HtmlElement, impl Drop)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let root = container();
    let handle = mount_to(root.clone(), view);
    (root.clone(), UnmountOnDrop(Some(handle), root))
}

struct UnmountOnDrop<T>(Option<T>, HtmlElement);

impl<T> Drop for UnmountOnDrop<T> {
    fn drop(&mut self) {
        self.0.take();
        self.1.remove();
    }
}

/// The element with `data-testid=id` inside `root`.
pub fn by_testid(root: &HtmlElement, id: &str) -> Option<web_sys::Element> {
    root.query_selector(&format!("[data-testid='{id}']"))
        .expect("valid selector")
}

/// Text content of the element with `data-testid=id`.
pub fn text_of(root: &HtmlElement, id: &str) -> String {
    by_testid(root, id)
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

/// Waits `ms` milliseconds (a macrotask: lets posted messages be delivered).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Messages received by this window while the inbox lives: `(origin, data)`.
pub struct Inbox {
    received: Rc<RefCell<Vec<(String, wasm_bindgen::JsValue)>>>,
    listener: Closure<dyn FnMut(MessageEvent)>,
}

impl Inbox {
    /// Starts listening for `message` events on the window.
    pub fn listen() -> Self {
        let received = Rc::new(RefCell::new(Vec::new()));
        let sink = received.clone();
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            sink.borrow_mut().push((event.origin(), event.data()));
        });
        window()
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref())
            .expect("listen");
        Self { received, listener }
    }

    /// Everything received so far.
    pub fn messages(&self) -> Vec<(String, wasm_bindgen::JsValue)> {
        self.received.borrow().clone()
    }

    /// Posts a marker to this window and waits until it arrives: messages are delivered in
    /// order, so anything posted before the marker has been received by then.
    pub async fn drain(&self) {
        let marker = "__test_marker__";
        window()
            .post_message(&marker.into(), &own_origin())
            .expect("post marker");
        for _ in 0..200 {
            if self
                .received
                .borrow()
                .iter()
                .any(|(_, data)| data.as_string().as_deref() == Some(marker))
            {
                break;
            }
            sleep(10).await;
        }
        self.received
            .borrow_mut()
            .retain(|(_, data)| data.as_string().as_deref() != Some(marker));
    }
}

impl Drop for Inbox {
    fn drop(&mut self) {
        let _ = window()
            .remove_event_listener_with_callback("message", self.listener.as_ref().unchecked_ref());
    }
}

/// Kim, the demo agent.
pub fn kim() -> AgentProfile {
    AgentProfile {
        id: 1,
        email: "kim@example.com".into(),
        custom_id: Some("007".into()),
        first_name: "Kim".into(),
        last_name: "Lee".into(),
        role: AgentRole::Agent,
        status: AgentStatus::Available,
        queues: vec![sales_fr()],
    }
}

/// The demo queue `sales-fr`.
pub fn sales_fr() -> QueueRef {
    QueueRef {
        id: 8469,
        name: "sales-fr".into(),
        path: "Sales / FR".into(),
    }
}

/// Call `id` in `state`, ringing since t = 1 000 000 ms.
pub fn call(id: u64, state: CallState) -> CallView {
    let started_at = 1_000_000;
    CallView {
        id,
        external_id: format!("pbx-{id}"),
        state,
        caller_phone: Some("+33612345678".into()),
        caller_display: "+33 6 12 34 56 78".into(),
        destination_phone: "0033123456789".into(),
        queue: Some(sales_fr()),
        session_type: "Voice Inbound".into(),
        started_at,
        answered_at: (state != CallState::Ringing).then_some(started_at + 5_000),
        ended_at: (state == CallState::Ended).then_some(started_at + 65_000),
        end_reason: None,
        on_hold: false,
        hold_ms: 0,
        hold_started_at: None,
        redacted: false,
        context: None,
        transfer: None,
    }
}

/// The seed's `callStart` example result (one match: two views, a cart of €1,000, one order).
pub fn seed_match() -> protocol::optico::CallMatch {
    let envelope: protocol::optico::Envelope<protocol::optico::CallMatch> = serde_json::from_str(
        include_str!("../../crates/protocol/tests/fixtures/optico/callStart-response.json"),
    )
    .expect("the seed's example parses");
    envelope
        .results
        .and_then(|results| results.into_iter().next())
        .expect("one result")
}

/// A caller context that is ready with `matches`.
pub fn ready(matches: Vec<protocol::optico::CallMatch>) -> protocol::api::CallerContext {
    protocol::api::CallerContext {
        status: protocol::api::ContextStatus::Ready,
        reason: None,
        matches,
    }
}

/// Clicks the element with `data-testid=id`.
pub fn click(root: &HtmlElement, id: &str) {
    let element: HtmlElement = by_testid(root, id)
        .unwrap_or_else(|| panic!("no {id}"))
        .unchecked_into();
    element.click();
}

/// Chat `id` from the demo bot, in `state`, handed over at t = 1 000 000 ms, without messages.
pub fn chat(id: u64, state: protocol::chat::ChatState) -> protocol::chat::ChatView {
    use protocol::chat::{ChatState, ChatView, ClosedBy, SESSION_TYPE_CHAT_INBOUND};
    let created_at = 1_000_000;
    ChatView {
        id,
        channel: "demo-bot".into(),
        user_id: format!("client-{id}"),
        user_name: format!("Client {id}"),
        queue: sales_fr(),
        state,
        session_type: SESSION_TYPE_CHAT_INBOUND.into(),
        attributes: Default::default(),
        custom_data: None,
        created_at,
        accepted_at: matches!(state, ChatState::Active | ChatState::Closed)
            .then_some(created_at + 5_000),
        closed_at: (state == ChatState::Closed).then_some(created_at + 60_000),
        closed_by: (state == ChatState::Closed).then_some(ClosedBy::Customer),
        messages: Vec::new(),
    }
}

/// Transcript line `id` of `direction` saying `text` (agent lines are Kim's, pending).
pub fn line(
    id: u64,
    direction: protocol::chat::MessageDirection,
    text: &str,
) -> protocol::chat::ChatMessage {
    use protocol::chat::{ChatMessage, DeliveryState, MessageDirection};
    let outbound = direction == MessageDirection::Outbound;
    ChatMessage {
        id,
        direction,
        text: text.into(),
        file: None,
        agent_id: outbound.then_some(1),
        delivery: outbound.then_some(DeliveryState::Pending),
        created_at: 1_000_000 + id as i64,
    }
}

/// Presses Alt+Shift with the key of `code` (`KeyboardEvent.code`, e.g. `KeyA`) on the window.
pub fn press_alt_shift(code: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_code(code);
    init.set_alt_key(true);
    init.set_shift_key(true);
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keyboard event");
    window().dispatch_event(&event).expect("dispatch");
}

/// The chat adapter for Kim with `chats` from the snapshot, standalone (nothing is posted).
pub fn chat_adapter(
    chats: Vec<protocol::chat::ChatView>,
) -> (
    HtmlElement,
    RwSignal<agent_adapter::state::chat_desk::ChatDesk>,
    impl Drop,
) {
    use agent_adapter::adapters::chat::ChatAdapter;
    use agent_adapter::auth::Auth;
    use agent_adapter::host::{HostBridge, HostHandle, HostTarget};
    use agent_adapter::state::chat_desk::ChatDesk;
    let desk = RwSignal::new(ChatDesk::from_snapshot(kim(), &chats));
    let (root, mounted) = mount(move || {
        provide_context(HostHandle::new(HostBridge::new(HostTarget::Standalone)));
        provide_context(Auth::new("test-token", Callback::new(|()| {})));
        view! { <ChatAdapter desk=desk now=Signal::stored(1_030_000_i64) /> }
    });
    (root, desk, mounted)
}

/// Lets Leptos run the effects the last change scheduled (a click can take several rounds, and
/// focus moves wait for an animation frame).
pub async fn settle() {
    leptos::task::tick().await;
    sleep(30).await;
    leptos::task::tick().await;
}
