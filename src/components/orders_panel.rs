//! The caller's orders.

use leptos::prelude::*;
use protocol::api::ContextChange;
use protocol::optico::{Order, RealtimeType};

use crate::clock;
use crate::format;
use crate::state::caller_context::{is_changed, is_open, newest_orders};
use crate::text;

/// Orders, newest first: status, a sale badge, total, number of products, agent and when.
#[component]
pub fn OrdersPanel(
    /// The orders, as Optico sent them.
    #[prop(into)]
    orders: Signal<Vec<Order>>,
    /// Currency to assume when an order names none (the cart's).
    #[prop(into)]
    currency: Signal<Option<String>>,
    /// The item a live update just changed, highlighted briefly.
    #[prop(into)]
    flash: Signal<Option<ContextChange>>,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
) -> impl IntoView {
    move || {
        let orders = orders.with(|orders| newest_orders(orders));
        if orders.is_empty() {
            return view! { <p class="aa-ctx-empty">{text::t().no_orders}</p> }.into_any();
        }
        let fallback = currency.get();
        view! {
            <ol class="aa-ctx-list" data-testid="context-order-list">
                {orders
                    .into_iter()
                    .map(|order| order_item(order, fallback.as_deref(), flash, now))
                    .collect_view()}
            </ol>
        }
        .into_any()
    }
}

fn order_item(
    order: Order,
    fallback: Option<&str>,
    flash: Signal<Option<ContextChange>>,
    now: Signal<i64>,
) -> impl IntoView {
    let id = order.id;
    let open = is_open(&order);
    let status = order
        .status
        .clone()
        .filter(|status| !status.trim().is_empty())
        .unwrap_or_else(|| text::t().no_status.to_owned());
    let currency = order.currency.as_deref().or(fallback);
    let total = order
        .total_cost
        .as_ref()
        .map_or_else(|| "—".to_owned(), |total| format::money(total, currency));
    let mut details = vec![text::product_count(order.products.len())];
    if let Some(agent) = order.agent.filter(|agent| !agent.trim().is_empty()) {
        details.push(text::by_agent(&agent));
    }
    let created_at = order.created_at.unwrap_or_default();
    let when = created_at.clone();
    view! {
        <li
            class="aa-ctx-item"
            class:aa-changed=move || flash.with(|change| is_changed(change.as_ref(), RealtimeType::Order, id))
            data-testid="context-order"
        >
            <div class="aa-ctx-item__main">
                <span class="aa-ctx-item__title">
                    <span class="aa-order-status" class:aa-order-status--open=open data-testid="context-order-status">{status}</span>
                    {order.is_sale.unwrap_or(false).then(|| view! { <span class="aa-sale" data-testid="context-order-sale">{text::t().sale}</span> })}
                </span>
                <strong class="aa-tabular" data-testid="context-order-total">{total}</strong>
            </div>
            <div class="aa-ctx-item__main aa-ctx-item__meta">
                <span>{details.join(" · ")}</span>
                <time title=created_at>{move || clock::optico_ago(&when, now.get())}</time>
            </div>
        </li>
    }
}
