//! The caller context during a call: Journey / Cart / Orders.

use std::time::Duration;

use leptos::prelude::*;
use protocol::api::{CallerContext, ContextChange, ContextStatus};

use crate::components::cart_panel::CartPanel;
use crate::components::context_note::ContextNote;
use crate::components::context_tabs::ContextTabs;
use crate::components::journey_panel::JourneyPanel;
use crate::components::match_switcher::MatchSwitcher;
use crate::components::orders_panel::OrdersPanel;
use crate::state::caller_context::{ContextTab, LiveChange};

/// How long a live change stays highlighted.
const FLASH: Duration = Duration::from_secs(2);

/// Tabs over the selected match's journey, cart and orders (the panels scroll; the card around
/// them does not), the match switcher when there are several, and the lookup's state otherwise.
/// A live change highlights the changed item (and its tab) for two seconds.
#[component]
pub fn ContextPanels(
    /// Prefix of element ids, unique per call.
    id_prefix: String,
    /// The call's caller context.
    #[prop(into)]
    context: Signal<Option<CallerContext>>,
    /// The index of the match shown.
    #[prop(into)]
    selected: Signal<usize>,
    /// Called with the index to show.
    on_select: Callback<usize>,
    /// The latest live change of this call's context.
    #[prop(into)]
    change: Signal<Option<LiveChange>>,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    let matches = Memo::new(move |_| {
        context.with(|context| match context {
            Some(context) if context.status == ContextStatus::Ready => context.matches.clone(),
            _ => Vec::new(),
        })
    });
    let count = Signal::derive(move || matches.with(Vec::len));
    let found = Memo::new(move |_| {
        matches.with(|all| {
            let index = selected.get().min(all.len().saturating_sub(1));
            all.get(index).cloned()
        })
    });
    let views = Signal::derive(move || {
        found.with(|m| m.as_ref().map(|m| m.views.clone()).unwrap_or_default())
    });
    let orders = Signal::derive(move || {
        found.with(|m| m.as_ref().map(|m| m.orders.clone()).unwrap_or_default())
    });
    let cart =
        Signal::derive(move || found.with(|m| m.as_ref().and_then(|m| m.current_cart.clone())));
    let currency =
        Signal::derive(move || cart.with(|c| c.as_ref().and_then(|c| c.currency.clone())));
    let counts = Signal::derive(move || {
        found.with(|m| match m {
            Some(m) => [
                m.views.len(),
                m.current_cart.as_ref().map_or(0, |c| c.products.len()),
                m.orders.len(),
            ],
            None => [0; 3],
        })
    });

    let flash = RwSignal::new(None::<LiveChange>);
    // The first run sees what happened before the panels were shown: not highlighted.
    Effect::new(move |seen: Option<Option<u64>>| {
        let latest = change.get();
        let seq = latest.as_ref().map(|live| live.seq);
        if let (Some(seen), Some(live)) = (seen, latest)
            && seen != seq
        {
            flash.set(Some(live));
            set_timeout(
                move || {
                    flash.try_update(|shown| {
                        if shown.as_ref().map(|live| live.seq) == seq {
                            *shown = None;
                        }
                    });
                },
                FLASH,
            );
        }
        seq
    });
    let flashed =
        Signal::derive(move || flash.with(|live| live.as_ref().map(|live| live.change.clone())));
    let flashing = Signal::derive(move || {
        flashed.with(|c: &Option<ContextChange>| c.as_ref().map(|c| ContextTab::of(c.kind)))
    });
    let has_matches = move || count.get() > 0;
    let tab = RwSignal::new(ContextTab::Journey);
    let panel = |this: ContextTab| {
        (
            format!("{id_prefix}-panel-{}", this.as_str()),
            format!("{id_prefix}-tab-{}", this.as_str()),
            move || tab.get() != this,
        )
    };
    let (journey, cart_panel, orders_panel) = (
        panel(ContextTab::Journey),
        panel(ContextTab::Cart),
        panel(ContextTab::Orders),
    );

    view! {
        <ContextNote context=context />
        <Show when=has_matches>
            <section class="aa-context" data-testid="context-panels">
                <MatchSwitcher count=count selected=selected on_select=on_select />
                <ContextTabs id_prefix=id_prefix.clone() tab=tab counts=counts flashing=flashing />
                <div class="aa-panel" role="tabpanel" id=journey.0.clone() aria-labelledby=journey.1.clone() tabindex="0" hidden=journey.2 data-testid="context-journey">
                    <JourneyPanel views=views flash=flashed now=now />
                </div>
                <div class="aa-panel" role="tabpanel" id=cart_panel.0.clone() aria-labelledby=cart_panel.1.clone() tabindex="0" hidden=cart_panel.2 data-testid="context-cart">
                    <CartPanel cart=cart flash=flashed />
                </div>
                <div class="aa-panel" role="tabpanel" id=orders_panel.0.clone() aria-labelledby=orders_panel.1.clone() tabindex="0" hidden=orders_panel.2 data-testid="context-orders">
                    <OrdersPanel orders=orders currency=currency flash=flashed now=now />
                </div>
            </section>
        </Show>
    }
}
