//! The caller context (Optico) as the call adapter shows it, without the DOM.

use protocol::api::ContextChange;
use protocol::optico::{CallMatch, Cart, Order, RealtimeType, View};

use crate::format;
use crate::text;

/// The panels of the caller context, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContextTab {
    /// Pages the visitor viewed.
    Journey,
    /// The current cart.
    Cart,
    /// The visitor's orders.
    Orders,
}

impl ContextTab {
    /// Every tab, in order.
    pub const ALL: [Self; 3] = [Self::Journey, Self::Cart, Self::Orders];

    /// CSS modifier and id suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Journey => "journey",
            Self::Cart => "cart",
            Self::Orders => "orders",
        }
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Journey => text::t().tab_journey,
            Self::Cart => text::t().tab_cart,
            Self::Orders => text::t().tab_orders,
        }
    }

    /// The tab for what a live update changed.
    pub fn of(kind: RealtimeType) -> Self {
        match kind {
            RealtimeType::View => Self::Journey,
            RealtimeType::Cart => Self::Cart,
            RealtimeType::Order => Self::Orders,
        }
    }

    /// The tab an arrow key moves to (wrapping around), or `Home` / `End`.
    pub fn after_key(self, key: &str) -> Option<Self> {
        let index = Self::ALL.iter().position(|tab| *tab == self).unwrap_or(0);
        let last = Self::ALL.len() - 1;
        let target = match key {
            "ArrowRight" | "ArrowDown" => (index + 1) % Self::ALL.len(),
            "ArrowLeft" | "ArrowUp" => index.checked_sub(1).unwrap_or(last),
            "Home" => 0,
            "End" => last,
            _ => return None,
        };
        Some(Self::ALL[target])
    }
}

/// A live update of one call's context, numbered so that the same change arriving twice is
/// still seen as new.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveChange {
    /// The call whose context changed.
    pub call_id: u64,
    /// What changed.
    pub change: ContextChange,
    /// Increases with every live change the desk applies.
    pub seq: u64,
}

/// What the ringing card shows of a match, before the agent answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glance {
    /// Traffic source and keyword.
    pub source: String,
    /// The cart total, when there is a cart.
    pub cart_total: Option<String>,
    /// Orders that are not completed or cancelled.
    pub open_orders: usize,
}

impl Glance {
    /// The glance of `found`.
    pub fn of(found: &CallMatch) -> Self {
        Self {
            source: text::source_line(found.call.source.as_deref(), found.call.keyword.as_deref()),
            cart_total: found.current_cart.as_ref().map(cart_total),
            open_orders: found.orders.iter().filter(|order| is_open(order)).count(),
        }
    }
}

/// Whether an order still needs attention (anything but completed, cancelled or refunded).
pub fn is_open(order: &Order) -> bool {
    let status = order.status.as_deref().unwrap_or_default().trim();
    !["completed", "cancelled", "canceled", "refunded", "closed"]
        .iter()
        .any(|done| status.eq_ignore_ascii_case(done))
}

/// The cart total with its currency (the sum of the lines when Optico sent no total).
pub fn cart_total(cart: &Cart) -> String {
    let currency = cart.currency.as_deref();
    match &cart.total_cost {
        Some(total) => format::money(total, currency),
        None => {
            let sum: f64 = cart
                .products
                .iter()
                .map(|line| {
                    let quantity = line
                        .quantity
                        .as_ref()
                        .and_then(|q| q.as_f64())
                        .unwrap_or(1.0);
                    let unit = line.cost_per_unit.as_ref().and_then(|c| c.as_f64());
                    quantity * unit.unwrap_or(0.0)
                })
                .sum();
            let sum = serde_json::Number::from_f64(sum).unwrap_or_else(|| 0.into());
            format::money(&sum, currency)
        }
    }
}

/// Page views, newest first (ties keep Optico's order, latest last → first).
pub fn newest_views(views: &[View]) -> Vec<View> {
    let mut views: Vec<View> = views.iter().rev().cloned().collect();
    views.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    views
}

/// Orders, newest first.
pub fn newest_orders(orders: &[Order]) -> Vec<Order> {
    let mut orders: Vec<Order> = orders.iter().rev().cloned().collect();
    orders.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    orders
}

/// Whether `change` is about the item `kind` / `id`.
pub fn is_changed(change: Option<&ContextChange>, kind: RealtimeType, id: u64) -> bool {
    change.is_some_and(|change| change.kind == kind && change.id == id)
}
