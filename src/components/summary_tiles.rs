//! The five counts of DeepCall's live statistics.

use leptos::prelude::*;
use protocol::deepcall::TeamSummary;

use crate::text;

/// Logged in, on call, on break, ringing and after-call work, as tiles.
#[component]
pub fn SummaryTiles(
    /// The counts (live).
    #[prop(into)]
    summary: Signal<TeamSummary>,
) -> impl IntoView {
    let tile = move |label: &'static str, kind: &'static str, count: fn(&TeamSummary) -> u32| {
        view! {
            <li class=format!("aa-tile aa-tile--{kind}") data-testid=format!("tile-{kind}")>
                <span class="aa-tile__count">{move || summary.with(count)}</span>
                <span class="aa-tile__label">{label}</span>
            </li>
        }
    };
    view! {
        <ul class="aa-tiles" aria-label=text::t().live_stats>
            {tile(text::t().tile_logged_in, "logged-in", |s| s.logged_in)}
            {tile(text::t().tile_on_call, "on-call", |s| s.on_call)}
            {tile(text::t().tile_on_break, "on-break", |s| s.on_break)}
            {tile(text::t().tile_ringing, "ringing", |s| s.ringing)}
            {tile(text::t().tile_after_call, "after-call", |s| s.after_call_work)}
        </ul>
    }
}
