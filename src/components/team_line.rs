//! The call adapter's one-line team summary from DeepCall.

use std::time::Duration;

use leptos::prelude::*;

use crate::adapters::polled::poll;
use crate::api;
use crate::text;

/// How often the summary is fetched.
const REFRESH: Duration = Duration::from_secs(15);

/// "Team: 4 logged in · 1 on call · 0 ringing · 0 on break", refreshed every 15 s. Nothing
/// when DeepCall is not configured; a short notice while it fails.
#[component]
pub fn TeamLine() -> impl IntoView {
    let stats = poll(
        REFRESH,
        |error| error.status() == Some(503),
        |token| async move { api::live_stats(&token).await },
    );
    move || {
        let failing = stats
            .problem
            .with(|p| p.as_ref().map(|e| e.status() == Some(503)));
        let (line, modifier) = match (stats.data.get(), failing) {
            (_, Some(true)) | (None, None) => return None,
            (Some(data), None) => (text::team_line(&data.summary), ""),
            (_, Some(false)) => (
                text::t().team_line_unavailable.to_owned(),
                " aa-team-line--failed",
            ),
        };
        Some(view! {
            <p class=format!("aa-team-line{modifier}") data-testid="team-line" role="status">
                {line}
            </p>
        })
    }
}
