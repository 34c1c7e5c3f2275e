//! The state every handler shares.

use std::sync::Arc;

use crate::config::Settings;
use crate::connectors::optico::OpticoClient;
use crate::hub::Hub;
use crate::metrics::Metrics;
use crate::store::Store;

/// Shared by all handlers and background tasks; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The configuration.
    pub settings: Arc<Settings>,
    /// The durable store.
    pub store: Store,
    /// Live fan-out of committed stream events.
    pub hub: Hub,
    /// Counters for `/metrics`.
    pub metrics: Metrics,
    /// The Optico account, when configured.
    pub optico: Option<OpticoClient>,
    /// Becomes `true` when the server starts shutting down: open streams close then.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
}

impl AppState {
    /// The ring timeout in milliseconds.
    pub fn ring_timeout_ms(&self) -> i64 {
        i64::from(self.settings.routing.ring_timeout_secs) * 1000
    }
}
