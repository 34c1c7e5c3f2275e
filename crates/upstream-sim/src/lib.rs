//! Simulated upstreams for agent-adapter, and the demo CRM host page.
//!
//! Used by the demo and by tests, never in production. What it serves:
//!
//! - [`telephony`]: a PBX that rings calls into the gateway through its telephony webhook
//!   (`POST /telephony/calls`, `POST /telephony/calls/{externalId}/hangup`), also usable from
//!   Rust as [`TelephonySim`];
//! - [`optico`]: the Optico Call Center API under `/optico` (`callStart`, `setAgentToCall`, a
//!   behaviour switch, a request log) and the visitor whose page views, cart and orders it
//!   pushes to the gateway's Optico webhook, also usable from Rust as [`OpticoSim`];
//! - [`deepcall`]: the DeepCall Agent API under `/deepcall` (`api/v2/Agent/live`, a mode
//!   switch, a request log);
//! - [`optimly`]: the Optimly API under `/optimly` (new-chat, agent/v2 with message-dependent
//!   replies, lead-form, appointment, the documented rate limits, a control, a request log),
//!   usable from Rust as [`OptimlySim`];
//! - [`cobrowse`]: a co-browse provider under `/cobrowse` (the customer starts and ends
//!   sessions; the agent's requests are answered through the gateway's co-browse webhook);
//! - [`colleague`]: a second agent who signs in through the gateway's agent API and answers
//!   calls that ring at them (`/colleague`), so the demo can show a transfer being taken;
//! - [`aimylogic`]: the bot side of the Aimylogic Operator API: it hands chats over to the
//!   gateway and writes as the client, and records the agent's events on its webhook, usable
//!   from Rust as [`AimylogicSim`];
//! - [`crm`]: a REST CRM under `/crm` (accounts, records, comments, attachments, an OAuth
//!   token endpoint, failure switches, a request log) with readable record pages at
//!   `/crm/records/{id}`, usable from Rust as [`CrmSim`];
//! - [`demo`]: the demo CRM page at `GET /` embedding the call and chat adapters, listing every
//!   event they post;
//! - [`conformance`]: the integrator's host conformance kit at `GET /conformance/`, checking
//!   every event the adapters post against the host contract's JSON Schema.
//!
//! Run it next to a gateway: `cargo run -p upstream-sim -- --gateway-url http://127.0.0.1:8700`
//! (see `--help`), then open the URL it prints. In tests, bind a listener on port 0 and call
//! [`serve`].

pub mod aimylogic;
pub mod cobrowse;
pub mod colleague;
pub mod config;
pub mod conformance;
pub mod crm;
pub mod deepcall;
pub mod demo;
pub mod optico;
pub mod optimly;
mod reply;
pub mod telephony;

use axum::Router;
use axum::routing::get;

pub use aimylogic::{AimylogicSim, OperatorReply, Received};
pub use config::SimConfig;
pub use crm::{CrmAuthMode, CrmControl, CrmCredentials, CrmRequest, CrmSim};
pub use optico::{OpticoControl, OpticoDelivery, OpticoMode, OpticoSim};
pub use optimly::{OptimlyControl, OptimlyRequest, OptimlySim};
pub use telephony::{Delivery, RingRequest, SimCall, SimCallState, SimError, TelephonySim};

/// Every route of the simulator: the demo page, its assets, the conformance kit under
/// `/conformance/`, the telephony endpoints, the
/// Optico API under `/optico`, the DeepCall API under `/deepcall`, the Optimly API under `/optimly`, the Aimylogic bot platform
/// under `/aimylogic`, the CRM under `/crm`, the colleague under `/colleague` and `GET /healthz`.
pub fn router(config: SimConfig) -> Router {
    let telephony = TelephonySim::new(&config.gateway_url, &config.telephony_secret);
    let optico = OpticoSim::new(
        &config.gateway_url,
        &config.optico_webhook_secret,
        &config.optico_api_key,
    );
    let colleague = colleague::ColleagueSim::new(
        &config.gateway_url,
        &config.colleague_email,
        &config.colleague_password,
        std::time::Duration::from_secs(2),
    );
    let deepcall = deepcall::DeepCallSim::new(deepcall::DeepCallAccount {
        user_id: config.deepcall_user_id.clone(),
        token: config.deepcall_token.clone(),
        ssid: config.deepcall_ssid.clone(),
    });
    let aimylogic_api = config::url_with_segments(
        &config.gateway_url,
        &["operator", &config.aimylogic_channel_key],
    );
    let mut aimylogic = AimylogicSim::new(&aimylogic_api);
    if let Some(base) = &config.public_url {
        aimylogic = aimylogic.with_webhook_url(AimylogicSim::webhook_url(base, "demo"));
    }
    let crm = CrmSim::new(CrmCredentials::demo());
    let optimly = OptimlySim::new(&config.optimly_api_key);
    let cobrowse = cobrowse::CobrowseSim::new(
        &config.gateway_url,
        &config.cobrowse_webhook_secret,
        &config.cobrowse_api_key,
    );
    Router::new()
        .merge(demo::router(demo::DemoPage::new(&config)))
        .merge(conformance::router(conformance::ConformancePage::new(
            &config,
        )))
        .merge(crm.router())
        .merge(colleague.router())
        .merge(deepcall.router())
        .merge(optimly.router())
        .merge(cobrowse.router())
        .merge(telephony::router(telephony))
        .merge(optico.router())
        .merge(aimylogic.control_router())
        .route("/healthz", get(|| async { "ok" }))
}

/// Serves [`router`] on `listener` until the task is dropped or the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, config: SimConfig) -> std::io::Result<()> {
    axum::serve(listener, router(config)).await
}
