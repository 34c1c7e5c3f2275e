//! DeepCall's live statistics in the supervisor view.

use leptos::prelude::*;
use protocol::deepcall::{TeamStats, TeamSummary};

use crate::adapters::polled::Polled;
use crate::components::agent_stats_table::AgentStatsTable;
use crate::components::summary_tiles::SummaryTiles;
use crate::format;
use crate::text;

/// Summary tiles and the agent table, with how fresh they are. When a refresh fails, the reason
/// is shown above the last data received; when DeepCall is not configured, it says so instead.
#[component]
pub fn LiveStats(
    /// The polled statistics.
    stats: Polled<TeamStats>,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let freshness = move || {
        stats
            .updated_at
            .get()
            .map(|at| text::updated_ago(format::whole_seconds(at, now.get())))
    };
    let not_configured = move || {
        stats
            .problem
            .with(|p| p.as_ref().is_some_and(|e| e.status() == Some(503)))
    };
    let has_data = Memo::new(move |_| stats.data.with(Option::is_some));
    let failing = Memo::new(move |_| stats.problem.with(Option::is_some));
    let summary = Signal::derive(move || {
        stats.data.with(|d| {
            d.as_ref()
                .map(|s| s.summary)
                .unwrap_or(TeamSummary::default())
        })
    });
    let agents = Signal::derive(move || {
        stats
            .data
            .with(|d| d.as_ref().map(|s| s.agents.clone()).unwrap_or_default())
    });
    view! {
        <section class="aa-live-stats" data-testid="live-stats" aria-labelledby="aa-live-stats-title">
            <div class="aa-section-head">
                <h2 class="aa-section-head__title" id="aa-live-stats-title">{text::t().live_stats}</h2>
                <span class="aa-section-head__meta" data-testid="live-stats-freshness">{freshness}</span>
            </div>
            {move || {
                if not_configured() {
                    return Some(view! {
                        <p class="aa-notice aa-notice--info" role="status" data-testid="live-stats-problem">
                            {text::t().live_stats_not_configured}
                        </p>
                    }.into_any());
                }
                stats.problem.get().map(|error| view! {
                    <p class="aa-notice aa-notice--error" role="alert" data-testid="live-stats-problem">
                        {text::live_stats_failed(&error)}
                    </p>
                }.into_any())
            }}
            // Built once data exists and kept while refreshes come and go, so the table's sort
            // and filters survive a failing refresh.
            {move || has_data.get().then(|| view! {
                <SummaryTiles summary=summary />
                <AgentStatsTable agents=agents />
            })}
            {move || (!has_data.get() && !failing.get()).then(|| view! {
                <p class="aa-loading-line" role="status">
                    <span class="aa-spinner aa-spinner--small" aria-hidden="true"></span>
                    {text::t().loading_live_stats}
                </p>
            })}
        </section>
    }
}
