//! Fault injection against the real `gateway` binary: a child process on a temporary TOML
//! configuration and SQLite file, killed with SIGKILL (only that child's PID) and started again
//! on the same database while the Operator API, the agent's stream, the bot's webhook and the
//! CRM are exercised over loopback HTTP.
//!
//! - `inbound`: customer messages through the Operator API while the agent's stream is cut at
//!   random points and the gateway is killed; the agent ends with every message exactly once
//!   and in order per chat.
//! - `webhook` and `crm`: the agent's replies and the CRM calls while the bot's webhook and the
//!   CRM refuse connections, answer 5xx, then hang past the gateway's timeout, then recover;
//!   every delivery arrives once after dedupe by its id or `Idempotency-Key`, in order per chat,
//!   with attempts spaced as the configured retry policy computes.
//!
//! The sizes come from the environment so that `scripts/soak.sh` can run the same scenario
//! larger: `FAULTS_EVENTS` (customer messages, 10,000), `FAULTS_CHATS` (8), `FAULTS_RESTARTS`
//! (2), `FAULTS_SEED` (random, printed). Run with
//! `cargo test -p gateway --test faults -- --nocapture` to see the summaries.

mod crm;
mod inbound;
mod process;
mod servers;
mod webhook;

/// A size from the environment variable `name`, or `default`.
pub fn env_or(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not `{value}`")),
        Err(_) => default,
    }
}

/// One attempt of a delivery as its receiver saw it: when it arrived and whether it failed.
#[derive(Clone, Copy, Debug)]
pub struct Seen {
    pub at: std::time::Instant,
    pub failed: bool,
}

/// Checks that the attempts of one delivery are spaced at least as the retry policy computes:
/// after the n-th failure the gateway waits `retry_delay(n, min, max, unit)` for some `unit` in
/// `[0, 1)`, so never less than its value at 0. `unseen` failures happened before the first
/// attempt the receiver saw (it was not listening). Returns the problems found.
pub fn schedule_problems(
    what: &str,
    attempts: &[Seen],
    unseen: u32,
    min_ms: u64,
    max_ms: u64,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut failures = unseen;
    for pair in attempts.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if !before.failed {
            problems.push(format!("{what}: attempted again after a success"));
            continue;
        }
        failures += 1;
        let earliest = gateway::outbox::retry_delay(failures, min_ms, max_ms, 0.0);
        let gap = after.at.duration_since(before.at).as_millis() as u64;
        if gap < earliest {
            problems.push(format!(
                "{what}: attempt after failure {failures} came {gap} ms later, the policy \
                 waits at least {earliest} ms"
            ));
        }
    }
    problems
}
