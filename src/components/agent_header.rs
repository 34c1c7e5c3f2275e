//! The header of every signed-in adapter.

use leptos::prelude::*;
use protocol::api::{AgentProfile, AgentStatus};
use protocol::host::AdapterKind;

use crate::components::connection_indicator::ConnectionIndicator;
use crate::components::icon::{Icon, IconKind};
use crate::components::shortcut_help::ShortcutHelp;
use crate::components::status_select::StatusSelect;
use crate::format;
use crate::stream::ConnectionState;
use crate::text;

/// Who is signed in, their status, the connection state, the shortcut help and the log-out
/// button.
#[component]
pub fn AgentHeader(
    /// The signed-in agent.
    agent: AgentProfile,
    /// Which adapter this is (for its shortcut help).
    kind: AdapterKind,
    /// The agent's status (the select writes it).
    status: RwSignal<AgentStatus>,
    /// The realtime connection state.
    #[prop(into)]
    connection: Signal<ConnectionState>,
    /// A logout is in progress (the button is disabled).
    #[prop(into)]
    logging_out: Signal<bool>,
    /// Called when the agent clicks log out.
    on_logout: Callback<()>,
) -> impl IntoView {
    let name = agent.display_name();
    view! {
        <header class="aa-header">
            <div class="aa-header__top">
                <span class="aa-avatar" aria-hidden="true">{format::initials(&name)}</span>
                <div class="aa-header__who">
                    <span class="aa-header__name" data-testid="agent-name" title=name.clone()>{name.clone()}</span>
                    <span class="aa-header__email" title=agent.email.clone()>{agent.email.clone()}</span>
                </div>
                <ShortcutHelp kind=kind />
                <button
                    class="aa-icon-btn"
                    type="button"
                    data-testid="logout-button"
                    title=text::t().log_out
                    aria-label=text::t().log_out
                    disabled=move || logging_out.get()
                    on:click=move |_| on_logout.run(())
                >
                    <Icon kind=IconKind::LogOut />
                </button>
            </div>
            <div class="aa-header__bar">
                <StatusSelect status=status />
                <ConnectionIndicator state=connection />
            </div>
        </header>
    }
}
