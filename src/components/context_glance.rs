//! The caller context at a glance, on the ringing card.

use leptos::prelude::*;
use protocol::api::{CallerContext, ContextStatus};

use crate::components::context_note::ContextNote;
use crate::components::match_switcher::MatchSwitcher;
use crate::state::caller_context::Glance;
use crate::text;

/// Traffic source and keyword, cart total and open orders of the selected match, with the
/// match switcher when Optico found several; the lookup's state otherwise. Never blocks the
/// call controls: it only reads the context it is given.
#[component]
pub fn ContextGlance(
    /// The ringing call's caller context.
    #[prop(into)]
    context: Signal<Option<CallerContext>>,
    /// The index of the match shown.
    #[prop(into)]
    selected: Signal<usize>,
    /// Called with the index to show.
    on_select: Callback<usize>,
) -> impl IntoView {
    let ready = Memo::new(move |_| {
        context.with(|context| match context {
            Some(context) if context.status == ContextStatus::Ready => context.matches.clone(),
            _ => Vec::new(),
        })
    });
    let count = Signal::derive(move || ready.with(Vec::len));
    let glance = Memo::new(move |_| {
        ready.with(|matches| {
            let index = selected.get().min(matches.len().saturating_sub(1));
            matches.get(index).map(Glance::of)
        })
    });
    view! {
        <ContextNote context=context />
        {move || {
            glance.get().map(|glance| view! {
                <div class="aa-glance">
                    <MatchSwitcher count=count selected=selected on_select=on_select />
                    <dl class="aa-glance__list" data-testid="context-glance">
                        <div class="aa-glance__row">
                            <dt>{text::t().glance_source}</dt>
                            <dd data-testid="context-glance-source">{glance.source}</dd>
                        </div>
                        <div class="aa-glance__row">
                            <dt>{text::t().glance_cart}</dt>
                            <dd class="aa-tabular" data-testid="context-glance-cart">
                                {glance.cart_total.unwrap_or_else(|| "—".to_owned())}
                            </dd>
                        </div>
                        <div class="aa-glance__row">
                            <dt>{text::t().glance_orders}</dt>
                            <dd class="aa-tabular" data-testid="context-glance-orders">{glance.open_orders}</dd>
                        </div>
                    </dl>
                </div>
            })
        }}
    }
}
