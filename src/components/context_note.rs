//! One line about where the caller-context lookup is, when there is nothing to show yet.

use leptos::prelude::*;
use protocol::api::{CallerContext, ContextStatus};

use crate::components::icon::{Icon, IconKind};
use crate::text;

/// "Looking up caller…", "Caller context unavailable: <reason>" or "No web journey found";
/// nothing when there are matches to show (or when no Optico account is configured).
#[component]
pub fn ContextNote(
    /// The call's caller context.
    #[prop(into)]
    context: Signal<Option<CallerContext>>,
) -> impl IntoView {
    move || {
        let context = context.get()?;
        let note = match context.status {
            ContextStatus::Loading => view! {
                <p class="aa-context-note aa-context-note--loading" role="status" data-testid="context-loading">
                    <span class="aa-spinner aa-spinner--small" aria-hidden="true"></span>
                    <span>{text::t().context_loading}</span>
                </p>
            }
            .into_any(),
            ContextStatus::Unavailable => view! {
                <p class="aa-context-note aa-context-note--unavailable" role="status" data-testid="context-unavailable">
                    <Icon kind=IconKind::Warning />
                    <span>{text::context_unavailable(context.reason.as_deref())}</span>
                </p>
            }
            .into_any(),
            ContextStatus::Ready if context.matches.is_empty() => view! {
                <p class="aa-context-note" data-testid="context-empty">{text::t().context_none}</p>
            }
            .into_any(),
            ContextStatus::Ready => return None,
        };
        Some(note)
    }
}
