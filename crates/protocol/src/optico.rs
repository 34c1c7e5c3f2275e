//! Optico Call Center API wire types (seed `optico-call-center-api.txt`).
//!
//! Requests are form-encoded POSTs with `apiKey`; every response is the
//! `{status, resultsNb, results, error}` envelope. Field names are Optico's, including the
//! capitalised `Keyword`. Webhooks arrive as a form field `realtimeData` holding [`RealtimeData`].
//! Amounts and quantities stay JSON numbers exactly as sent (`1000` is not rewritten `1000.0`).

use serde::{Deserialize, Serialize};

/// `OK` or `NOK`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Success.
    #[serde(rename = "OK")]
    Ok,
    /// Failure; `error` says why.
    #[serde(rename = "NOK")]
    Nok,
}

/// The envelope of every Optico response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    /// `OK` or `NOK`.
    pub status: Status,
    /// Number of records in `results` (success only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_nb: Option<u32>,
    /// The records (success only).
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<T>>,
    /// What went wrong (failure only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `callStart` form fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallStartRequest {
    /// The Call Center API key.
    pub api_key: String,
    /// Caller number; absent or `anonymous` for a private number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_phone: Option<String>,
    /// Number the caller dialled.
    pub destination_phone: String,
    /// Call start, `Y-m-d H:i:s`.
    pub start_date: String,
    /// Agent's Optico username (routing strategy 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
}

/// `setAgentToCall` form fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetAgentToCallRequest {
    /// The Call Center API key.
    pub api_key: String,
    /// Optico's call id from `callStart`.
    pub call_id: u64,
    /// Agent's Optico username.
    pub agent: String,
}

/// One `setAgentToCall` result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentAssignment {
    /// Optico's call id.
    pub call_id: u64,
    /// Agent's Optico username.
    pub agent: String,
}

/// One `callStart` result: a matching call and what Optico knows of the visitor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallMatch {
    /// The call record.
    pub call: OpticoCall,
    /// Pages viewed, oldest first.
    #[serde(default)]
    pub views: Vec<View>,
    /// The active cart, if any.
    #[serde(default)]
    pub current_cart: Option<Cart>,
    /// Existing orders.
    #[serde(default)]
    pub orders: Vec<Order>,
}

/// Optico's call record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpticoCall {
    /// Optico call id (`callId` everywhere else).
    pub id: u64,
    /// `Y-m-d H:i:s`.
    pub start_date: String,
    /// e.g. `OK_OUTCALL`.
    #[serde(default)]
    pub status: Option<String>,
    /// Traffic source, e.g. `Adwords`.
    #[serde(default)]
    pub source: Option<String>,
    /// Referrer URL; may be null.
    #[serde(default)]
    pub referrer: Option<String>,
    /// Search keyword (capitalised in Optico's payloads).
    #[serde(rename = "Keyword", default)]
    pub keyword: Option<String>,
    /// Agent attached, if any.
    #[serde(default)]
    pub agent: Option<String>,
}

/// A page the visitor loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct View {
    /// View id.
    pub id: u64,
    /// Page title (visitor-controlled text: render as text).
    #[serde(default)]
    pub page_title: Option<String>,
    /// Page URL (visitor-controlled: only http/https may become a link).
    #[serde(default)]
    pub url: Option<String>,
    /// `Y-m-d H:i:s`.
    pub created_at: String,
}

/// A cart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cart {
    /// Cart id.
    pub id: u64,
    /// The shop's id for the cart.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Whether the visitor is logged in.
    #[serde(default)]
    pub is_logged_in: Option<bool>,
    /// ISO 4217 code, e.g. `EUR`.
    #[serde(default)]
    pub currency: Option<String>,
    /// Optico cart status code.
    #[serde(default)]
    pub status: Option<i64>,
    /// Total, in currency units.
    #[serde(default)]
    pub total_cost: Option<serde_json::Number>,
    /// Number of products.
    #[serde(default)]
    pub products_nb: Option<u32>,
    /// `Y-m-d H:i:s`.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Lines of the cart.
    #[serde(default)]
    pub products: Vec<Product>,
}

/// A cart or order line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// Product id.
    pub id: u64,
    /// The shop's id (SKU), in webhook payloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Product name.
    #[serde(default)]
    pub name: Option<String>,
    /// Quantity.
    #[serde(default)]
    pub quantity: Option<serde_json::Number>,
    /// Unit price, in currency units.
    #[serde(default)]
    pub cost_per_unit: Option<serde_json::Number>,
    /// Extra details, in webhook payloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<serde_json::Value>>,
}

/// An order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// Order id.
    pub id: u64,
    /// The shop's order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Cart the order came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart_id: Option<u64>,
    /// The shop's id of that cart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_cart_id: Option<String>,
    /// Agent the order is attributed to.
    #[serde(default)]
    pub agent: Option<String>,
    /// e.g. `Info`, `Completed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Whether it is a sale.
    #[serde(default)]
    pub is_sale: Option<bool>,
    /// ISO 4217 code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Total, in currency units.
    #[serde(default)]
    pub total_cost: Option<serde_json::Number>,
    /// Traffic source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `Y-m-d H:i:s`.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Lines.
    #[serde(default)]
    pub products: Vec<Product>,
}

/// What a webhook reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RealtimeType {
    /// A new page view.
    View,
    /// A new or updated cart.
    Cart,
    /// A new or updated order.
    Order,
}

/// The JSON in the webhook's `realtimeData` form field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RealtimeData {
    /// The call this update belongs to.
    pub call_id: u64,
    /// Which sub-object is populated.
    #[serde(rename = "type")]
    pub kind: RealtimeType,
    /// Set when `type` is `view`.
    pub view: Option<View>,
    /// Set when `type` is `cart`.
    pub cart: Option<Cart>,
    /// Set when `type` is `order`.
    pub order: Option<Order>,
}

impl RealtimeData {
    /// Checks that the sub-object named by `type` is present.
    pub fn validate(&self) -> Result<(), String> {
        let present = match self.kind {
            RealtimeType::View => self.view.is_some(),
            RealtimeType::Cart => self.cart.is_some(),
            RealtimeType::Order => self.order.is_some(),
        };
        let name = match self.kind {
            RealtimeType::View => "view",
            RealtimeType::Cart => "cart",
            RealtimeType::Order => "order",
        };
        if present {
            Ok(())
        } else {
            Err(format!("`type` is `{name}` but `{name}` is null"))
        }
    }
}
