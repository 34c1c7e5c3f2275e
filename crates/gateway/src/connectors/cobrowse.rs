//! The co-browse provider's API: the agent's requests about a session go to
//! `POST {base_url}/api/sessions/{id}/{remote-control|full-device|end}` with the provider's key.

use std::time::Duration;

use protocol::cobrowse::CobrowseAsk;
use secrecy::{ExposeSecret, SecretString};

use crate::config::CobrowseSettings;
use crate::error::ApiError;

/// A configured provider; cheap to clone.
#[derive(Clone, Debug)]
pub struct CobrowseClient {
    http: reqwest::Client,
    base_url: reqwest::Url,
    api_key: SecretString,
}

impl CobrowseClient {
    /// A client for `settings` (its base URL checked here, at start-up).
    pub fn new(settings: &CobrowseSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_secs.clamp(1, 30)))
            .build()?;
        let base_url = reqwest::Url::parse(&settings.base_url)
            .map_err(|e| anyhow::anyhow!("cobrowse.base_url `{}`: {e}", settings.base_url))?;
        Ok(Self {
            http,
            base_url,
            api_key: settings.api_key.clone(),
        })
    }

    /// Passes the agent's `ask` about session `id` to the provider; its failure in words.
    pub async fn ask(&self, id: &str, ask: CobrowseAsk) -> Result<(), ApiError> {
        let mut url = self.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .extend(["api", "sessions", id, ask.as_path()]);
        }
        let response = self
            .http
            .post(url)
            .bearer_auth(self.api_key.expose_secret())
            .send()
            .await
            .map_err(|e| {
                ApiError::Upstream(if e.is_timeout() {
                    "the co-browse provider did not answer in time".into()
                } else {
                    "the co-browse provider is unreachable".into()
                })
            })?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            401 | 403 => Err(ApiError::Upstream(
                "the co-browse provider refused the gateway's API key".into(),
            )),
            404 => Err(ApiError::Upstream(
                "the co-browse provider no longer knows this session".into(),
            )),
            status => Err(ApiError::Upstream(format!(
                "the co-browse provider answered HTTP {status}"
            ))),
        }
    }
}
