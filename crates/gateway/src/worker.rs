//! The loop every background queue runs: a pass over what is due, a short rest when nothing
//! was, and a logged error (then a rest) when a pass fails; until the process stops.

use std::future::Future;
use std::time::Duration;

/// Runs `pass` forever, resting `idle` after a pass that did nothing or failed. `what` names
/// the queue in the error log.
pub async fn poll<F, Fut>(what: &'static str, idle: Duration, mut pass: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<usize, sqlx::Error>>,
{
    loop {
        match pass().await {
            Ok(0) => tokio::time::sleep(idle).await,
            Ok(_) => {}
            Err(error) => {
                tracing::error!(%error, queue = what, "background pass failed");
                tokio::time::sleep(idle).await;
            }
        }
    }
}
