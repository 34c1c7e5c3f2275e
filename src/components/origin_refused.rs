//! The screen shown inside a page that is not allowed to embed the widget.

use leptos::prelude::*;

use crate::components::screen::{Screen, ScreenTone};
use crate::text;

/// Says the widget will not run inside this page, and what an administrator can do.
#[component]
pub fn OriginRefused(
    /// The embedding page's origin, when the browser told it.
    embedder: Option<String>,
) -> impl IntoView {
    view! {
        <main class="aa aa--refused">
            <Screen tone=ScreenTone::Refused title=text::t().refused_title testid="origin-refused">
                <p class="aa-screen__lead">{text::refused(embedder.as_deref())}</p>
                <p class="aa-screen__hint">{text::t().refused_hint}</p>
            </Screen>
        </main>
    }
}
