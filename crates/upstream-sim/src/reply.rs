//! The error answer shared by the simulators' control endpoints.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// `{error, message}` plus, when the gateway answered, the delivery `D` (what was sent and the
/// gateway's status and body), flattened beside them.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorBody<D> {
    pub(crate) error: &'static str,
    pub(crate) message: String,
    #[serde(flatten)]
    pub(crate) delivery: Option<D>,
}

impl<D: Serialize> ErrorBody<D> {
    /// An error without a delivery.
    pub(crate) fn new(error: &'static str, message: String) -> Self {
        Self {
            error,
            message,
            delivery: None,
        }
    }

    /// 502 `gateway_rejected`: the gateway answered the simulator's delivery with an error.
    pub(crate) fn gateway_rejected(gateway_status: u16, delivery: D) -> Response {
        let status = StatusCode::from_u16(gateway_status)
            .map(|status| status.to_string())
            .unwrap_or_else(|_| gateway_status.to_string());
        Self {
            error: "gateway_rejected",
            message: format!("The gateway answered {status}."),
            delivery: Some(delivery),
        }
        .into_response_with(StatusCode::BAD_GATEWAY)
    }

    /// The JSON response with `status`.
    pub(crate) fn into_response_with(self, status: StatusCode) -> Response {
        (status, Json(self)).into_response()
    }
}
