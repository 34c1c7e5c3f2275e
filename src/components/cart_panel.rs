//! The caller's current cart.

use leptos::prelude::*;
use protocol::api::ContextChange;
use protocol::optico::{Cart, Product, RealtimeType};

use crate::format;
use crate::state::caller_context::{cart_total, is_changed};
use crate::text;

/// The cart's lines (name, quantity × unit price) and its total with the currency.
#[component]
pub fn CartPanel(
    /// The current cart, if any.
    #[prop(into)]
    cart: Signal<Option<Cart>>,
    /// The item a live update just changed, highlighted briefly.
    #[prop(into)]
    flash: Signal<Option<ContextChange>>,
) -> impl IntoView {
    move || {
        let Some(cart) = cart.get() else {
            return view! { <p class="aa-ctx-empty">{text::t().no_cart}</p> }.into_any();
        };
        let id = cart.id;
        let total = cart_total(&cart);
        let currency = cart.currency.clone();
        view! {
            <div
                class="aa-cart"
                class:aa-changed=move || flash.with(|change| is_changed(change.as_ref(), RealtimeType::Cart, id))
            >
                <ul class="aa-ctx-list">
                    {cart
                        .products
                        .into_iter()
                        .map(|line| cart_line(line, currency.as_deref()))
                        .collect_view()}
                </ul>
                <p class="aa-cart__total">
                    <span>{text::t().total}</span>
                    <strong class="aa-tabular" data-testid="context-cart-total">{total}</strong>
                </p>
            </div>
        }
        .into_any()
    }
}

fn cart_line(line: Product, currency: Option<&str>) -> impl IntoView {
    let name = line
        .name
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| text::t().unnamed_product.to_owned());
    let quantity = format::quantity(line.quantity.as_ref());
    let unit = line
        .cost_per_unit
        .as_ref()
        .map_or_else(|| "—".to_owned(), |cost| format::money(cost, currency));
    view! {
        <li class="aa-ctx-item aa-ctx-item--row" data-testid="context-cart-line">
            <span class="aa-ctx-item__title">{name}</span>
            <span class="aa-ctx-item__meta aa-tabular">{text::cart_line(&quantity, &unit)}</span>
        </li>
    }
}
