//! DeepCall live agent statistics: `POST {base}/api/v2/Agent/live`.
//!
//! Authenticated with either `ssid` or `userId` + `token` from the configuration (never both).
//! Answers — good or bad — are kept for `cache_secs`, and concurrent readers wait for the one
//! request in flight, so a room full of supervisors costs DeepCall one request per interval.
//! Error codes become sentences ([`protocol::deepcall::describe_error`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use protocol::deepcall::{LiveAuth, LiveError, LiveRequest, LiveResponse, TeamStats};
use secrecy::ExposeSecret;
use tokio::sync::Mutex;

use crate::config::DeepCallSettings;
use crate::store::now_ms;

/// Why there are no statistics. `Display` is what the supervisor sees.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeepCallError {
    /// DeepCall answered with an error code.
    #[error("DeepCall refused: {0}")]
    Refused(String),
    /// No answer in time.
    #[error("DeepCall did not answer within {0} s")]
    Timeout(u64),
    /// Could not connect.
    #[error("DeepCall is unreachable")]
    Unreachable,
    /// An HTTP error status without a readable error body.
    #[error("DeepCall answered HTTP {0}")]
    HttpStatus(u16),
    /// An answer that is neither the documented success nor an error.
    #[error("DeepCall's answer could not be read: {0}")]
    Malformed(String),
}

/// A configured DeepCall account. Cheap to clone; clones share the cache.
#[derive(Clone, Debug)]
pub struct DeepCallClient {
    http: reqwest::Client,
    url: String,
    auth: LiveAuth,
    group_id: Option<String>,
    status: Option<String>,
    additional: bool,
    filter: Vec<serde_json::Value>,
    timeout_secs: u64,
    cache_for: Duration,
    cache: Arc<Mutex<Option<Cached>>>,
}

/// An answer and when it came.
type Cached = (Instant, Result<TeamStats, DeepCallError>);

impl DeepCallClient {
    /// A client for `settings`.
    pub fn new(settings: &DeepCallSettings) -> anyhow::Result<Self> {
        let timeout_secs = settings.timeout_secs.max(1);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(timeout_secs))
            .build()?;
        let auth = match (&settings.ssid, &settings.user_id, &settings.token) {
            (Some(ssid), None, None) => LiveAuth::Session {
                ssid: ssid.expose_secret().to_owned(),
            },
            (None, Some(user_id), Some(token)) => LiveAuth::Token {
                user_id: user_id.clone(),
                token: token.expose_secret().to_owned(),
            },
            _ => anyhow::bail!("deepcall needs either ssid, or user_id and token, not both"),
        };
        Ok(Self {
            http,
            url: format!(
                "{}/api/v2/Agent/live",
                settings.base_url.trim_end_matches('/')
            ),
            auth,
            group_id: settings.group_id.clone(),
            status: settings.status.clone(),
            additional: settings.additional,
            filter: settings.filter.clone(),
            timeout_secs,
            cache_for: Duration::from_secs(settings.cache_secs),
            cache: Arc::new(Mutex::new(None)),
        })
    }

    /// The team's live statistics, from the cache when fresh enough.
    pub async fn live(&self) -> Result<TeamStats, DeepCallError> {
        let mut cache = self.cache.lock().await;
        if let Some((at, answer)) = cache.as_ref()
            && at.elapsed() < self.cache_for
        {
            return answer.clone();
        }
        let answer = self.fetch().await;
        if let Err(error) = &answer {
            tracing::warn!(%error, "DeepCall live statistics unavailable");
        }
        *cache = Some((Instant::now(), answer.clone()));
        answer
    }

    #[tracing::instrument(skip(self))]
    async fn fetch(&self) -> Result<TeamStats, DeepCallError> {
        let mut request = LiveRequest::new(&self.auth);
        request.groupid = self.group_id.clone();
        request.status = self.status.clone();
        request.additional = self.additional.then_some(1);
        request.filter = (!self.filter.is_empty()).then(|| self.filter.clone());
        let response = self
            .http
            .post(&self.url)
            .json(&request)
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|error| self.transport_error(&error))?;
        read_answer(status.as_u16(), &text)
    }

    fn transport_error(&self, error: &reqwest::Error) -> DeepCallError {
        if error.is_timeout() {
            DeepCallError::Timeout(self.timeout_secs)
        } else {
            DeepCallError::Unreachable
        }
    }
}

/// Reads an answer: the documented success (`status` = `success`), else an error code, else
/// whatever the HTTP status says.
pub fn read_answer(http_status: u16, body: &str) -> Result<TeamStats, DeepCallError> {
    let value: serde_json::Value = match serde_json::from_str(body) {
        Ok(value) => value,
        Err(_) if !(200..300).contains(&http_status) => {
            return Err(DeepCallError::HttpStatus(http_status));
        }
        Err(error) => return Err(DeepCallError::Malformed(error.to_string())),
    };
    if value.get("status").and_then(|s| s.as_str()) == Some("success") {
        let answer: LiveResponse = serde_json::from_value(value)
            .map_err(|error| DeepCallError::Malformed(error.to_string()))?;
        return Ok(answer.message.to_team_stats(now_ms()));
    }
    match serde_json::from_value::<LiveError>(value) {
        Ok(error) => Err(DeepCallError::Refused(protocol::deepcall::describe_error(
            &error,
        ))),
        Err(_) if !(200..300).contains(&http_status) => Err(DeepCallError::HttpStatus(http_status)),
        Err(error) => Err(DeepCallError::Malformed(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_code_becomes_a_sentence() {
        let answer = read_answer(
            200,
            r#"{"status":"error","code":1006,"message":"GroupId does not exist"}"#,
        );
        assert_eq!(
            answer,
            Err(DeepCallError::Refused(
                "the agent group does not exist (code 1006)".into()
            ))
        );
    }

    #[test]
    fn a_gateway_error_page_is_reported_by_its_http_status() {
        assert_eq!(
            read_answer(502, "<html>Bad gateway</html>"),
            Err(DeepCallError::HttpStatus(502))
        );
    }

    // Regression, found by the `deepcall_response` fuzz target (its crash input, shortened): a
    // login duration too long to count in seconds panicked while the answer was read.
    #[test]
    fn a_login_duration_too_long_to_count_is_read_as_unknown() {
        let body = r#"{"status":"success","code":200,"message":{"pr":[{"nm":"AAKANSHA",
            "I":"468","IsOcc":0,"l":{"type":"Web","duration":["3434","3777777777777777776","12"]},
            "ml":"Go","avT":["3215","17","24"],"sip_status":"offl"}],
            "oCA":0,"oBA":0,"lA":4,"Dia":0,"Ring":0,"sip":0,"mic":0}}"#;

        let stats = read_answer(200, body).expect("the answer is read");

        let login = stats.agents[0].login.as_ref().expect("logged in");
        assert_eq!(login.duration_secs, None);
        assert_eq!(
            stats.agents[0].available_secs,
            Some(3215 * 3600 + 17 * 60 + 24)
        );
    }

    #[test]
    fn a_success_without_the_documented_fields_is_malformed() {
        let answer = read_answer(200, r#"{"status":"success","code":200,"message":"ok"}"#);
        assert!(
            matches!(answer, Err(DeepCallError::Malformed(_))),
            "{answer:?}"
        );
    }
}
