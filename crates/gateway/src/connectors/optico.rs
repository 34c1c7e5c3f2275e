//! The Optico Call Center API: `callStart` when a call rings, `setAgentToCall` when an agent
//! answers (routing strategy 2), or `callStart` with `agent` when telephony already named the
//! agent (strategy 1).
//!
//! Form-encoded POSTs with `apiKey`; the `{status, resultsNb, results, error}` envelope is read
//! exactly as documented. Timeouts, transport errors and 5xx are retried with exponential
//! backoff and jitter; a `NOK` answer is not (it would say the same again). Whatever happens,
//! the call itself never waits for Optico: the lookup runs beside it and the agent sees
//! "caller context unavailable: <reason>" when it fails.

use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use protocol::api::{CallerContext, ContextStatus};
use protocol::optico::{
    AgentAssignment, CallMatch, CallStartRequest, Envelope, SetAgentToCallRequest, Status,
};
use protocol::stream::StreamEvent;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::OpticoSettings;
use crate::state::AppState;
use crate::store::{calls, contexts};

/// Why Optico gave no answer we can use. `Display` is the reason shown to the agent.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OpticoError {
    /// Optico answered `NOK`.
    #[error("Optico refused the request: {0}")]
    Refused(String),
    /// No answer in time.
    #[error("Optico did not answer within {0} s")]
    Timeout(u64),
    /// Could not connect or the connection broke.
    #[error("Optico is unreachable")]
    Unreachable,
    /// An HTTP error status.
    #[error("Optico answered HTTP {0}")]
    HttpStatus(u16),
    /// An answer that is not the documented envelope.
    #[error("Optico's answer could not be read: {0}")]
    Malformed(String),
}

impl OpticoError {
    /// Worth trying again: the next attempt may succeed.
    fn is_transient(&self) -> bool {
        match self {
            Self::Timeout(_) | Self::Unreachable => true,
            Self::HttpStatus(code) => *code >= 500 || *code == 429,
            Self::Refused(_) | Self::Malformed(_) => false,
        }
    }
}

/// A configured Optico account.
#[derive(Clone, Debug)]
pub struct OpticoClient {
    http: reqwest::Client,
    base_url: String,
    api_key: SecretString,
    timeout_secs: u64,
    retry: ExponentialBuilder,
}

impl OpticoClient {
    /// A client for `settings`.
    pub fn new(settings: &OpticoSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_secs.max(1)))
            .build()?;
        Ok(Self {
            http,
            base_url: settings.base_url.trim_end_matches('/').to_owned(),
            api_key: settings.api_key.clone(),
            timeout_secs: settings.timeout_secs.max(1),
            retry: ExponentialBuilder::default()
                .with_min_delay(Duration::from_millis(200))
                .with_max_delay(Duration::from_secs(2))
                .with_max_times(3)
                .with_jitter(),
        })
    }

    /// `callStart`: the matching calls and what Optico knows of the visitor.
    #[tracing::instrument(skip(self))]
    pub async fn call_start(
        &self,
        caller_phone: Option<&str>,
        destination_phone: &str,
        start_date: &str,
        agent: Option<&str>,
    ) -> Result<Vec<CallMatch>, OpticoError> {
        let form = CallStartRequest {
            api_key: self.api_key.expose_secret().to_owned(),
            caller_phone: caller_phone.map(str::to_owned),
            destination_phone: destination_phone.to_owned(),
            start_date: start_date.to_owned(),
            agent: agent.map(str::to_owned),
        };
        self.post("/agent-api/callStart", &form).await
    }

    /// `setAgentToCall`: attaches the agent to an Optico call.
    #[tracing::instrument(skip(self))]
    pub async fn set_agent_to_call(
        &self,
        optico_call_id: u64,
        agent: &str,
    ) -> Result<(), OpticoError> {
        let form = SetAgentToCallRequest {
            api_key: self.api_key.expose_secret().to_owned(),
            call_id: optico_call_id,
            agent: agent.to_owned(),
        };
        self.post::<AgentAssignment>("/agent-api/setAgentToCall", &form)
            .await
            .map(|_| ())
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &impl Serialize,
    ) -> Result<Vec<T>, OpticoError> {
        let url = format!("{}{path}", self.base_url);
        let attempt = || async {
            let response = self.http.post(&url).form(form).send().await.map_err(|e| {
                if e.is_timeout() {
                    OpticoError::Timeout(self.timeout_secs)
                } else {
                    OpticoError::Unreachable
                }
            })?;
            let status = response.status();
            if !status.is_success() {
                return Err(OpticoError::HttpStatus(status.as_u16()));
            }
            let body = response
                .bytes()
                .await
                .map_err(|_| OpticoError::Unreachable)?;
            read_envelope(&body)
        };
        attempt
            .retry(self.retry)
            .when(OpticoError::is_transient)
            .notify(|error, after| tracing::warn!(%error, ?after, path, "retrying Optico"))
            .await
    }
}

/// Reads the documented envelope: `OK` with `results`, or `NOK` with `error`.
pub fn read_envelope<T: DeserializeOwned>(body: &[u8]) -> Result<Vec<T>, OpticoError> {
    let envelope: Envelope<T> =
        serde_json::from_slice(body).map_err(|e| OpticoError::Malformed(e.to_string()))?;
    match envelope.status {
        Status::Ok => Ok(envelope.results.unwrap_or_default()),
        Status::Nok => Err(OpticoError::Refused(
            envelope
                .error
                .unwrap_or_else(|| "no reason given".to_owned()),
        )),
    }
}

/// `+33612345678` as Optico's examples write numbers (`0033612345678`).
pub fn optico_phone(e164: &str) -> String {
    match e164.strip_prefix('+') {
        Some(digits) => format!("00{digits}"),
        None => e164.to_owned(),
    }
}

/// Unix ms as `Y-m-d H:i:s` (UTC).
pub fn optico_date(unix_ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    time::OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_default()
}

/// Background task after a call started ringing: asks Optico who is calling, stores the
/// answer (or why there is none), applies updates that arrived early, tells the agent concerned,
/// and attaches the agent when the call was answered meanwhile.
pub async fn look_up(state: AppState, call_id: u64) {
    if let Err(error) = try_look_up(&state, call_id).await {
        tracing::error!(call_id, %error, "caller context lookup could not be stored");
    }
}

async fn try_look_up(state: &AppState, call_id: u64) -> Result<(), sqlx::Error> {
    let Some(client) = state.optico.as_ref() else {
        return Ok(());
    };
    let call = {
        let mut conn = state.store.read.acquire().await?;
        calls::by_id(&mut conn, call_id).await?
    };
    let Some(call) = call else { return Ok(()) };
    let named_agent = call
        .requested_agent_id
        .and_then(|id| state.settings.agent(id as u64))
        .map(|agent| agent.optico_username().to_owned());
    let result = client
        .call_start(
            call.caller_phone.as_deref().map(optico_phone).as_deref(),
            &call.destination_phone,
            &optico_date(call.started_at),
            named_agent.as_deref(),
        )
        .await;

    let mut tx = state.store.begin().await?;
    let context = match result {
        Ok(mut matches) => {
            contexts::map_optico_calls(&mut tx.tx, call_id, &matches).await?;
            let ids: Vec<u64> = matches.iter().map(|m| m.call.id).collect();
            for update in contexts::take_pending(&mut tx.tx, &ids).await? {
                crate::context::apply(&mut matches, &update);
            }
            CallerContext {
                status: ContextStatus::Ready,
                reason: None,
                matches,
            }
        }
        Err(error) => {
            tracing::warn!(call_id, %error, "caller context unavailable");
            CallerContext {
                status: ContextStatus::Unavailable,
                reason: Some(error.to_string()),
                matches: Vec::new(),
            }
        }
    };
    contexts::save(&mut tx.tx, call_id, &context).await?;
    let now = calls::by_id(&mut tx.tx, call_id).await?.unwrap_or(call);
    if let Some(agent_id) = now.agent_id.or(now.offered_agent_id) {
        let event = StreamEvent::CallContextUpdated {
            call_id,
            context,
            change: None,
        };
        tx.emit(agent_id as u64, event).await?;
    }
    tx.commit(&state.hub).await?;
    if now.state == "active" && named_agent.is_none() {
        attach_agent(state.clone(), call_id).await;
    }
    Ok(())
}

/// After an answer (strategy 2): `setAgentToCall` for every matched Optico call. A failure is
/// logged; the call goes on.
pub async fn attach_agent(state: AppState, call_id: u64) {
    let Some(client) = state.optico.as_ref() else {
        return;
    };
    let loaded = async {
        let mut conn = state.store.read.acquire().await?;
        let call = calls::by_id(&mut conn, call_id).await?;
        let context = contexts::load(&mut conn, call_id).await?;
        Ok::<_, sqlx::Error>((call, context))
    };
    let (call, context) = match loaded.await {
        Ok(found) => found,
        Err(error) => return tracing::error!(call_id, %error, "cannot read the call to attach"),
    };
    let (Some(call), Some(context)) = (call, context) else {
        return;
    };
    if call.requested_agent_id.is_some() {
        return; // Strategy 1: the agent was already sent with callStart.
    }
    let Some(agent) = call.agent_id.and_then(|id| state.settings.agent(id as u64)) else {
        return;
    };
    for found in &context.matches {
        match client
            .set_agent_to_call(found.call.id, agent.optico_username())
            .await
        {
            Ok(()) => tracing::info!(call_id, optico_call_id = found.call.id, "agent attached"),
            Err(error) => tracing::warn!(call_id, %error, "setAgentToCall failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_numbers_are_sent_with_the_00_prefix_of_the_examples() {
        assert_eq!(optico_phone("+33612345678"), "0033612345678");
    }

    #[test]
    fn dates_are_sent_as_y_m_d_h_i_s() {
        assert_eq!(optico_date(1_519_822_633_000), "2018-02-28 12:57:13");
    }

    #[test]
    fn a_nok_envelope_becomes_a_refusal_with_optico_s_reason() {
        let body = br#"{ "status": "NOK", "error": "Invalid API key `b7e2c8a14f9d`" }"#;
        let result = read_envelope::<CallMatch>(body);
        assert_eq!(
            result,
            Err(OpticoError::Refused(
                "Invalid API key `b7e2c8a14f9d`".into()
            ))
        );
    }

    #[test]
    fn an_answer_that_is_not_the_envelope_is_malformed() {
        assert!(matches!(
            read_envelope::<CallMatch>(b"<html>"),
            Err(OpticoError::Malformed(_))
        ));
    }

    #[test]
    fn refusals_are_not_retried_but_timeouts_and_5xx_are() {
        assert!(!OpticoError::Refused("x".into()).is_transient());
        assert!(OpticoError::Timeout(5).is_transient());
        assert!(OpticoError::HttpStatus(503).is_transient());
        assert!(!OpticoError::HttpStatus(404).is_transient());
    }
}
