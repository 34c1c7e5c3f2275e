//! Counters for `GET /metrics` (Prometheus text format).

use std::fmt::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// Process-wide counters and gauges; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct Metrics {
    inner: Arc<Counters>,
}

#[derive(Debug, Default)]
struct Counters {
    webhooks_accepted: AtomicU64,
    webhooks_rejected: AtomicU64,
    logins_failed: AtomicU64,
    open_streams: AtomicI64,
}

/// Gauges read from the store when metrics are scraped.
#[derive(Clone, Copy, Debug, Default)]
pub struct StoreGauges {
    /// Calls ringing (queued or offered).
    pub calls_ringing: i64,
    /// Calls in progress.
    pub calls_active: i64,
    /// Agents per status: available, break, offline.
    pub agents: [i64; 3],
}

impl Metrics {
    /// A webhook was processed.
    pub fn webhook_accepted(&self) {
        self.inner.webhooks_accepted.fetch_add(1, Ordering::Relaxed);
    }

    /// A webhook was refused (bad secret or body).
    pub fn webhook_rejected(&self) {
        self.inner.webhooks_rejected.fetch_add(1, Ordering::Relaxed);
    }

    /// A login failed.
    pub fn login_failed(&self) {
        self.inner.logins_failed.fetch_add(1, Ordering::Relaxed);
    }

    /// A stream opened; the guard counts it closed when dropped.
    pub fn stream_opened(&self) -> StreamGuard {
        self.inner.open_streams.fetch_add(1, Ordering::Relaxed);
        StreamGuard {
            metrics: self.clone(),
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self, gauges: StoreGauges) -> String {
        let c = &self.inner;
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, lines: &[(String, i64)]| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
            for (labels, value) in lines {
                let _ = writeln!(out, "{name}{labels} {value}");
            }
        };
        let plain = |v: i64| vec![(String::new(), v)];
        metric(
            "agent_adapter_webhooks_accepted_total",
            "counter",
            "Inbound webhooks processed.",
            &plain(c.webhooks_accepted.load(Ordering::Relaxed) as i64),
        );
        metric(
            "agent_adapter_webhooks_rejected_total",
            "counter",
            "Inbound webhooks refused for a wrong secret or a malformed body.",
            &plain(c.webhooks_rejected.load(Ordering::Relaxed) as i64),
        );
        metric(
            "agent_adapter_logins_failed_total",
            "counter",
            "Failed agent logins.",
            &plain(c.logins_failed.load(Ordering::Relaxed) as i64),
        );
        metric(
            "agent_adapter_open_streams",
            "gauge",
            "Realtime streams currently open.",
            &plain(c.open_streams.load(Ordering::Relaxed)),
        );
        metric(
            "agent_adapter_calls",
            "gauge",
            "Calls by state.",
            &[
                ("{state=\"ringing\"}".into(), gauges.calls_ringing),
                ("{state=\"active\"}".into(), gauges.calls_active),
            ],
        );
        let [available, on_break, offline] = gauges.agents;
        metric(
            "agent_adapter_agents",
            "gauge",
            "Agents by status.",
            &[
                ("{status=\"available\"}".into(), available),
                ("{status=\"break\"}".into(), on_break),
                ("{status=\"offline\"}".into(), offline),
            ],
        );
        out
    }
}

/// Counts an open stream until dropped.
#[derive(Debug)]
pub struct StreamGuard {
    metrics: Metrics,
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.metrics
            .inner
            .open_streams
            .fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_stream_is_no_longer_counted() {
        let metrics = Metrics::default();
        let guard = metrics.stream_opened();
        assert!(
            metrics
                .render(StoreGauges::default())
                .contains("agent_adapter_open_streams 1")
        );
        drop(guard);
        assert!(
            metrics
                .render(StoreGauges::default())
                .contains("agent_adapter_open_streams 0")
        );
    }
}
