//! The supervisor's agent and queue tables.

use leptos::prelude::*;
use protocol::api::{AgentPresence, Presence};

use crate::format;
use crate::text;

/// Two tables: agents (name, status and for how long, ringing / on call) and queues (calls
/// waiting, available agents).
#[component]
pub fn PresenceTables(
    /// The presence to show.
    presence: Presence,
    /// Now (Unix ms), ticking, for the time in status.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let Presence { agents, queues } = presence;
    let agent_rows = agents
        .into_iter()
        .map(|agent| agent_row(agent, now))
        .collect_view();
    let queue_rows = queues
        .into_iter()
        .map(|row| {
            let waiting_class = if row.waiting > 0 {
                "aa-num aa-num--alert"
            } else {
                "aa-num"
            };
            view! {
                <tr>
                    <th scope="row">
                        <span class="aa-table__name">{row.queue.path}</span>
                        <span class="aa-table__sub">{row.queue.name}</span>
                    </th>
                    <td class=waiting_class>{row.waiting}</td>
                    <td class="aa-num">{row.available_agents}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="aa-tables">
            <table class="aa-table">
                <caption>{text::t().agents}</caption>
                <thead>
                    <tr>
                        <th scope="col">{text::t().col_agent}</th>
                        <th scope="col">{text::t().col_status}</th>
                        <th scope="col">{text::t().col_activity}</th>
                    </tr>
                </thead>
                <tbody>{agent_rows}</tbody>
            </table>
            <table class="aa-table">
                <caption>{text::t().queues}</caption>
                <thead>
                    <tr>
                        <th scope="col">{text::t().col_queue}</th>
                        <th scope="col" class="aa-num">{text::t().col_waiting}</th>
                        <th scope="col" class="aa-num">{text::t().col_available}</th>
                    </tr>
                </thead>
                <tbody>{queue_rows}</tbody>
            </table>
        </div>
    }
}

fn agent_row(agent: AgentPresence, now: Signal<i64>) -> impl IntoView {
    let (activity, activity_class) = if agent.on_call {
        (text::t().activity_on_call, "on-call")
    } else if agent.ringing {
        (text::t().activity_ringing, "ringing")
    } else {
        (text::t().activity_idle, "idle")
    };
    let since = agent.status_since;
    view! {
        <tr>
            <th scope="row">
                <span class="aa-table__name">{agent.name}</span>
                <span class="aa-table__sub">{agent.email}</span>
            </th>
            <td>
                <span class=format!("aa-badge aa-badge--{}", agent.status.as_str())>
                    {text::status(agent.status)}
                </span>
                <span class="aa-table__sub aa-tabular">
                    {move || format::timer(format::elapsed_ms(since, now.get()))}
                </span>
            </td>
            <td>
                <span class=format!("aa-activity aa-activity--{activity_class}")>{activity}</span>
            </td>
        </tr>
    }
}
