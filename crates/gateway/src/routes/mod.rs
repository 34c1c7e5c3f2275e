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

use axum::Json;
use axum::Router;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

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

/// Rewrites the plain-text 4xx answers axum's extractors give on their own (a path id that is
/// not a number, a bad query string) as our JSON error body, keeping the status and the reason.
pub async fn plain_rejection_as_json(response: Response) -> Response {
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !status.is_client_error() || !plain {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024).await else {
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        _ => "invalid_body",
    };
    let message = String::from_utf8_lossy(&bytes).trim().to_owned();
    tracing::warn!(%status, reason = %message, "rejected a malformed request");
    let body = protocol::api::ApiErrorBody {
        error: code.to_owned(),
        message,
    };
    (status, Json(body)).into_response()
}

/// The answer to a path that no route serves (the path is not echoed: webhook paths carry
/// secrets).
async fn no_such_endpoint() -> ApiError {
    ApiError::NotFound("there is no such endpoint on this gateway".into())
}
