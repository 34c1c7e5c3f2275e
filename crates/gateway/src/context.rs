//! Applying Optico's live updates (a new view, a cart, an order) to a caller context.

use protocol::api::ContextChange;
use protocol::optico::{CallMatch, RealtimeData, RealtimeType};

/// What an update did.
#[derive(Clone, Debug, PartialEq)]
pub enum Applied {
    /// The context changed.
    Changed(ContextChange),
    /// The context already had exactly this (a repeated delivery).
    Duplicate,
    /// No match in the context has this Optico call id.
    UnknownCall,
}

/// Applies `data` to the match with its `callId`: a view is appended unless its id is already
/// there; a cart replaces the current cart; an order replaces the order with the same id or is
/// appended. Call only with validated data (`RealtimeData::validate`).
pub fn apply(matches: &mut [CallMatch], data: &RealtimeData) -> Applied {
    let Some(found) = matches.iter_mut().find(|m| m.call.id == data.call_id) else {
        return Applied::UnknownCall;
    };
    match data.kind {
        RealtimeType::View => {
            let Some(view) = &data.view else {
                return Applied::Duplicate;
            };
            if found.views.iter().any(|v| v.id == view.id) {
                return Applied::Duplicate;
            }
            found.views.push(view.clone());
            changed(RealtimeType::View, view.id)
        }
        RealtimeType::Cart => {
            let Some(cart) = &data.cart else {
                return Applied::Duplicate;
            };
            if found.current_cart.as_ref() == Some(cart) {
                return Applied::Duplicate;
            }
            found.current_cart = Some(cart.clone());
            changed(RealtimeType::Cart, cart.id)
        }
        RealtimeType::Order => {
            let Some(order) = &data.order else {
                return Applied::Duplicate;
            };
            match found.orders.iter_mut().find(|o| o.id == order.id) {
                Some(existing) if existing == order => return Applied::Duplicate,
                Some(existing) => *existing = order.clone(),
                None => found.orders.push(order.clone()),
            }
            changed(RealtimeType::Order, order.id)
        }
    }
}

fn changed(kind: RealtimeType, id: u64) -> Applied {
    Applied::Changed(ContextChange { kind, id })
}

#[cfg(test)]
mod tests {
    use protocol::optico::{Envelope, View};

    use super::*;

    fn seed_matches() -> Vec<CallMatch> {
        let envelope: Envelope<CallMatch> = serde_json::from_str(include_str!(
            "../../protocol/tests/fixtures/optico/callStart-response.json"
        ))
        .expect("seed example");
        envelope.results.expect("results")
    }

    fn webhook(fixture: &str) -> RealtimeData {
        serde_json::from_str(fixture).expect("seed webhook")
    }

    #[test]
    fn a_view_already_in_the_journey_is_not_added_twice() {
        let mut matches = seed_matches();
        let data = webhook(include_str!(
            "../../protocol/tests/fixtures/optico/webhook-view.json"
        ));

        assert_eq!(apply(&mut matches, &data), Applied::Duplicate);
        assert_eq!(matches[0].views.len(), 2);
    }

    #[test]
    fn a_new_view_is_appended_and_reported() {
        let mut matches = seed_matches();
        let mut data = webhook(include_str!(
            "../../protocol/tests/fixtures/optico/webhook-view.json"
        ));
        data.view = Some(View {
            id: 9,
            page_title: None,
            url: None,
            created_at: "x".into(),
        });

        let applied = apply(&mut matches, &data);

        assert_eq!(applied, changed(RealtimeType::View, 9));
        assert_eq!(matches[0].views.last().map(|v| v.id), Some(9));
    }

    #[test]
    fn a_cart_update_replaces_the_current_cart() {
        let mut matches = seed_matches();
        let data = webhook(include_str!(
            "../../protocol/tests/fixtures/optico/webhook-cart.json"
        ));

        assert_eq!(
            apply(&mut matches, &data),
            changed(RealtimeType::Cart, 80359)
        );
        assert_eq!(apply(&mut matches, &data), Applied::Duplicate);
        let cart = matches[0].current_cart.as_ref().expect("cart");
        assert_eq!(cart.products[0].external_id.as_deref(), Some("SKU-001"));
    }

    #[test]
    fn an_order_with_a_known_id_is_replaced_not_duplicated() {
        let mut matches = seed_matches();
        let data = webhook(include_str!(
            "../../protocol/tests/fixtures/optico/webhook-order.json"
        ));

        apply(&mut matches, &data);

        assert_eq!(matches[0].orders.len(), 1);
        assert_eq!(matches[0].orders[0].status.as_deref(), Some("Completed"));
    }

    #[test]
    fn an_update_for_another_optico_call_is_reported_unknown() {
        let mut matches = seed_matches();
        let mut data = webhook(include_str!(
            "../../protocol/tests/fixtures/optico/webhook-cart.json"
        ));
        data.call_id = 1;

        assert_eq!(apply(&mut matches, &data), Applied::UnknownCall);
    }
}
