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

/// Numbers host events and decides whether they are posted.
#[derive(Clone, Debug, PartialEq)]
pub struct HostBridge {
    target: HostTarget,
    next_seq: u64,
}

impl HostBridge {
    /// A bridge for `target`; the first posted event gets `seq` 1.
    pub fn new(target: HostTarget) -> Self {
        Self {
            target,
            next_seq: 1,
        }
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
        let json = HostMessage {
            event,
            seq,
            v: PROTOCOL_VERSION,
        }
        .to_json_string();
        Some(Outgoing {
            target_origin: origin.clone(),
            json,
            seq,
        })
    }
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
        if let Err(error) = post_to_parent(&message) {
            let detail = error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()));
            leptos::logging::warn!("postMessage to the host failed: {detail:?}");
        }
    }

    /// Posts each event in order.
    pub fn emit_all(&self, events: impl IntoIterator<Item = HostEvent>) {
        for event in events {
            self.emit(event);
        }
    }
}
