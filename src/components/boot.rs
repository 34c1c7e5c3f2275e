//! Start-up: load the gateway's public configuration, decide where host events may go, then
//! show the adapter (or why it cannot run).

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::AdapterConfig;

use crate::api::{self, ApiError};
use crate::components::adapter_shell::AdapterShell;
use crate::components::screen::{Screen, ScreenTone};
use crate::host::{HostBridge, detect_embedding, resolve_target};
use crate::params::AdapterParams;
use crate::text;

/// Fetches `GET /api/v1/config`, checks the embedding page against `allowed_origins`, and hands
/// over to [`AdapterShell`]. A gateway that cannot be reached shows a retry button.
#[component]
pub fn Boot(
    /// The adapter asked for in the URL.
    params: AdapterParams,
) -> impl IntoView {
    let kind = params.kind;
    let (config, set_config) = signal(None::<Result<AdapterConfig, ApiError>>);
    let load = move || {
        set_config.set(None);
        spawn_local(async move { set_config.set(Some(api::config().await)) });
    };
    load();

    move || match config.get() {
        None => view! {
            <main class="aa">
                <Screen tone=ScreenTone::Loading title=text::t().loading />
            </main>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <main class="aa">
                <Screen tone=ScreenTone::Error title=text::t().config_failed_title>
                    <p class="aa-screen__lead">{text::api_error_sentence(&error)}</p>
                    <button class="aa-btn aa-btn--primary" type="button" on:click=move |_| load()>
                        {text::t().retry}
                    </button>
                </Screen>
            </main>
        }
        .into_any(),
        Some(Ok(config)) => {
            let target = resolve_target(&detect_embedding(), &config.allowed_origins);
            view! { <AdapterShell kind=kind bridge=HostBridge::new(target) /> }.into_any()
        }
    }
}
