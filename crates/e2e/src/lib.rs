//! End-to-end test harness: the demo CRM host page with both adapters, in headless Chromium,
//! against a real gateway and the simulated upstreams.
//!
//! Every test starts its own [`Stack`] (gateway and simulator on loopback port 0, a throwaway
//! SQLite file) and its own [`Browser`] (chromedriver on a free port, headless Chromium), then
//! asserts on what the host page received (`window.__adapterEvents`, see [`host_page`]).
//!
//! Prerequisites: the widget built by trunk into `<workspace>/dist` (`trunk build`), Chromium
//! and chromedriver at `/usr/bin/chromium` and `/usr/bin/chromedriver` (override with
//! `CHROMIUM_BIN` / `CHROMEDRIVER_BIN`). Run: `cargo test -p e2e`.
//!
//! Waits poll until a generous deadline ([`DEADLINE`]): they are not timing assertions.

pub mod browser;
pub mod flows;
pub mod host_page;
pub mod stack;

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use browser::Browser;
pub use stack::Stack;

/// How long any single wait may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(60);

const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// The workspace root (where `dist/` and `docs/` live).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
}

/// Where a screenshot goes, creating the folder: `<workspace>/docs/screenshots/` (the README's
/// pictures) when `UPDATE_SCREENSHOTS=1`, otherwise `<workspace>/target/screenshots/`, so that an
/// ordinary test run leaves the tracked pictures alone.
pub fn screenshot_path(file_name: &str) -> anyhow::Result<PathBuf> {
    let folder = if std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        workspace_root().join("docs").join("screenshots")
    } else {
        workspace_root().join("target").join("screenshots")
    };
    std::fs::create_dir_all(&folder)
        .map_err(|error| anyhow::anyhow!("Failed to create {}: {error}", folder.display()))?;
    Ok(folder.join(file_name))
}

/// Calls `probe` until it returns `Some`, failing after [`DEADLINE`] with `what` and the last
/// error `probe` returned, if any.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Option<T>>>,
{
    let started = Instant::now();
    let mut last_error = None;
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(error) => last_error = Some(error),
        }
        if started.elapsed() > DEADLINE {
            let cause = last_error
                .map(|e| format!(" (last error: {e:#})"))
                .unwrap_or_default();
            anyhow::bail!("Timed out after {DEADLINE:?} waiting for {what}{cause}");
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn eventually_returns_the_first_value_the_probe_finds() {
        let mut calls = 0;
        let found = eventually("the third call", || {
            calls += 1;
            let current = calls;
            async move { Ok((current == 3).then_some(current)) }
        })
        .await
        .expect("found before the deadline");
        assert_eq!(found, 3);
    }

    #[test]
    fn the_workspace_root_holds_the_workspace_manifest() {
        let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml"))
            .expect("workspace Cargo.toml is readable");
        assert!(manifest.contains("[workspace]"));
    }
}
