//! DeepCall's agent table: sortable by column, filterable by name and activity.

use leptos::prelude::*;
use protocol::deepcall::{AgentActivity, AgentStats};

use crate::format;
use crate::state::team_table::{SortKey, TeamTable};
use crate::text;

const ACTIVITIES: [AgentActivity; 4] = [
    AgentActivity::OnCall,
    AgentActivity::OnBreak,
    AgentActivity::Available,
    AgentActivity::LoggedOut,
];

/// Name, login type and duration, available time, talk time, calls, activity and SIP / mic of
/// every agent. Column headers sort (again to reverse); the search box and the activity select
/// filter. Names and other upstream text are rendered as text.
#[component]
pub fn AgentStatsTable(
    /// The agents (live).
    #[prop(into)]
    agents: Signal<Vec<AgentStats>>,
) -> impl IntoView {
    let table = RwSignal::new(TeamTable::default());
    let rows = move || agents.with(|agents| table.with(|t| t.rows(agents)));
    let header = move |key: SortKey| {
        let sort = move || match table.with(TeamTable::sort) {
            (current, false) if current == key => "ascending",
            (current, true) if current == key => "descending",
            _ => "none",
        };
        let numeric = matches!(key, SortKey::Available | SortKey::Talk | SortKey::Calls);
        view! {
            <th scope="col" aria-sort=sort class:aa-num=numeric>
                <button
                    type="button"
                    class="aa-sort"
                    data-testid=format!("sort-{}", key.as_str())
                    on:click=move |_| table.update(|t| t.toggle(key))
                >
                    {text::sort_column(key)}
                </button>
            </th>
        }
    };
    let on_activity = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let chosen = ACTIVITIES.into_iter().find(|a| a.as_str() == value);
        table.update(|t| t.set_activity(chosen));
    };
    view! {
        <div class="aa-team-table">
            <div class="aa-filters">
                <label class="aa-field aa-field--inline">
                    <span class="aa-field__label">{text::t().filter_agents}</span>
                    <input
                        class="aa-input"
                        type="search"
                        data-testid="stats-filter-text"
                        placeholder=text::t().filter_placeholder
                        on:input=move |event| table.update(|t| t.set_text(&event_target_value(&event)))
                    />
                </label>
                <label class="aa-field aa-field--inline">
                    <span class="aa-field__label">{text::t().filter_activity}</span>
                    <select class="aa-select" data-testid="stats-filter-activity" on:change=on_activity>
                        <option value="">{text::t().filter_everyone}</option>
                        {ACTIVITIES
                            .into_iter()
                            .map(|a| view! { <option value=a.as_str()>{text::activity(a)}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <table class="aa-table aa-table--stats" data-testid="stats-table">
                <thead>
                    <tr>
                        {SortKey::ALL.into_iter().map(header).collect_view()}
                        <th scope="col">{text::t().col_device}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let rows = rows();
                        if rows.is_empty() {
                            return view! {
                                <tr><td colspan="7" class="aa-table__empty">{text::t().no_matching_agents}</td></tr>
                            }
                            .into_any();
                        }
                        rows.into_iter().map(agent_row).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn agent_row(agent: AgentStats) -> impl IntoView {
    let login = match &agent.login {
        Some(login) => {
            let how = if agent.mobile_login {
                format!("{} + {}", login.kind, text::t().mobile)
            } else {
                login.kind.clone()
            };
            let since = login
                .duration_secs
                .map(format::duration)
                .unwrap_or_default();
            (how, since)
        }
        None if agent.mobile_login => (text::t().mobile.to_owned(), String::new()),
        None => (text::t().not_logged_in.to_owned(), String::new()),
    };
    let optional = |value: Option<u64>, show: fn(u64) -> String| {
        value
            .map(show)
            .unwrap_or_else(|| text::t().unknown.to_owned())
    };
    let mic = if agent.mic_permission {
        text::t().mic_on
    } else {
        text::t().mic_off
    };
    view! {
        <tr data-testid="stats-row" data-activity=agent.state.as_str()>
            <th scope="row">
                <span class="aa-table__name">{agent.name}</span>
                <span class="aa-table__sub">{format!("#{}", agent.id)}</span>
            </th>
            <td>
                <span class=format!("aa-activity aa-activity--{}", agent.state.as_str())>
                    {text::activity(agent.state)}
                </span>
            </td>
            <td data-testid="stats-login">
                <span>{login.0}</span>
                <span class="aa-table__sub aa-tabular">{login.1}</span>
            </td>
            <td class="aa-num aa-tabular">{optional(agent.available_secs, format::duration)}</td>
            <td class="aa-num aa-tabular">{optional(agent.talk_secs, format::duration)}</td>
            <td class="aa-num aa-tabular">{optional(agent.calls, |n| n.to_string())}</td>
            <td>
                <span class="aa-table__sub">{agent.sip_status}</span>
                <span class="aa-table__sub">{mic}</span>
            </td>
        </tr>
    }
}
