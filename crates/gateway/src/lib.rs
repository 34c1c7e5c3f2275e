//! The agent-adapter gateway: the widget's agent API and realtime stream, the telephony webhook,
//! call routing, the Aimylogic Operator API and chat routing, and the durable SQLite store. It also serves the built widget at `/agent/`.
//!
//! Run it with the built-in demo configuration: `cargo run -p gateway` (port 8700), or with a
//! file: `cargo run -p gateway -- --config gateway.toml`. `AGENT_ADAPTER__*` variables override
//! any setting (`AGENT_ADAPTER__SERVER__PORT=0`). Tests: `cargo test -p gateway`.

pub mod assist;
pub mod auth;
pub mod chat_routing;
pub mod config;
pub mod connectors;
pub mod context;
pub mod crm;
pub mod error;
pub mod hub;
pub mod metrics;
pub mod outbox;
pub mod outcome_email;
pub mod phone;
pub mod routes;
pub mod routing;
pub mod startup;
pub mod state;
pub mod storage;
pub mod store;
pub mod team;
pub mod telemetry;
pub mod worker;
