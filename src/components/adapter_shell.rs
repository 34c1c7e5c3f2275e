//! The adapter once the embedding page is known: refused, or running with its host bridge.

use leptos::prelude::*;
use protocol::host::AdapterKind;

use crate::components::origin_refused::OriginRefused;
use crate::components::session_gate::SessionGate;
use crate::host::{HostBridge, HostHandle, HostTarget, ready_event};
use crate::host_commands::{self, CommandTarget};
use crate::text;

/// Runs the adapter with `bridge`: a page that may not embed the widget only gets the refusal
/// screen (nothing is posted, no command is read); otherwise the bridge is provided to
/// everything below, host commands are listened to, `Adapter_Ready` is posted, and the sign-in
/// flow starts.
#[component]
pub fn AdapterShell(
    /// Which adapter.
    kind: AdapterKind,
    /// Where host events go, already decided.
    bridge: HostBridge,
) -> impl IntoView {
    if let HostTarget::Refused { embedder } = bridge.target() {
        return view! { <OriginRefused embedder=embedder.clone() /> }.into_any();
    }
    let standalone = *bridge.target() == HostTarget::Standalone;
    let host = HostHandle::new(bridge);
    provide_context(host);
    let commands = CommandTarget::new();
    provide_context(commands);
    host_commands::listen(host, commands);
    host.emit(ready_event(kind));

    view! {
        <div class=format!("aa aa--{}", kind.as_str())>
            <SessionGate kind=kind />
            {standalone
                .then(|| {
                    view! {
                        <p class="aa-footnote" data-testid="host-standalone">
                            {text::t().standalone_note}
                        </p>
                    }
                })}
        </div>
    }
    .into_any()
}
