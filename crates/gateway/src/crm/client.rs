//! The HTTP client of the generic CRM API: builds each request from an [`Endpoint`] and the
//! session's [`Variables`], authenticates it (basic, custom headers, OAuth 2.0 client
//! credentials with a cached token), and locates the response object.
//!
//! Secrets are only exposed to build a request; errors never contain them.
//!
//! **Repeats.** A job is retried after a timeout even when the CRM did act on the lost
//! attempt, so every request of a job carries an `Idempotency-Key` header
//! ([`CrmClient::for_job`]): the same on every attempt of the same job's request to the same
//! endpoint, different for any other job or endpoint. A CRM (or a proxy in front of it) that
//! remembers the keys it has served can answer a repeat without acting twice.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use secrecy::ExposeSecret;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::settings::{
    ContainerType, CrmAuth, CrmSettings, Endpoint, Method, RequestFormat, UploadEncoding,
};
use super::template::{self, Variables};

/// Why a CRM request failed. The `Display` text is shown to agents and kept with dead letters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CrmError {
    /// The CRM could not be reached.
    #[error("the CRM is unreachable")]
    Unreachable,
    /// The CRM did not answer within the configured timeout.
    #[error("the CRM did not answer within {0} s")]
    Timeout(u64),
    /// The CRM answered with an error status.
    #[error("the CRM answered HTTP {status}")]
    Status {
        /// The status.
        status: u16,
    },
    /// The answer was not the JSON the endpoint is configured for.
    #[error("the CRM's answer could not be read: {0}")]
    Decode(String),
    /// The request cannot be built: a variable the URL needs has no value, or a parameter
    /// function is invalid.
    #[error("the request cannot be built: {0}")]
    Request(String),
    /// The gateway could not record what the CRM answered (its store failed).
    #[error("the gateway could not record the CRM's answer")]
    Internal,
    /// The OAuth token endpoint refused or failed.
    #[error("the CRM's OAuth token could not be obtained: {0}")]
    Token(String),
}

impl CrmError {
    /// Whether trying again later may succeed: transport failures, timeouts, and the statuses
    /// of the retry policy.
    pub fn is_retryable(&self, statuses: &[u16]) -> bool {
        match self {
            Self::Unreachable | Self::Timeout(_) => true,
            Self::Status { status } => statuses.contains(status),
            Self::Token(_) | Self::Internal => true,
            Self::Decode(_) | Self::Request(_) => false,
        }
    }
}

/// A file for the upload endpoint.
#[derive(Clone, Debug)]
pub struct FileData {
    /// File name, e.g. `chat-7.txt`.
    pub name: String,
    /// MIME type.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A successful answer: the status and the JSON (null when the body was empty).
#[derive(Clone, Debug)]
pub struct CrmResponse {
    /// HTTP status.
    pub status: u16,
    /// The body as JSON.
    pub json: Value,
}

impl CrmResponse {
    /// The object at the endpoint's response data location.
    pub fn located<'a>(&'a self, endpoint: &Endpoint) -> Option<&'a Value> {
        template::locate(&self.json, &endpoint.response_location)
    }

    /// The id of the located object.
    pub fn id(&self, endpoint: &Endpoint) -> Option<String> {
        self.located(endpoint)
            .and_then(|object| template::locate(object, &endpoint.id_field))
            .and_then(template::scalar_text)
    }
}

/// The JSON body of a POST/PUT/PATCH from resolved parameters, as a Property map or nested in
/// a Map or Array container.
pub fn build_body(endpoint: &Endpoint, params: &[(String, String)]) -> Value {
    let properties: Map<String, Value> = params
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    match (endpoint.format, endpoint.container_name.as_deref()) {
        (RequestFormat::Container, Some(name)) => {
            let inner = match endpoint.container_type {
                ContainerType::Map => Value::Object(properties),
                ContainerType::Array => Value::Array(vec![Value::Object(properties)]),
            };
            let mut outer = Map::new();
            outer.insert(name.to_owned(), inner);
            Value::Object(outer)
        }
        _ => Value::Object(properties),
    }
}

/// The `Idempotency-Key` of job `job_id`'s request to `endpoint`: the job id (unique in the
/// gateway's store) and a digest of the endpoint's method and URL template, so that the
/// account search, account creation and record creation of one lookup job differ while every
/// retry of each repeats its key.
pub fn idempotency_key(job_id: u64, endpoint: &Endpoint) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("{:?}", endpoint.method).as_bytes());
    hasher.update([0]);
    hasher.update(endpoint.url.as_bytes());
    let digest = hex::encode(hasher.finalize());
    format!("agent-adapter-crm-{job_id}-{}", &digest[..12])
}

#[derive(Debug, Default)]
struct CachedToken {
    token: Option<(String, Instant)>,
}

/// The header that lets the CRM recognise a repeated request.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// The CRM API client; cheap to clone.
#[derive(Clone, Debug)]
pub struct CrmClient {
    http: reqwest::Client,
    settings: Arc<CrmSettings>,
    token: Arc<tokio::sync::Mutex<CachedToken>>,
    /// The job whose requests this client sends, for their `Idempotency-Key`.
    job_id: Option<u64>,
}

impl CrmClient {
    /// A client with the configured timeout.
    pub fn new(settings: &CrmSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_secs))
            .build()?;
        Ok(Self {
            http,
            settings: Arc::new(settings.clone()),
            token: Arc::default(),
            job_id: None,
        })
    }

    /// The same client for the requests of job `job_id`: each carries that job's
    /// `Idempotency-Key` (see [`idempotency_key`]).
    pub fn for_job(&self, job_id: u64) -> Self {
        Self {
            job_id: Some(job_id),
            ..self.clone()
        }
    }

    /// The settings it was built with.
    pub fn settings(&self) -> &CrmSettings {
        &self.settings
    }

    /// Calls `endpoint` with `vars`; `file` is the upload's file. A 2xx answer is success;
    /// with OAuth, a 401 fetches a new token and tries once more.
    #[tracing::instrument(skip_all, fields(url = %endpoint.url))]
    pub async fn call(
        &self,
        endpoint: &Endpoint,
        vars: &Variables,
        file: Option<(&FileData, UploadEncoding)>,
    ) -> Result<CrmResponse, CrmError> {
        let mut vars = vars.clone();
        if let Some((file, UploadEncoding::Base64)) = file {
            vars.set(
                "FILE_DATA",
                base64::engine::general_purpose::STANDARD.encode(&file.bytes),
            );
        }
        if let Some((_, UploadEncoding::Multipart)) = file {
            // A marker that keeps the file parameter; the part itself carries the bytes.
            vars.set("FILE_DATA", "\u{0}file");
        }
        let url = template::render_url(&endpoint.url, &vars).ok_or_else(|| {
            CrmError::Request(format!(
                "the URL {} needs a value that this session does not have",
                endpoint.url
            ))
        })?;
        let params = template::resolve_params(&endpoint.param_pairs(), &vars)
            .map_err(|e| CrmError::Request(e.0))?;
        let response = self.send(endpoint, &url, &params, file).await?;
        if response.status == 401 && matches!(self.settings.auth, CrmAuth::Oauth2 { .. }) {
            self.token.lock().await.token = None;
            return self.send(endpoint, &url, &params, file).await.and_then(ok);
        }
        ok(response)
    }

    async fn send(
        &self,
        endpoint: &Endpoint,
        url: &str,
        params: &[(String, String)],
        file: Option<(&FileData, UploadEncoding)>,
    ) -> Result<CrmResponse, CrmError> {
        let method = match endpoint.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
        };
        let mut request = self.http.request(method, url);
        if let Some(job_id) = self.job_id {
            request = request.header(IDEMPOTENCY_KEY, idempotency_key(job_id, endpoint));
        }
        request = match (endpoint.method, file) {
            (Method::Get, _) => request.query(params),
            (_, Some((file, UploadEncoding::Multipart))) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, value) in params {
                    if value == "\u{0}file" {
                        let part = reqwest::multipart::Part::bytes(file.bytes.clone())
                            .file_name(file.name.clone())
                            .mime_str(&file.content_type)
                            .map_err(|e| CrmError::Request(e.to_string()))?;
                        form = form.part(name.clone(), part);
                    } else {
                        form = form.text(name.clone(), value.clone());
                    }
                }
                request.multipart(form)
            }
            _ => request.json(&build_body(endpoint, params)),
        };
        request = self.authenticate(request).await?;
        let response = request.send().await.map_err(|e| self.transport(&e))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| self.transport(&e))?;
        read_response(status, &body)
    }

    fn transport(&self, error: &reqwest::Error) -> CrmError {
        if error.is_timeout() {
            CrmError::Timeout(self.settings.timeout_secs)
        } else {
            CrmError::Unreachable
        }
    }

    async fn authenticate(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, CrmError> {
        Ok(match &self.settings.auth {
            CrmAuth::None => request,
            CrmAuth::Basic { username, password } => {
                request.basic_auth(username, Some(password.expose_secret()))
            }
            CrmAuth::CustomHeaders { headers } => headers.iter().fold(request, |r, h| {
                r.header(h.name.as_str(), h.value.expose_secret())
            }),
            CrmAuth::Oauth2 { .. } => request.bearer_auth(self.access_token().await?),
        })
    }

    /// The cached OAuth token, or a new one from the token endpoint.
    async fn access_token(&self) -> Result<String, CrmError> {
        let CrmAuth::Oauth2 {
            token_url,
            client_id,
            client_secret,
            scope,
        } = &self.settings.auth
        else {
            return Err(CrmError::Token("OAuth is not configured".to_owned()));
        };
        let mut cache = self.token.lock().await;
        if let Some((token, expires)) = &cache.token
            && Instant::now() < *expires
        {
            return Ok(token.clone());
        }
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", client_id.as_str()),
            ("client_secret", client_secret.expose_secret()),
        ];
        if let Some(scope) = scope {
            form.push(("scope", scope.as_str()));
        }
        let response = self
            .http
            .post(token_url)
            .form(&form)
            .send()
            .await
            .map_err(|e| CrmError::Token(self.transport(&e).to_string()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(CrmError::Token(format!(
                "the token endpoint answered HTTP {}",
                status.as_u16()
            )));
        }
        let body: Value = response
            .json()
            .await
            .map_err(|e| CrmError::Token(format!("unreadable token answer: {e}")))?;
        let token = body
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| CrmError::Token("the answer has no access_token".to_owned()))?
            .to_owned();
        let lifetime = body
            .get("expires_in")
            .and_then(Value::as_u64)
            .unwrap_or(3600);
        // Renew a little before the CRM would refuse it.
        let margin = (lifetime / 10).clamp(1, 60);
        let expires = Instant::now() + Duration::from_secs(lifetime.saturating_sub(margin));
        cache.token = Some((token.clone(), expires));
        Ok(token)
    }
}

/// An answer of the CRM: a 2xx body is read as JSON (null when blank); the body of any other
/// status is not read.
pub fn read_response(status: u16, body: &[u8]) -> Result<CrmResponse, CrmError> {
    let json = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else if (200..300).contains(&status) {
        serde_json::from_slice(body).map_err(|e| CrmError::Decode(e.to_string()))?
    } else {
        Value::Null
    };
    Ok(CrmResponse { status, json })
}

fn ok(response: CrmResponse) -> Result<CrmResponse, CrmError> {
    if (200..300).contains(&response.status) {
        Ok(response)
    } else {
        Err(CrmError::Status {
            status: response.status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::settings::Param;

    fn endpoint(format: RequestFormat, container: ContainerType, name: Option<&str>) -> Endpoint {
        Endpoint {
            url: "https://crm.example.com/api".to_owned(),
            method: Method::Post,
            params: vec![Param {
                name: "subject".to_owned(),
                value: "x".to_owned(),
            }],
            format,
            container_type: container,
            container_name: name.map(str::to_owned),
            response_location: String::new(),
            id_field: "id".to_owned(),
        }
    }

    fn params() -> Vec<(String, String)> {
        vec![
            ("subject".to_owned(), "Record title".to_owned()),
            ("phone".to_owned(), "11234567890".to_owned()),
        ]
    }

    #[test]
    fn every_attempt_of_a_jobs_request_repeats_its_idempotency_key() {
        let e = endpoint(RequestFormat::Property, ContainerType::Map, None);
        assert_eq!(idempotency_key(17, &e), idempotency_key(17, &e));
        assert!(idempotency_key(17, &e).starts_with("agent-adapter-crm-17-"));
    }

    #[test]
    fn another_job_or_endpoint_gets_another_idempotency_key() {
        let post = endpoint(RequestFormat::Property, ContainerType::Map, None);
        let mut get = post.clone();
        get.method = Method::Get;
        let mut other_url = post.clone();
        other_url.url = "https://crm.example.com/api/comments".to_owned();
        let key = idempotency_key(17, &post);
        assert_ne!(key, idempotency_key(18, &post));
        assert_ne!(key, idempotency_key(17, &get));
        assert_ne!(key, idempotency_key(17, &other_url));
    }

    #[test]
    fn a_property_body_is_the_parameter_map() {
        let body = build_body(
            &endpoint(RequestFormat::Property, ContainerType::Map, None),
            &params(),
        );
        assert_eq!(
            body,
            serde_json::json!({"subject": "Record title", "phone": "11234567890"})
        );
    }

    #[test]
    fn a_map_container_nests_the_parameters_under_its_name() {
        let e = endpoint(RequestFormat::Container, ContainerType::Map, Some("ticket"));
        assert_eq!(
            build_body(&e, &params()),
            serde_json::json!({"ticket": {"subject": "Record title", "phone": "11234567890"}})
        );
    }

    #[test]
    fn an_array_container_wraps_the_parameters_in_a_list() {
        let e = endpoint(RequestFormat::Container, ContainerType::Array, Some("data"));
        assert_eq!(
            build_body(&e, &params()),
            serde_json::json!({"data": [{"subject": "Record title", "phone": "11234567890"}]})
        );
    }

    #[test]
    fn the_id_is_read_at_the_response_location() {
        let mut e = endpoint(RequestFormat::Property, ContainerType::Map, None);
        e.response_location = "data".to_owned();
        let response = CrmResponse {
            status: 200,
            json: serde_json::json!({"data": [{"id": 123, "name": "Kim"}]}),
        };
        assert_eq!(response.id(&e).as_deref(), Some("123"));
    }

    #[test]
    fn only_the_policy_statuses_and_transport_failures_are_retried() {
        let policy = [400];
        assert!(CrmError::Status { status: 400 }.is_retryable(&policy));
        assert!(!CrmError::Status { status: 500 }.is_retryable(&policy));
        assert!(!CrmError::Status { status: 403 }.is_retryable(&policy));
        assert!(CrmError::Unreachable.is_retryable(&policy));
        assert!(CrmError::Timeout(5).is_retryable(&policy));
        assert!(!CrmError::Request("no record".to_owned()).is_retryable(&policy));
    }
}
