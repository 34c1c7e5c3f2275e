//! The realtime stream: an `EventSource` on `GET /api/v1/stream?ticket=…&since=…`.
//!
//! An `EventSource` cannot send an `Authorization` header, so each connection first gets a
//! single-use ticket (`POST /api/v1/stream/ticket`). Because the ticket is spent, the browser's
//! own reconnection would fail: on any error the source is closed and a new connection is made
//! with a fresh ticket and `since=<last event id seen>`, after an increasing delay
//! ([`Backoff`]). Events already seen (id ≤ last id) are dropped, so a replay never applies an
//! event twice. A 401 on the ticket means the session is gone.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::{TimeoutHandle, WindowListenerHandle, set_timeout_with_handle};
use leptos::task::spawn_local;
use protocol::stream::StreamEnvelope;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

use crate::api;

/// What the connection indicator shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    /// First connection in progress.
    Connecting,
    /// Events arrive in real time.
    Connected,
    /// The connection was lost; a new one is being made.
    Reconnecting,
    /// The browser is offline or the gateway has been unreachable several times in a row;
    /// retries continue in the background.
    Offline,
}

impl ConnectionState {
    /// The `data-state` value and CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connecting => "connecting",
            Self::Connected => "connected",
            Self::Reconnecting => "reconnecting",
            Self::Offline => "offline",
        }
    }
}

/// Retry schedule: 1 s, 2 s, 4 s … up to 30 s; "offline" after three failures in a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backoff {
    failures: u32,
    ever_connected: bool,
}

impl Backoff {
    /// First retry delay.
    pub const BASE_MS: u32 = 1_000;
    /// Longest retry delay.
    pub const MAX_MS: u32 = 30_000;
    /// Failures in a row after which the state is [`ConnectionState::Offline`].
    pub const OFFLINE_AFTER: u32 = 3;

    /// A connection opened: the schedule starts over.
    pub fn connected(&mut self) {
        self.failures = 0;
        self.ever_connected = true;
    }

    /// A connection attempt failed or a connection was lost: the state to show and the delay
    /// before the next attempt (without jitter).
    pub fn failed(&mut self, browser_online: bool) -> (ConnectionState, u32) {
        self.failures = self.failures.saturating_add(1);
        let shift = (self.failures - 1).min(16);
        let delay = Self::BASE_MS.saturating_mul(1 << shift).min(Self::MAX_MS);
        let state = if !browser_online || self.failures >= Self::OFFLINE_AFTER {
            ConnectionState::Offline
        } else if self.ever_connected {
            ConnectionState::Reconnecting
        } else {
            ConnectionState::Connecting
        };
        (state, delay)
    }
}

/// The stream URL for a ticket, continuing after event `since`.
pub fn stream_url(ticket: &str, since: u64) -> String {
    format!(
        "/api/v1/stream?ticket={}&since={since}",
        percent_encode(ticket)
    )
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What the stream reports to its owner.
pub struct StreamCallbacks {
    /// A new event (never one already delivered).
    pub on_event: Box<dyn Fn(StreamEnvelope)>,
    /// The connection state changed.
    pub on_state: Box<dyn Fn(ConnectionState)>,
    /// The gateway refused the session (401): the stream has stopped.
    pub on_unauthorized: Box<dyn Fn()>,
}

/// A running stream connection; dropping it closes the connection and stops retrying.
pub struct RealtimeStream {
    shared: Rc<Shared>,
}

struct Shared {
    inner: RefCell<Inner>,
    callbacks: StreamCallbacks,
}

type EventClosure = Closure<dyn FnMut(web_sys::Event)>;
type MessageClosure = Closure<dyn FnMut(MessageEvent)>;

#[derive(Default)]
struct Inner {
    token: String,
    last_id: u64,
    backoff: Backoff,
    closed: bool,
    generation: u64,
    source: Option<EventSource>,
    listeners: Option<(EventClosure, MessageClosure, EventClosure)>,
    /// Listeners of closed sources; dropped at the next connection (never from inside one of
    /// their own calls).
    retired: Vec<(EventClosure, MessageClosure, EventClosure)>,
    retry: Option<TimeoutHandle>,
    online_listener: Option<WindowListenerHandle>,
}

impl RealtimeStream {
    /// Connects with `token`, delivering events after `since` (the snapshot's `last_event_id`).
    pub fn start(token: String, since: u64, callbacks: StreamCallbacks) -> Self {
        let inner = Inner {
            token,
            last_id: since,
            ..Inner::default()
        };
        let shared = Rc::new(Shared {
            inner: RefCell::new(inner),
            callbacks,
        });
        let weak = Rc::downgrade(&shared);
        let online = leptos::prelude::window_event_listener_untyped("online", move |_| {
            if let Some(shared) = weak.upgrade() {
                retry_now(&shared);
            }
        });
        shared.inner.borrow_mut().online_listener = Some(online);
        (shared.callbacks.on_state)(ConnectionState::Connecting);
        connect(Rc::downgrade(&shared));
        Self { shared }
    }

    /// Id of the newest event delivered.
    pub fn last_event_id(&self) -> u64 {
        self.shared.inner.borrow().last_id
    }
}

impl Drop for RealtimeStream {
    fn drop(&mut self) {
        let mut inner = self.shared.inner.borrow_mut();
        inner.closed = true;
        if let Some(source) = inner.source.take() {
            source.close();
        }
        if let Some(retry) = inner.retry.take() {
            retry.clear();
        }
        if let Some(online) = inner.online_listener.take() {
            online.remove();
        }
    }
}

/// Gets a ticket and opens the source. Holds only a weak reference while waiting, so a stream
/// dropped meanwhile is not revived.
fn connect(weak: Weak<Shared>) {
    spawn_local(async move {
        let Some(token) = weak.upgrade().and_then(|shared| {
            let inner = shared.inner.borrow();
            (!inner.closed).then(|| inner.token.clone())
        }) else {
            return;
        };
        let result = api::stream_ticket(&token).await;
        let Some(shared) = weak.upgrade() else { return };
        if shared.inner.borrow().closed {
            return;
        }
        match result {
            Ok(ticket) => open(&shared, &ticket.ticket),
            Err(error) if error.is_unauthorized() => {
                shared.inner.borrow_mut().closed = true;
                (shared.callbacks.on_unauthorized)();
            }
            Err(_) => failed(&shared),
        }
    });
}

fn open(shared: &Rc<Shared>, ticket: &str) {
    let since = shared.inner.borrow().last_id;
    let Ok(source) = EventSource::new(&stream_url(ticket, since)) else {
        failed(shared);
        return;
    };
    let generation = {
        let mut inner = shared.inner.borrow_mut();
        inner.retired.clear();
        inner.generation += 1;
        inner.generation
    };
    let weak = Rc::downgrade(shared);
    let on_open = EventClosure::new({
        let weak = weak.clone();
        move |_: web_sys::Event| {
            if let Some(shared) = current(&weak, generation) {
                shared.inner.borrow_mut().backoff.connected();
                (shared.callbacks.on_state)(ConnectionState::Connected);
            }
        }
    });
    let on_message = MessageClosure::new({
        let weak = weak.clone();
        move |event: MessageEvent| {
            if let Some(shared) = current(&weak, generation) {
                received(&shared, &event);
            }
        }
    });
    let on_error = EventClosure::new(move |_: web_sys::Event| {
        if let Some(shared) = current(&weak, generation) {
            lost(&shared);
        }
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let mut inner = shared.inner.borrow_mut();
    inner.source = Some(source);
    inner.listeners = Some((on_open, on_message, on_error));
}

/// The stream, if it is still open and `generation` is its current connection.
fn current(weak: &Weak<Shared>, generation: u64) -> Option<Rc<Shared>> {
    let shared = weak.upgrade()?;
    let live = {
        let inner = shared.inner.borrow();
        !inner.closed && inner.generation == generation && inner.source.is_some()
    };
    live.then_some(shared)
}

fn received(shared: &Shared, event: &MessageEvent) {
    let Some(data) = event.data().as_string() else {
        return;
    };
    let envelope = match serde_json::from_str::<StreamEnvelope>(&data) {
        Ok(envelope) => envelope,
        Err(error) => {
            leptos::logging::warn!("ignoring a stream event this adapter does not know: {error}");
            return;
        }
    };
    {
        let mut inner = shared.inner.borrow_mut();
        if envelope.id <= inner.last_id {
            return;
        }
        inner.last_id = envelope.id;
    }
    (shared.callbacks.on_event)(envelope);
}

/// The source failed: close it (its ticket is spent) and schedule a fresh connection.
fn lost(shared: &Rc<Shared>) {
    {
        let mut inner = shared.inner.borrow_mut();
        if let Some(source) = inner.source.take() {
            source.close();
        }
        if let Some(listeners) = inner.listeners.take() {
            inner.retired.push(listeners);
        }
    }
    failed(shared);
}

fn failed(shared: &Rc<Shared>) {
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    let (state, delay_ms) = shared.inner.borrow_mut().backoff.failed(online);
    (shared.callbacks.on_state)(state);
    // ±20 % jitter so many agents do not reconnect in lockstep after a gateway restart.
    let jitter = 0.8 + 0.4 * js_sys::Math::random();
    let delay = Duration::from_millis((f64::from(delay_ms) * jitter) as u64);
    let weak = Rc::downgrade(shared);
    let handle = set_timeout_with_handle(
        move || {
            if let Some(shared) = weak.upgrade() {
                shared.inner.borrow_mut().retry = None;
                connect(Rc::downgrade(&shared));
            }
        },
        delay,
    );
    shared.inner.borrow_mut().retry = handle.ok();
}

/// The browser is back online: skip the rest of the wait.
fn retry_now(shared: &Rc<Shared>) {
    let pending = shared.inner.borrow_mut().retry.take();
    if let Some(pending) = pending {
        pending.clear();
        connect(Rc::downgrade(shared));
    }
}
