//! The postMessage bridge to the embedding CRM page.
//!
//! The decisions are pure and unit-tested: where the widget runs ([`Embedding`]), whether that
//! page may receive events ([`resolve_target`], exact origin match against the gateway's
//! `allowed_origins`), and the numbering of events ([`HostBridge::prepare`]). Only
//! [`detect_embedding`] and [`post_to_parent`] touch the browser. Events are never posted to
//! `"*"`: always to the pinned origin, and not at all when the page is not allowed.

use leptos::prelude::*;
use protocol::PROTOCOL_VERSION;
use protocol::host::{AdapterKind, AdapterReadyData, HostEvent, HostMessage};
use wasm_bindgen::{JsCast, JsValue};

/// A web origin (`scheme://host[:port]`) reduced to what "same origin" compares: lower-case
/// scheme and host, and the port with the scheme's default port left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

impl Origin {
    /// Parses a serialized origin such as `https://crm.example.com` or `http://127.0.0.1:8701`
    /// (one trailing `/` tolerated). Anything with a path, query, credentials or no host — and the
    /// opaque origin `null` — is `None`.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        let value = value.strip_suffix('/').unwrap_or(value);
        let (scheme, authority) = value.split_once("://")?;
        let valid_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if !valid_scheme || authority.is_empty() || authority.contains(['/', '?', '#', '@']) {
            return None;
        }
        let (host, port) = split_host_port(authority)?;
        let scheme = scheme.to_ascii_lowercase();
        let port = match (scheme.as_str(), port) {
            ("http", Some(80)) | ("https", Some(443)) => None,
            (_, port) => port,
        };
        Some(Self {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// The origin of a full URL (for `document.referrer`), or `None` when it has none.
    pub fn of_url(url: &str) -> Option<Self> {
        let (scheme, rest) = url.trim().split_once("://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        let authority = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        Self::parse(&format!("{scheme}://{authority}"))
    }

    /// The canonical serialization, as browsers write `event.origin`.
    pub fn serialize(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }
}

fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if rest.is_empty() => (host, None),
            None => return None,
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok()?),
        None => None,
    };
    Some((host, port))
}

/// Where the widget is running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Embedding {
    /// Opened directly in a tab (`window.parent === window`).
    Standalone,
    /// Inside a frame; `embedder` is the parent page's origin when the browser tells it.
    Framed {
        /// `location.ancestorOrigins[0]`, else the origin of `document.referrer`.
        embedder: Option<String>,
    },
}

/// Where host events go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostTarget {
    /// Not embedded: the widget works, but nothing is posted.
    Standalone,
    /// Embedded by an allowed page: events go to exactly this origin.
    Pinned(String),
    /// Embedded by a page that is not allowed (or whose origin is unknown): nothing is posted and
    /// the widget refuses to run.
    Refused {
        /// The embedding page's origin, when known.
        embedder: Option<String>,
    },
}

/// Decides where events may go: a framed widget posts only when its embedder's origin equals one
/// of `allowed_origins` exactly (scheme, host and port).
pub fn resolve_target(embedding: &Embedding, allowed_origins: &[String]) -> HostTarget {
    let embedder = match embedding {
        Embedding::Standalone => return HostTarget::Standalone,
        Embedding::Framed { embedder } => embedder,
    };
    let parsed = embedder.as_deref().and_then(Origin::parse);
    match parsed {
        Some(origin)
            if allowed_origins
                .iter()
                .any(|a| Origin::parse(a).as_ref() == Some(&origin)) =>
        {
            HostTarget::Pinned(origin.serialize())
        }
        _ => HostTarget::Refused {
            embedder: embedder.clone(),
        },
    }
}

/// One message ready for `postMessage`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// The `targetOrigin` argument: the pinned origin, never `"*"`.
    pub target_origin: String,
    /// The JSON string posted as the message.
    pub json: String,
    /// Its sequence number.
    pub seq: u64,
}

/// How many posted events are kept for `Sync_Request`.
pub const REPLAY_LOG: usize = 1_000;

/// Numbers host events, decides whether they are posted, and keeps the latest ones for
/// `Sync_Request`.
#[derive(Clone, Debug, PartialEq)]
pub struct HostBridge {
    target: HostTarget,
    next_seq: u64,
    log: std::collections::VecDeque<HostMessage>,
    stats: CommandStats,
}

/// What the host sent, counted by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommandStats {
    /// Commands carried out (answered with `Ack`).
    pub accepted: u64,
    /// Command envelopes refused (answered with `Error`).
    pub refused: u64,
    /// Messages ignored because they did not come from the embedding page.
    pub wrong_sender: u64,
    /// Messages ignored for being larger than the cap.
    pub too_large: u64,
    /// Messages ignored for not being commands at all.
    pub not_commands: u64,
}

/// Why a message from the page is not even looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// The widget is not embedded by an allowed page: it takes no commands.
    NotPinned,
    /// `event.source` is not `window.parent`, or `event.origin` is not the pinned origin.
    WrongSender,
    /// Larger than [`protocol::command::MAX_COMMAND_BYTES`].
    TooLarge,
}

impl HostBridge {
    /// A bridge for `target`; the first posted event gets `seq` 1.
    pub fn new(target: HostTarget) -> Self {
        Self {
            target,
            next_seq: 1,
            log: std::collections::VecDeque::new(),
            stats: CommandStats::default(),
        }
    }

    /// Whether a message may be read as a command: it must come from the parent window
    /// (`from_parent`), with exactly the pinned origin, and be at most the size cap.
    pub fn admit(&self, origin: &str, from_parent: bool, size: usize) -> Result<(), Ignored> {
        let HostTarget::Pinned(pinned) = &self.target else {
            return Err(Ignored::NotPinned);
        };
        if !from_parent || origin != pinned {
            return Err(Ignored::WrongSender);
        }
        if size > protocol::command::MAX_COMMAND_BYTES {
            return Err(Ignored::TooLarge);
        }
        Ok(())
    }

    /// The counters of what the host sent.
    pub fn stats(&self) -> CommandStats {
        self.stats
    }

    /// Counts a message by what became of it.
    pub fn count(&mut self, outcome: CommandOutcome) {
        let counter = match outcome {
            CommandOutcome::Accepted => &mut self.stats.accepted,
            CommandOutcome::Refused => &mut self.stats.refused,
            CommandOutcome::Ignored(Ignored::TooLarge) => &mut self.stats.too_large,
            CommandOutcome::Ignored(_) => &mut self.stats.wrong_sender,
            CommandOutcome::NotACommand => &mut self.stats.not_commands,
        };
        *counter += 1;
    }

    /// The kept events after `since_seq`, marked as replays, and how many after it are no longer
    /// kept.
    pub fn replay_since(&self, since_seq: u64) -> (Vec<Outgoing>, u64) {
        let HostTarget::Pinned(origin) = &self.target else {
            return (Vec::new(), 0);
        };
        let oldest_kept = self.log.front().map_or(self.next_seq, |m| m.seq);
        let missing = oldest_kept.saturating_sub(since_seq.saturating_add(1));
        let replayed = self
            .log
            .iter()
            .filter(|message| message.seq > since_seq)
            .map(|message| {
                let mut again = message.clone();
                again.replay = true;
                Outgoing {
                    target_origin: origin.clone(),
                    json: again.to_json_string(),
                    seq: again.seq,
                }
            })
            .collect();
        (replayed, missing)
    }

    /// The `seq` of the newest event posted (0 before the first).
    pub fn last_seq(&self) -> u64 {
        self.next_seq - 1
    }

    /// Where events go.
    pub fn target(&self) -> &HostTarget {
        &self.target
    }

    /// The message for `event` when it is to be posted (numbered from 1, without gaps), or `None`
    /// when the widget is standalone or refused.
    pub fn prepare(&mut self, event: HostEvent) -> Option<Outgoing> {
        let HostTarget::Pinned(origin) = &self.target else {
            return None;
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        let message = HostMessage {
            event,
            seq,
            v: PROTOCOL_VERSION,
            replay: false,
        };
        let json = message.to_json_string();
        if self.log.len() == REPLAY_LOG {
            self.log.pop_front();
        }
        self.log.push_back(message);
        Some(Outgoing {
            target_origin: origin.clone(),
            json,
            seq,
        })
    }
}

/// What became of one message from the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandOutcome {
    /// A command carried out.
    Accepted,
    /// A command envelope refused with `Error`.
    Refused,
    /// Not looked at.
    Ignored(Ignored),
    /// Not a command.
    NotACommand,
}

/// The `Adapter_Ready` event of this build.
pub fn ready_event(kind: AdapterKind) -> HostEvent {
    HostEvent::AdapterReady(AdapterReadyData {
        adapter: kind,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        protocol_version: PROTOCOL_VERSION,
    })
}

/// Finds out whether the widget is framed and by which origin.
pub fn detect_embedding() -> Embedding {
    let Some(window) = web_sys::window() else {
        return Embedding::Standalone;
    };
    let framed = match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(parent.as_ref(), window.as_ref()),
        _ => false,
    };
    if !framed {
        return Embedding::Standalone;
    }
    Embedding::Framed {
        embedder: ancestor_origin(&window).or_else(|| referrer_origin(&window)),
    }
}

/// `location.ancestorOrigins[0]`, read defensively (Firefox has no `ancestorOrigins`).
fn ancestor_origin(window: &web_sys::Window) -> Option<String> {
    let list = js_sys::Reflect::get(&window.location(), &JsValue::from_str("ancestorOrigins"))
        .ok()
        .filter(|list| !list.is_undefined() && !list.is_null())?;
    js_sys::Reflect::get(&list, &JsValue::from(0))
        .ok()?
        .as_string()
}

fn referrer_origin(window: &web_sys::Window) -> Option<String> {
    let referrer = window.document()?.referrer();
    Origin::of_url(&referrer).map(|origin| origin.serialize())
}

/// Posts `message` to `window.parent` with its pinned target origin.
pub fn post_to_parent(message: &Outgoing) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let parent = window
        .parent()?
        .ok_or_else(|| JsValue::from_str("no parent window"))?;
    parent.post_message(&JsValue::from_str(&message.json), &message.target_origin)
}

/// The bridge as shared by components (through context): cheap to copy.
#[derive(Clone, Copy)]
pub struct HostHandle(StoredValue<HostBridge>);

impl HostHandle {
    /// Stores `bridge` in the current reactive owner.
    pub fn new(bridge: HostBridge) -> Self {
        Self(StoredValue::new(bridge))
    }

    /// The handle provided by an enclosing adapter.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Where events go.
    pub fn target(&self) -> HostTarget {
        self.0.with_value(|bridge| bridge.target().clone())
    }

    /// Posts `event` to the host page when allowed.
    pub fn emit(&self, event: HostEvent) {
        let Some(message) = self
            .0
            .try_update_value(|bridge| bridge.prepare(event))
            .flatten()
        else {
            return;
        };
        post_logging_failure(&message);
    }

    /// Posts each event in order.
    pub fn emit_all(&self, events: impl IntoIterator<Item = HostEvent>) {
        for event in events {
            self.emit(event);
        }
    }

    /// Reads the bridge.
    pub fn with<T>(&self, read: impl FnOnce(&HostBridge) -> T) -> Option<T> {
        self.0.try_with_value(read)
    }

    /// Changes the bridge (counters).
    pub fn update(&self, change: impl FnOnce(&mut HostBridge)) {
        self.0.try_update_value(change);
    }

    /// Posts the kept events after `since_seq` again (with their own `seq` and `replay: true`);
    /// returns how many were posted and how many are no longer kept.
    pub fn replay_since(&self, since_seq: u64) -> (u64, u64) {
        let (messages, missing) = self
            .with(|bridge| bridge.replay_since(since_seq))
            .unwrap_or_default();
        for message in &messages {
            post_logging_failure(message);
        }
        (messages.len() as u64, missing)
    }
}

/// Posts `message`; a failure (the parent went away) is logged, never raised.
fn post_logging_failure(message: &Outgoing) {
    if let Err(error) = post_to_parent(message) {
        let detail = error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()));
        leptos::logging::warn!("postMessage to the host failed: {detail:?}");
    }
}
