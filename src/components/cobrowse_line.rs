//! The co-browse line of a call or chat: the session going on, and the agent's requests.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::cobrowse::{CobrowseAsk, CobrowseMode};

use crate::api;
use crate::auth::Auth;
use crate::state::cobrowse::CobrowseDesk;
use crate::text;

/// While the customer co-browses in call or chat `session_id`: who started it, where remote
/// control and full-device sharing are, and "Request remote control", "Request full device"
/// (each disabled while asked or granted) and "End co-browse". Nothing otherwise.
#[component]
pub fn CobrowseLine(
    /// The co-browse sessions.
    cobrowse: RwSignal<CobrowseDesk>,
    /// The call or chat id.
    session_id: u64,
) -> impl IntoView {
    let auth = Auth::expect();
    let shown = Memo::new(move |_| cobrowse.with(|c| c.active(session_id).cloned()));
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let request = move |ask: CobrowseAsk| {
        let Some(view) = shown.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let auth = auth.clone();
        spawn_local(async move {
            let outcome = api::cobrowse_ask(auth.token(), &view.id, ask).await;
            busy.try_set(false);
            match outcome {
                Ok(view) => {
                    cobrowse.try_update(|c| c.answered(&view));
                }
                Err(error) if auth.session_lost(&error) => {}
                Err(error) => {
                    failure.try_set(Some(text::cobrowse_failed(&error)));
                }
            }
        });
    };
    move || {
        let view = shown.get()?;
        let askable =
            |mode: CobrowseMode| matches!(mode, CobrowseMode::Off | CobrowseMode::Rejected);
        let item = {
            let request = request.clone();
            move |mode: CobrowseMode, ask: CobrowseAsk| {
                let (label, test_id, button_id, button_label) = match ask {
                    CobrowseAsk::RemoteControl => (
                        text::cobrowse_remote_control(mode),
                        "cobrowse-remote-control",
                        "cobrowse-request-control",
                        text::t().cobrowse_request_control,
                    ),
                    _ => (
                        text::cobrowse_full_device(mode),
                        "cobrowse-full-device",
                        "cobrowse-request-device",
                        text::t().cobrowse_request_device,
                    ),
                };
                let request = request.clone();
                view! {
                    <span class="aa-cobrowse__item">
                        <span class=format!("aa-cobrowse__mode aa-cobrowse__mode--{}", mode.as_str()) data-testid=test_id>
                            {label}
                        </span>
                        {askable(mode).then(|| view! {
                            <button
                                type="button"
                                class="aa-link-btn"
                                data-testid=button_id
                                aria-label=button_label
                                disabled=move || busy.get()
                                on:click=move |_| request(ask)
                            >
                                {text::t().cobrowse_ask}
                            </button>
                        })}
                    </span>
                }
            }
        };
        let end = request.clone();
        Some(view! {
            <section class="aa-cobrowse" data-testid="cobrowse-line" aria-label=text::t().cobrowse_title>
                <div class="aa-cobrowse__head">
                    <span class="aa-live" aria-hidden="true"></span>
                    <span class="aa-cobrowse__who" data-testid="cobrowse-who" role="status">
                        {text::cobrowse_started_by(view.requested_by)}
                    </span>
                    <button
                        type="button"
                        class="aa-link-btn aa-link-btn--danger"
                        data-testid="cobrowse-end"
                        aria-label=text::t().cobrowse_end
                        disabled=move || busy.get()
                        on:click=move |_| end(CobrowseAsk::End)
                    >
                        {text::t().cobrowse_end_short}
                    </button>
                </div>
                <div class="aa-cobrowse__modes">
                    {item(view.remote_control, CobrowseAsk::RemoteControl)}
                    {item(view.full_device, CobrowseAsk::FullDevice)}
                </div>
                {move || failure.get().map(|m| view! { <p class="aa-notice aa-notice--error" role="alert">{m}</p> })}
            </section>
        })
    }
}
