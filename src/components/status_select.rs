//! The agent's availability select.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::AgentStatus;

use crate::api;
use crate::auth::Auth;
use crate::text;

/// Available / on break, saved with `PUT /api/v1/me/status`. The choice shows at once and is
/// put back (with the reason) if the gateway refuses it.
#[component]
pub fn StatusSelect(
    /// The agent's status; also updated by the realtime stream.
    status: RwSignal<AgentStatus>,
) -> impl IntoView {
    let auth = Auth::expect();
    let (pending, set_pending) = signal(false);
    let (error, set_error) = signal(None::<String>);

    let on_change = move |event| {
        let Some(wanted) = AgentStatus::parse(&event_target_value(&event)) else {
            return;
        };
        let previous = status.get_untracked();
        if wanted == previous {
            return;
        }
        status.set(wanted);
        set_pending.set(true);
        set_error.set(None);
        let auth = auth.clone();
        spawn_local(async move {
            match api::set_status(auth.token(), wanted).await {
                Ok(profile) => {
                    status.try_set(profile.status);
                }
                Err(error) if auth.session_lost(&error) => return,
                Err(error) => {
                    status.try_set(previous);
                    set_error.try_set(Some(text::status_failed(&error)));
                }
            }
            set_pending.try_set(false);
        });
    };

    let option = move |value: AgentStatus, selectable: bool| {
        view! {
            <option
                value=value.as_str()
                disabled=!selectable
                hidden=!selectable
                prop:selected=move || status.get() == value
            >
                {text::status(value)}
            </option>
        }
    };

    view! {
        <div class=move || format!("aa-status aa-status--{}", status.get().as_str())>
            <span class="aa-status__dot" aria-hidden="true"></span>
            <select
                class="aa-status__select"
                data-testid="status-select"
                aria-label=text::t().status_label
                disabled=move || pending.get()
                on:change=on_change
            >
                {option(AgentStatus::Available, true)}
                {option(AgentStatus::Break, true)}
                {option(AgentStatus::Offline, false)}
            </select>
            {move || error.get().map(|message| view! { <p class="aa-status__error" role="alert">{message}</p> })}
        </div>
    }
}
