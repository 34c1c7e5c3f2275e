//! The pages the caller viewed.

use leptos::prelude::*;
use protocol::api::ContextChange;
use protocol::optico::{RealtimeType, View};

use crate::clock;
use crate::format;
use crate::state::caller_context::{is_changed, newest_views};
use crate::text;

/// Page views, newest first: the title (as text, whatever it contains), the URL (a link that
/// opens a new tab only when it is an http(s) URL, plain text otherwise) and how long ago.
#[component]
pub fn JourneyPanel(
    /// The views, as Optico sent them (oldest first).
    #[prop(into)]
    views: Signal<Vec<View>>,
    /// The item a live update just changed, highlighted briefly.
    #[prop(into)]
    flash: Signal<Option<ContextChange>>,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    move || {
        let views = views.with(|views| newest_views(views));
        if views.is_empty() {
            return view! { <p class="aa-ctx-empty">{text::t().no_views}</p> }.into_any();
        }
        view! {
            <ol class="aa-ctx-list" data-testid="context-views">
                {views.into_iter().map(|page| view_item(page, flash, now)).collect_view()}
            </ol>
        }
        .into_any()
    }
}

fn view_item(page: View, flash: Signal<Option<ContextChange>>, now: Signal<i64>) -> impl IntoView {
    let id = page.id;
    let title = page
        .page_title
        .filter(|title| !title.trim().is_empty())
        .unwrap_or_else(|| text::t().untitled_page.to_owned());
    let url = page.url.unwrap_or_default();
    let shown = url
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .to_owned();
    let address = match format::safe_link(&url) {
        Some(href) => view! {
            <a class="aa-ctx-item__url" href=href target="_blank" rel="noopener noreferrer" title=url.clone() data-testid="context-view-link">
                {shown}
            </a>
        }
        .into_any(),
        None => view! {
            <span class="aa-ctx-item__url aa-ctx-item__url--plain" data-testid="context-view-url">{url.clone()}</span>
        }
        .into_any(),
    };
    let created_at = page.created_at;
    let when = created_at.clone();
    view! {
        <li
            class="aa-ctx-item"
            class:aa-changed=move || flash.with(|change| is_changed(change.as_ref(), RealtimeType::View, id))
            data-testid="context-view"
        >
            <div class="aa-ctx-item__main">
                <span class="aa-ctx-item__title" data-testid="context-view-title">{title}</span>
                <time class="aa-ctx-item__meta" title=created_at>{move || clock::optico_ago(&when, now.get())}</time>
            </div>
            {address}
        </li>
    }
}
