//! The contact-center agent adapter widget: Leptos client-side rendering, built by trunk.
//!
//! Embedded by a CRM page as `/agent/?type=call|chat|supervisor&from=custom`, it signs the agent
//! in against the gateway, follows their calls and chats over the realtime stream, and tells the
//! embedding page what happens through `postMessage` events (see `protocol::host`).
//!
//! - [`App`] reads the URL and shows the adapter or explains why it cannot run.
//! - [`api`]: the gateway's REST API; [`stream`]: the realtime stream; [`host`]: the
//!   postMessage bridge; [`state`]: plain state types with their rules (tested without a DOM).
//! - [`components`]: the building blocks; [`adapters`]: the call, chat and supervisor views.
//! - [`text`]: every user-visible string, in English and French; [`i18n`]: which one the agent
//!   reads; [`sound`]: the ringing chime.
//!
//! Build: `trunk build --release` (output in `dist/`). Tests run in headless Chromium:
//! `cargo test -p agent-adapter --target wasm32-unknown-unknown --tests`.

pub mod adapters;
pub mod api;
pub mod auth;
pub mod clock;
pub mod components;
pub mod format;
pub mod frame;
pub mod host;
pub mod host_commands;
pub mod i18n;
pub mod params;
pub mod sound;
pub mod state;
pub mod stream;
pub mod text;
pub mod theme;

use leptos::prelude::*;

use crate::components::adapter_error::AdapterError;
use crate::components::boot::Boot;
use crate::params::{AdapterParams, UnknownType};

/// The whole widget: reads `type` and `from` from the page URL, then boots the adapter, or shows
/// why the link is not valid.
#[component]
pub fn App() -> impl IntoView {
    i18n::set(i18n::from_page());
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(text::t().product);
    }
    theme::apply(theme::from_location());
    match AdapterParams::from_location() {
        Ok(params) => view! { <Boot params=params /> }.into_any(),
        Err(UnknownType(value)) => view! { <AdapterError value=value /> }.into_any(),
    }
}
