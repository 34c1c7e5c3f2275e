//! The one error type of the HTTP layer. Client mistakes say exactly what is wrong; store and
//! unexpected failures become an opaque 500 whose cause is logged, never sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use protocol::api::ApiErrorBody;

/// Everything a handler can answer with instead of success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request body or parameters are malformed (400 `invalid_body`).
    #[error("{0}")]
    InvalidBody(String),
    /// The request body is larger than the endpoint accepts, in bytes (413
    /// `payload_too_large`).
    #[error("the request body is larger than {} KiB, the most this endpoint accepts", .0 / 1024)]
    PayloadTooLarge(usize),
    /// Missing, wrong or expired credentials (401 `unauthorized`).
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Too many sign-in attempts for this account; try again after the given seconds (429
    /// `too_many_attempts`, with `Retry-After`).
    #[error("too many sign-in attempts; try again in {0} s")]
    TooManyAttempts(u64),
    /// Wrong email or password (401 `invalid_credentials`).
    #[error("wrong email or password")]
    InvalidCredentials,
    /// Authenticated but not allowed (403 `forbidden`).
    #[error("{0}")]
    Forbidden(&'static str),
    /// No such resource for this agent (404 `not_found`).
    #[error("{0}")]
    NotFound(String),
    /// The resource is not in a state that allows this (409 `conflict`).
    #[error("{0}")]
    Conflict(String),
    /// An upstream service failed; the message says which and why (502 `upstream_unavailable`).
    #[error("{0}")]
    Upstream(String),
    /// A feature whose upstream is not configured (503 `not_configured`).
    #[error("{0}")]
    NotConfigured(&'static str),
    /// The widget has not been built (503 `widget_not_built`).
    #[error("the widget is not built: run `trunk build --release` at the repository root")]
    WidgetNotBuilt,
    /// The store failed.
    #[error("store error")]
    Store(#[from] sqlx::Error),
    /// Anything else that is our fault.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::InvalidBody(_) => (StatusCode::BAD_REQUEST, "invalid_body"),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            Self::TooManyAttempts(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream_unavailable"),
            Self::NotConfigured(_) => (StatusCode::SERVICE_UNAVAILABLE, "not_configured"),
            Self::WidgetNotBuilt => (StatusCode::SERVICE_UNAVAILABLE, "widget_not_built"),
            Self::Store(_) | Self::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            Self::Store(cause) => tracing::error!(error = %cause, "store failure"),
            Self::Internal(cause) => tracing::error!(error = ?cause, "internal failure"),
            Self::InvalidBody(reason) => tracing::warn!(%reason, "rejected a malformed request"),
            Self::PayloadTooLarge(limit) => tracing::warn!(limit, "rejected an oversized body"),
            _ => {}
        }
        let body = ApiErrorBody {
            error: code.to_owned(),
            message: self.to_string(),
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::TooManyAttempts(seconds) = self
            && let Ok(value) = axum::http::HeaderValue::from_str(&seconds.to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}
