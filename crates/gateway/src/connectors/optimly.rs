//! Optimly (seed 002): conversations, suggestions (`agent/v2`), lead capture and appointment
//! booking, with the agent's API key as `Authorization: Bearer` (never sent to the browser).
//!
//! Every request first waits for its turn under the configured limits (the documented 100 a
//! minute, 1,000 an hour and 10,000 a day per key by default): one `governor` limiter per
//! window, each allowing a small burst and then an even pace so that no window of that length
//! ever holds more than its count. Work waits instead of being dropped. A 429 from Optimly holds
//! every request back until its `Retry-After` (or an exponential pause when it gives none).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use protocol::optimly::{
    AGENT_PATH, APPOINTMENT_PATH, AgentRequest, AgentResponse, AppointmentRequest, LEAD_FORM_PATH,
    LeadFormRequest, NEW_CHAT_PATH, NewChatRequest, NewChatResponse, ToolResponse, error_detail,
};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use crate::config::OptimlySettings;

/// Why Optimly gave no answer. `Display` is the sentence the agent sees.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum OptimlyError {
    /// 400: Optimly found the request invalid.
    #[error("Optimly refused the request: {0}")]
    BadRequest(String),
    /// 401: the API key is wrong.
    #[error("Optimly refused the gateway's API key; an administrator must check [optimly] api_key")]
    Unauthorized,
    /// 404: the agent or the conversation does not exist.
    #[error("Optimly does not know this agent or conversation")]
    NotFound,
    /// 429: too many requests; retry after this long.
    #[error("Optimly's rate limit is reached; trying again in {} s", .0.as_secs().max(1))]
    RateLimited(Duration),
    /// 5xx.
    #[error("Optimly had an internal error (HTTP {0})")]
    Server(u16),
    /// Another unexpected status.
    #[error("Optimly answered HTTP {0}")]
    Status(u16),
    /// No answer in time.
    #[error("Optimly did not answer within {0} s")]
    Timeout(u64),
    /// No connection.
    #[error("Optimly is unreachable")]
    Unreachable,
    /// An answer that is not the documented JSON.
    #[error("Optimly's answer could not be read")]
    Malformed,
}

/// A configured Optimly agent. Cheap to clone; clones share the limits.
#[derive(Clone, Debug)]
pub struct OptimlyClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    api_key: SecretString,
    timeout_secs: u64,
    limiters: Vec<DefaultDirectRateLimiter>,
    /// No request before this instant (set by a 429), and how many 429s came in a row.
    hold: Mutex<(Option<Instant>, u32)>,
}

/// The quota that lets at most `count` requests into any window of `window`: a burst of a
/// tenth of them, the rest at an even pace over the window.
pub fn window_quota(count: u32, window: Duration) -> Quota {
    let count = count.max(1);
    let burst = (count / 10).max(1);
    let paced = (count - burst).max(1);
    let interval = (window / paced).max(Duration::from_nanos(1));
    Quota::with_period(interval)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
}

impl OptimlyClient {
    /// A client for `settings`.
    pub fn new(settings: &OptimlySettings) -> anyhow::Result<Self> {
        let timeout_secs = settings.timeout_secs.clamp(1, 30);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(timeout_secs))
            .build()?;
        let limiters = settings
            .limits
            .iter()
            .map(|(count, secs)| {
                RateLimiter::direct(window_quota(*count, Duration::from_secs(*secs)))
            })
            .collect();
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base_url: settings.base_url.trim_end_matches('/').to_owned(),
                api_key: settings.api_key.clone(),
                timeout_secs,
                limiters,
                hold: Mutex::new((None, 0)),
            }),
        })
    }

    /// Starts the conversation of a customer; returns its `chat_id`.
    pub async fn new_chat(&self, client_id: &str) -> Result<String, OptimlyError> {
        let answer: NewChatResponse = self
            .post(
                NEW_CHAT_PATH,
                &NewChatRequest {
                    client_id: client_id.to_owned(),
                },
            )
            .await?;
        chat_id_of(answer)
    }

    /// The AI agent's reply to a customer message.
    pub async fn suggest(&self, request: &AgentRequest) -> Result<AgentResponse, OptimlyError> {
        self.post(AGENT_PATH, request).await
    }

    /// Captures a lead.
    pub async fn lead(&self, request: &LeadFormRequest) -> Result<ToolResponse, OptimlyError> {
        self.post(LEAD_FORM_PATH, request).await
    }

    /// Books an appointment.
    pub async fn appointment(
        &self,
        request: &AppointmentRequest,
    ) -> Result<ToolResponse, OptimlyError> {
        self.post(APPOINTMENT_PATH, request).await
    }

    /// Waits until every window has room (and any 429 pause is over).
    async fn turn(&self) {
        loop {
            let until = self.inner.hold.lock().await.0;
            match until {
                Some(until) if until > Instant::now() => {
                    tokio::time::sleep_until(until.into()).await;
                }
                _ => break,
            }
        }
        // Longest window first: a request waiting for the day's room does not hold a place
        // of the minute's meanwhile.
        for limiter in self.inner.limiters.iter().rev() {
            limiter.until_ready().await;
        }
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, OptimlyError> {
        self.turn().await;
        let response = self
            .inner
            .http
            .post(format!("{}{path}", self.inner.base_url))
            .bearer_auth(self.inner.api_key.expose_secret())
            .json(body)
            .send()
            .await
            .map_err(|error| {
                if error.is_timeout() {
                    OptimlyError::Timeout(self.inner.timeout_secs)
                } else {
                    OptimlyError::Unreachable
                }
            })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let text = response.text().await.map_err(|error| {
            if error.is_timeout() {
                OptimlyError::Timeout(self.inner.timeout_secs)
            } else {
                OptimlyError::Unreachable
            }
        })?;
        if status == 429 {
            let wait = self.hold_back(retry_after).await;
            tracing::warn!(
                path,
                wait_ms = wait.as_millis() as u64,
                "Optimly rate limit reached"
            );
            return Err(OptimlyError::RateLimited(wait));
        }
        self.inner.hold.lock().await.1 = 0;
        read_answer(path, status, &text)
    }

    /// Holds every request back after a 429: `Retry-After` seconds, or 1 s doubled per 429
    /// in a row (at most 5 minutes) when Optimly gives none. Returns the pause.
    async fn hold_back(&self, retry_after: Option<u64>) -> Duration {
        let mut hold = self.inner.hold.lock().await;
        hold.1 = hold.1.saturating_add(1);
        let wait = match retry_after {
            Some(secs) => Duration::from_secs(secs.clamp(1, 3_600)),
            None => Duration::from_secs(1u64 << hold.1.saturating_sub(1).min(8))
                .min(Duration::from_secs(300)),
        };
        let until = Instant::now() + wait;
        if hold.0.is_none_or(|current| current < until) {
            hold.0 = Some(until);
        }
        wait
    }
}

/// Reads an answer other than a 429 (which holds every request back first): a 2xx body as
/// `T`, an error status as the error the agent is shown. `path` is the endpoint, for the log.
pub fn read_answer<T: DeserializeOwned>(
    path: &str,
    status: u16,
    text: &str,
) -> Result<T, OptimlyError> {
    match status {
        200..=299 => serde_json::from_str(text).map_err(|error| {
            tracing::warn!(path, %error, "Optimly answer could not be read");
            OptimlyError::Malformed
        }),
        400 | 422 => Err(OptimlyError::BadRequest(
            error_detail(text).unwrap_or_else(|| "invalid data".to_owned()),
        )),
        401 | 403 => Err(OptimlyError::Unauthorized),
        404 => Err(OptimlyError::NotFound),
        500..=599 => Err(OptimlyError::Server(status)),
        other => Err(OptimlyError::Status(other)),
    }
}

/// The `chat_id` of a `new-chat` answer; a blank one is malformed.
pub fn chat_id_of(answer: NewChatResponse) -> Result<String, OptimlyError> {
    if answer.chat_id.trim().is_empty() {
        return Err(OptimlyError::Malformed);
    }
    Ok(answer.chat_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many of `tries` requests, made as fast as possible, the quota lets through at once.
    fn burst_of(quota: Quota, tries: u32) -> u32 {
        let limiter = RateLimiter::direct(quota);
        (0..tries).filter(|_| limiter.check().is_ok()).count() as u32
    }

    #[test]
    fn the_minute_window_allows_a_tenth_at_once() {
        assert_eq!(
            burst_of(window_quota(100, Duration::from_secs(60)), 200),
            10
        );
    }

    #[test]
    fn the_pace_fills_the_rest_of_the_window() {
        let quota = window_quota(100, Duration::from_secs(60));
        // 90 more over the minute: one every 666 ms.
        assert_eq!(quota.replenish_interval(), Duration::from_secs(60) / 90);
        assert_eq!(quota.burst_size().get(), 10);
    }

    #[test]
    fn a_window_of_one_allows_one_per_window() {
        let quota = window_quota(1, Duration::from_secs(5));
        assert_eq!(quota.burst_size().get(), 1);
        assert_eq!(quota.replenish_interval(), Duration::from_secs(5));
    }

    #[test]
    fn errors_read_as_sentences_for_the_agent() {
        assert_eq!(
            OptimlyError::RateLimited(Duration::from_secs(12)).to_string(),
            "Optimly's rate limit is reached; trying again in 12 s"
        );
        assert_eq!(
            OptimlyError::Timeout(8).to_string(),
            "Optimly did not answer within 8 s"
        );
        assert!(OptimlyError::Unauthorized.to_string().contains("API key"));
    }
}
