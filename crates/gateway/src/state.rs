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

/// Rate limiter of sign-in attempts, keyed by lower-case email address.
pub type LoginLimiter = governor::DefaultKeyedRateLimiter<String>;

/// The sign-in limiter for `per_minute` attempts per email (a burst of as many).
pub fn login_limiter(per_minute: u32) -> LoginLimiter {
    let per_minute = std::num::NonZeroU32::new(per_minute).unwrap_or(std::num::NonZeroU32::MIN);
    governor::RateLimiter::keyed(governor::Quota::per_minute(per_minute))
}

/// Shared by all handlers and background tasks: one [`Shared`] behind an `Arc`, so that the
/// clone axum makes for every request is one reference count, whatever the upstream clients
/// hold (URLs, keys, DeepCall's filter).
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl AppState {
    /// The state handlers share.
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
#[derive(Debug)]
pub struct Shared {
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
    /// Sign-in attempts per email address.
    pub login_limiter: Arc<LoginLimiter>,
    /// The CRM API, when configured.
    pub crm: Option<CrmClient>,
    /// The co-browse provider, when configured.
    pub cobrowse: Option<crate::connectors::cobrowse::CobrowseClient>,
    /// The Optimly agent (suggestions, lead and appointment tools), when configured.
    pub optimly: Option<crate::connectors::optimly::OptimlyClient>,
    /// The session file storage (`None` only in states built without one).
    pub storage: Option<crate::storage::Storage>,
    /// Becomes `true` when the server starts shutting down: open streams close then.
    pub shutdown: tokio::sync::watch::Receiver<bool>,
}

impl Shared {
    /// The ring timeout and after-call work time that routing applies.
    pub fn policy(&self) -> Policy {
        Policy {
            ring_timeout_ms: i64::from(self.settings.routing.ring_timeout_secs) * 1000,
            after_call_ms: i64::from(self.settings.wrap_up.after_call_secs) * 1000,
        }
    }
}
