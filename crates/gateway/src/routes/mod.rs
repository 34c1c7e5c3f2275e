//! HTTP routes, one module per area; each exposes `router()`.

pub mod assist;
pub mod auth;
pub mod calls;
pub mod chats;
pub mod cobrowse;
pub mod crm;
pub mod me;
pub mod operator;
pub mod optico;
pub mod public;
pub mod stats;
pub mod stream;
pub mod telephony;
pub mod transfer;
pub mod widget;
pub mod wrap_up;

use axum::Router;
use axum::extract::rejection::JsonRejection;

use crate::error::ApiError;
use crate::state::AppState;

/// Every route of the gateway.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(calls::router())
        .merge(transfer::router())
        .merge(wrap_up::router())
        .merge(stats::router())
        .merge(chats::router())
        .merge(assist::router())
        .merge(cobrowse::router())
        .merge(crm::router())
        .merge(stream::router())
        .merge(telephony::router())
        .merge(optico::router())
        .merge(operator::router())
        .merge(widget::router())
}

/// Turns axum's JSON extractor rejection into our 400 with the parser's reason.
pub fn json_error(rejection: JsonRejection) -> ApiError {
    ApiError::InvalidBody(rejection.body_text())
}
