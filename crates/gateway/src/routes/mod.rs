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
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::http::StatusCode;

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
        .fallback(no_such_endpoint)
}

/// The largest JSON body of the agent API (axum's default limit).
pub const MAX_JSON_BODY: usize = 2 * 1024 * 1024;

/// Turns axum's JSON extractor rejection into our 400 with the parser's reason (413 for a body
/// over [`MAX_JSON_BODY`]).
pub fn json_error(rejection: JsonRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::PayloadTooLarge(MAX_JSON_BODY);
    }
    ApiError::InvalidBody(rejection.body_text())
}

/// Turns a failure to read a raw body into our error: 413 over `limit` bytes, else 400.
pub fn body_error(rejection: BytesRejection, limit: usize) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::PayloadTooLarge(limit);
    }
    ApiError::InvalidBody(rejection.body_text())
}

/// The answer to a path that no route serves (the path is not echoed: webhook paths carry
/// secrets).
async fn no_such_endpoint() -> ApiError {
    ApiError::NotFound("there is no such endpoint on this gateway".into())
}
