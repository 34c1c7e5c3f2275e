//! The state every handler shares.

use std::sync::Arc;

use crate::config::Settings;
use crate::connectors::deepcall::DeepCallClient;
use crate::connectors::optico::OpticoClient;
use crate::crm::client::CrmClient;
use crate::hub::Hub;
use crate::metrics::Metrics;
use crate::routing::Policy;
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
    /// The DeepCall account, when configured.
    pub deepcall: Option<DeepCallClient>,
    /// The CRM API, when configured.
    pub crm: Option<CrmClient>,
    /// The session file storage (`None` only in states built without one).
    pub storage: Option<crate::storage::Storage>,
    /// Becomes `true` when the server starts shutting down: open streams close then.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
}

impl AppState {
    /// The ring timeout and after-call work time that routing applies.
    pub fn policy(&self) -> Policy {
        Policy {
            ring_timeout_ms: i64::from(self.settings.routing.ring_timeout_secs) * 1000,
            after_call_ms: i64::from(self.settings.wrap_up.after_call_secs) * 1000,
        }
    }
}
