//! Simulated upstreams for agent-adapter, and the demo CRM host page.
//!
//! Used by the demo and by tests, never in production. What it serves:
//!
//! - [`telephony`]: a PBX that rings calls into the gateway through its telephony webhook
//!   (`POST /telephony/calls`, `POST /telephony/calls/{externalId}/hangup`), also usable from
//!   Rust as [`TelephonySim`];
//! - [`demo`]: the demo CRM page at `GET /` embedding the call and chat adapters, listing every
//!   event they post.
//!
//! Run it next to a gateway: `cargo run -p upstream-sim -- --gateway-url http://127.0.0.1:8700`
//! (see `--help`), then open the URL it prints. In tests, bind a listener on port 0 and call
//! [`serve`].

pub mod config;
pub mod demo;
pub mod telephony;

use axum::Router;
use axum::routing::get;

pub use config::SimConfig;
pub use telephony::{Delivery, RingRequest, SimCall, SimCallState, SimError, TelephonySim};

/// Every route of the simulator: the demo page, its assets, the telephony endpoints and
/// `GET /healthz`.
pub fn router(config: SimConfig) -> Router {
    let telephony = TelephonySim::new(&config.gateway_url, &config.telephony_secret);
    Router::new()
        .merge(demo::router(demo::DemoPage::new(&config)))
        .merge(telephony::router(telephony))
        .route("/healthz", get(|| async { "ok" }))
}

/// Serves [`router`] on `listener` until the task is dropped or the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, config: SimConfig) -> std::io::Result<()> {
    axum::serve(listener, router(config)).await
}
