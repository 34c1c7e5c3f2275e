//! A loopback HTTP server that is down (nothing listens on its port), or up and failing in a
//! chosen way, and that records every request it gets.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;

use crate::process::free_port;

/// How the server answers while it is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every request gets this 5xx status.
    Failing(u16),
    /// Every request is taken in, then answered only after this long (past the gateway's
    /// timeout).
    Hanging(Duration),
    /// Requests are served.
    Serving,
}

/// What happened to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answered with this 5xx status.
    Failed(u16),
    /// Taken in, but answered after the gateway had given up.
    Hung,
    /// Served.
    Served,
}

/// One request as the server got it.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub at: Instant,
    /// What identifies the delivery: the webhook event's `id`, or the `Idempotency-Key`.
    pub key: String,
    /// The chat (webhook: `userId`) or the method and path (CRM).
    pub group: String,
    pub outcome: Outcome,
}

/// The mode and the log, shared with the handlers.
#[derive(Clone)]
pub struct Faults {
    mode: Arc<Mutex<Mode>>,
    log: Arc<Mutex<Vec<Arrival>>>,
}

impl Faults {
    fn new() -> Self {
        Self {
            mode: Arc::new(Mutex::new(Mode::Serving)),
            log: Arc::default(),
        }
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap_or_else(|e| e.into_inner()) = mode;
    }

    /// Every request so far, in arrival order.
    pub fn log(&self) -> Vec<Arrival> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Records a request and says how to answer it: `Some(status)` to fail it now; `None` to
    /// serve it, after `hang` when it must outlast the gateway's timeout. A request that may
    /// not hang (a quick read of a server whose writes are slow) is served at once.
    pub fn admit(&self, key: &str, group: &str, may_hang: bool) -> (Option<u16>, Option<Duration>) {
        let mode = *self.mode.lock().unwrap_or_else(|e| e.into_inner());
        let (outcome, answer) = match mode {
            Mode::Failing(status) => (Outcome::Failed(status), (Some(status), None)),
            Mode::Hanging(wait) if may_hang => (Outcome::Hung, (None, Some(wait))),
            Mode::Hanging(_) | Mode::Serving => (Outcome::Served, (None, None)),
        };
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arrival {
                at: Instant::now(),
                key: key.to_owned(),
                group: group.to_owned(),
                outcome,
            });
        answer
    }
}

/// A server on a reserved port, down until [`FaultyServer::up`].
pub struct FaultyServer {
    pub port: u16,
    pub faults: Faults,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl FaultyServer {
    /// Picks a port; nothing listens there yet (connections are refused).
    pub fn down() -> Self {
        Self {
            port: free_port(),
            faults: Faults::new(),
            task: None,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts listening with `router` (built around [`Self::faults`]) in `mode`.
    pub async fn up(&mut self, router: Router, mode: Mode) {
        self.faults.set_mode(mode);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("bind the reserved port");
        self.task = Some(tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        }));
    }
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
