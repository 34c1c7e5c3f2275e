//! The durable outbox of events for Aimylogic's webhooks.
//!
//! Every agent event (`TextMessage`, `FileMessage`, `Closed`, `SelectDestination`) is written
//! to the `outbox` table in the same transaction as the change it reports ([`enqueue`]), so
//! nothing is acknowledged to the agent that is not also queued for the bot. A background
//! worker ([`run`]) posts each event to the webhook URL the channel set (read at delivery time,
//! so a later `setWebhook` also applies to what is already queued):
//!
//! - per chat, strictly in order: only the oldest pending event of a chat is ever attempted,
//!   so a later message never overtakes an earlier one;
//! - a failure (no webhook set yet, unreachable, timeout, any non-2xx answer) is retried with
//!   exponential backoff and equal jitter ([`retry_delay`]) until the event's retry window
//!   (`aimylogic.outbox.retry_window_secs`, 3 days by default) has passed; then it becomes a
//!   dead letter, kept and listed at `GET /api/v1/outbox/dead`, and the chat's later events
//!   go on;
//! - the agent sees each of their messages go `pending` → `delivered`, or `retrying` →
//!   `delivered` / `failed`, through `message_delivery` stream events.
//!
//! Delivery is at least once: an attempt whose answer is lost is repeated with the same `id`.
//! One worker runs per gateway; several gateways on one database would need a lease on rows.

use std::time::Duration;

use protocol::aimylogic::{Employee, WebhookEvent};
use protocol::chat::DeliveryState;
use protocol::stream::StreamEvent;

use crate::config::OutboxSettings;
use crate::state::AppState;
use crate::store::queue::Queue;
use crate::store::{WriteTx, agents, chats, now_ms, outbox};

/// How many due events one pass picks up.
const BATCH: u32 = 64;

/// How long the worker rests when nothing was delivered.
const IDLE: Duration = Duration::from_millis(100);

/// The delay before the attempt that follows `failures` failed ones: `min_ms` doubled per
/// failure, capped at `max_ms`, of which the upper half is random (`unit` in `[0, 1)`), so
/// retries of many events spread out instead of arriving together.
pub fn retry_delay(failures: u32, min_ms: u64, max_ms: u64, unit: f64) -> u64 {
    let doublings = failures.saturating_sub(1).min(63);
    let exponential = min_ms.saturating_mul(1u64 << doublings).min(max_ms);
    let half = exponential / 2;
    let jitter = (half as f64 * unit.clamp(0.0, 1.0)) as u64;
    (exponential - half + jitter).max(1)
}

/// The `employee` object for `agent_id`.
pub async fn employee(
    tx: &mut WriteTx,
    state: &AppState,
    agent_id: u64,
) -> Result<Employee, sqlx::Error> {
    let agent = agents::by_id(&mut tx.tx, agent_id).await?;
    let avatar_url = state
        .settings
        .agent(agent_id)
        .and_then(|a| a.avatar_url.clone())
        .unwrap_or_default();
    Ok(Employee {
        employee_id: agent_id.to_string(),
        first_name: agent
            .as_ref()
            .map(|a| a.first_name.clone())
            .unwrap_or_default(),
        last_name: agent
            .as_ref()
            .map(|a| a.last_name.clone())
            .unwrap_or_default(),
        avatar_url,
    })
}

/// Queues `event` for the webhook of the chat's channel, in the caller's transaction.
pub async fn enqueue(
    tx: &mut WriteTx,
    state: &AppState,
    chat: &chats::ChatRow,
    message_id: Option<u64>,
    event: &WebhookEvent,
) -> Result<u64, sqlx::Error> {
    let window_ms = state
        .settings
        .aimylogic
        .as_ref()
        .map(|a| a.outbox.retry_window_secs)
        .unwrap_or_else(|| OutboxSettings::default().retry_window_secs)
        .saturating_mul(1000)
        .min(i64::MAX as u64) as i64;
    outbox::enqueue(
        &mut tx.tx,
        &chat.channel_id,
        chat.id as u64,
        message_id,
        event,
        window_ms,
    )
    .await
}

/// Prometheus gauges of the outbox and the chats: events waiting, dead letters, open chats per
/// state.
pub async fn render_metrics(conn: &mut sqlx::SqliteConnection) -> Result<String, sqlx::Error> {
    let outbox: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, COUNT(*) FROM outbox WHERE state <> 'delivered' GROUP BY state",
    )
    .fetch_all(&mut *conn)
    .await?;
    let chats: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM chats WHERE state <> 'closed' GROUP BY state")
            .fetch_all(&mut *conn)
            .await?;
    let count = |rows: &[(String, i64)], key: &str| {
        rows.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n)
    };
    let mut out = String::new();
    out.push_str(
        "# HELP agent_adapter_outbox_pending Webhook events waiting for delivery.\n\
         # TYPE agent_adapter_outbox_pending gauge\n",
    );
    out.push_str(&format!(
        "agent_adapter_outbox_pending {}\n",
        count(&outbox, "pending")
    ));
    out.push_str(
        "# HELP agent_adapter_outbox_dead Webhook events given up after their retry window.\n\
         # TYPE agent_adapter_outbox_dead gauge\n",
    );
    out.push_str(&format!(
        "agent_adapter_outbox_dead {}\n",
        count(&outbox, "dead")
    ));
    out.push_str(
        "# HELP agent_adapter_chats Open chats by state.\n# TYPE agent_adapter_chats gauge\n",
    );
    for state in ["queued", "offered", "active"] {
        out.push_str(&format!(
            "agent_adapter_chats{{state=\"{state}\"}} {}\n",
            count(&chats, state)
        ));
    }
    Ok(out)
}

/// Background task: delivers due events until the process stops.
pub async fn run(state: AppState) {
    let Some(settings) = state.settings.aimylogic.as_ref().map(|a| a.outbox.clone()) else {
        return;
    };
    let http = match reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_secs.max(1)))
        .build()
    {
        Ok(http) => http,
        Err(error) => {
            tracing::error!(%error, "the outbox cannot build its HTTP client; nothing is delivered");
            return;
        }
    };
    crate::worker::poll("outbox", IDLE, || deliver_due(&state, &http, &settings)).await;
}

/// One pass: attempts every due head of a chat once, the chats side by side (each chat's own
/// events stay strictly in order: only its head is ever in a pass). Returns how many were
/// delivered.
pub async fn deliver_due(
    state: &AppState,
    http: &reqwest::Client,
    settings: &OutboxSettings,
) -> Result<usize, sqlx::Error> {
    let heads = {
        let mut conn = state.store.read.acquire().await?;
        outbox::due_heads(&mut conn, BATCH).await?
    };
    let mut attempts = tokio::task::JoinSet::new();
    for row in heads {
        let (state, http, settings) = (state.clone(), http.clone(), settings.clone());
        attempts.spawn(async move { attempt(&state, &http, &settings, &row).await });
    }
    let mut delivered = 0;
    let mut failure = None;
    while let Some(joined) = attempts.join_next().await {
        match joined {
            Ok(Ok(true)) => delivered += 1,
            Ok(Ok(false)) => {}
            Ok(Err(error)) => failure = Some(error),
            Err(error) => tracing::error!(%error, "an outbox delivery task failed"),
        }
    }
    match failure {
        Some(error) if delivered == 0 => Err(error),
        Some(error) => {
            tracing::error!(%error, "an outbox delivery could not be recorded");
            Ok(delivered)
        }
        None => Ok(delivered),
    }
}

/// Posts one event and records the outcome; true when it was delivered.
#[tracing::instrument(skip_all, fields(outbox_id = row.id, chat_id = row.chat_id))]
async fn attempt(
    state: &AppState,
    http: &reqwest::Client,
    settings: &OutboxSettings,
    row: &outbox::OutboxRow,
) -> Result<bool, sqlx::Error> {
    let url = {
        let mut conn = state.store.read.acquire().await?;
        chats::webhook_url(&mut conn, &row.channel_id).await?
    };
    let result = match url {
        None => Err("no webhook URL: the channel has not called setWebhook".to_owned()),
        Some(url) => post(http, &url, &row.payload).await,
    };
    let mut tx = state.store.begin().await?;
    let (delivery, delivered) = match &result {
        Ok(()) => {
            Queue::Outbox
                .mark_delivered(&mut tx.tx, row.id as u64)
                .await?;
            tracing::info!(event = %row.event_type, "webhook event delivered");
            (DeliveryState::Delivered, true)
        }
        Err(error) if now_ms() >= row.expires_at => {
            Queue::Outbox
                .mark_dead(&mut tx.tx, row.id as u64, error)
                .await?;
            tracing::error!(%error, event = %row.event_type, "webhook event given up");
            (DeliveryState::Failed, false)
        }
        Err(error) => {
            let failures = u32::try_from(row.attempts + 1).unwrap_or(u32::MAX);
            let delay = retry_delay(
                failures,
                settings.retry_min_delay_ms,
                settings.retry_max_delay_ms,
                rand::random::<f64>(),
            );
            let next = now_ms().saturating_add(i64::try_from(delay).unwrap_or(i64::MAX));
            Queue::Outbox
                .mark_retry(&mut tx.tx, row.id as u64, error, next)
                .await?;
            tracing::warn!(%error, failures, delay_ms = delay, "webhook event will be retried");
            (DeliveryState::Retrying, false)
        }
    };
    if let Some(message_id) = row.message_id {
        let changed = chats::set_delivery(&mut tx.tx, message_id as u64, delivery).await?;
        let agent = chats::by_id(&mut tx.tx, row.chat_id as u64)
            .await?
            .and_then(|chat| chat.concerned_agent());
        if let (true, Some(agent_id)) = (changed, agent) {
            tx.emit(
                agent_id,
                StreamEvent::MessageDelivery {
                    chat_id: row.chat_id as u64,
                    message_id: message_id as u64,
                    delivery,
                },
            )
            .await?;
        }
    }
    tx.commit(&state.hub).await?;
    Ok(delivered)
}

/// POSTs the JSON `payload`; any 2xx is success, anything else is the error to retry on.
async fn post(http: &reqwest::Client, url: &str, payload: &str) -> Result<(), String> {
    let response = http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(payload.to_owned())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                "the webhook did not answer in time".to_owned()
            } else {
                "the webhook is unreachable".to_owned()
            }
        })?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("the webhook answered HTTP {}", status.as_u16()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_with_each_failure_until_the_cap() {
        let delays: Vec<u64> = (1..=6).map(|n| retry_delay(n, 1000, 10_000, 1.0)).collect();
        assert_eq!(delays, [1000, 2000, 4000, 8000, 10_000, 10_000]);
    }

    #[test]
    fn jitter_keeps_the_delay_between_half_and_all_of_the_step() {
        assert_eq!(retry_delay(3, 1000, 60_000, 0.0), 2000);
        assert_eq!(retry_delay(3, 1000, 60_000, 0.5), 3000);
        assert_eq!(retry_delay(3, 1000, 60_000, 0.999_999), 3999);
    }

    #[test]
    fn huge_failure_counts_do_not_overflow() {
        assert_eq!(retry_delay(u32::MAX, 1000, 600_000, 1.0), 600_000);
        assert_eq!(retry_delay(0, 1000, 600_000, 1.0), 1000);
    }
}
