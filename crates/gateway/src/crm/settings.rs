//! The `[crm]` section: the generic REST API of the company's CRM (seed 004), its lookup URL
//! templates, and the retry policy of CRM calls.
//!
//! ```toml
//! [crm]
//! phone_format = "e164"        # automatic | e164 | us_local | us_local_standard | international
//! timeout_secs = 5             # 1–10, applies to every endpoint
//! record_lookup_url = "https://crm.example.com/record/{RECORD_ID}"
//! [crm.auth]
//! method = "basic"             # none | basic | custom_headers | oauth2
//! username = "adapter"
//! password = "…"
//! [crm.endpoints.find_account]
//! url = "https://crm.example.com/api/accounts"
//! method = "GET"
//! params = [{ name = "phone", value = "{PHONE_NUMBER}" }]
//! response_location = "data"
//! ```

use secrecy::SecretString;
use serde::Deserialize;

use super::template::{self, PhoneFormat};

/// The CRM integration.
#[derive(Clone, Debug, Deserialize)]
pub struct CrmSettings {
    /// How phone numbers are written in requests and lookup URLs.
    #[serde(default)]
    pub phone_format: PhoneFormat,
    /// Seconds each CRM request may take (1–10).
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// How the gateway authenticates to the CRM API.
    #[serde(default)]
    pub auth: CrmAuth,
    /// The account page, with `{ACCOUNT_ID}`.
    #[serde(default)]
    pub account_lookup_url: Option<String>,
    /// The record page, with `{RECORD_ID}` (and optionally `{ACCOUNT_ID}`): what the host pops
    /// with `CRM_Record_Pop`.
    #[serde(default)]
    pub record_lookup_url: Option<String>,
    /// Custom lookup URL of voice sessions (keyed by `{ANI}`).
    #[serde(default)]
    pub lookup_url_voice: Option<String>,
    /// Custom lookup URL of chat sessions (keyed by `{CUID}` and `{EMAIL}`).
    #[serde(default)]
    pub lookup_url_chat: Option<String>,
    /// "Open Custom URL" screen pop when no contact was found, with `{ACCOUNT_ID}` and
    /// `{PHONE_NUMBER}`.
    #[serde(default)]
    pub open_custom_url: Option<String>,
    /// Re-use an open record of the account instead of creating one per session.
    #[serde(default)]
    pub reuse_open_record: bool,
    /// The field of a found record that tells whether it is open.
    #[serde(default = "default_status_field")]
    pub record_status_field: String,
    /// The values of that field that mean open (compared case-insensitively).
    #[serde(default = "default_open_values")]
    pub open_status_values: Vec<String>,
    /// Comments are sent as HTML (the seed's "Convert text to HTML") instead of plain text.
    #[serde(default)]
    pub comment_html: bool,
    /// The API endpoints.
    #[serde(default)]
    pub endpoints: CrmEndpoints,
    /// Retries of failed CRM calls.
    #[serde(default)]
    pub retry: CrmRetrySettings,
}

/// Authentication to the CRM API.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum CrmAuth {
    /// No authentication.
    #[default]
    None,
    /// HTTP basic authentication.
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: SecretString,
    },
    /// Header key-value pairs sent with every request.
    CustomHeaders {
        /// The headers.
        headers: Vec<CrmHeader>,
    },
    /// OAuth 2.0 client credentials: a token from `token_url`, cached until it expires and
    /// fetched again on expiry or when the CRM answers 401.
    Oauth2 {
        /// Token endpoint.
        token_url: String,
        /// Client id.
        client_id: String,
        /// Client secret.
        client_secret: SecretString,
        /// Scope, if the CRM wants one.
        #[serde(default)]
        scope: Option<String>,
    },
}

/// One custom header.
#[derive(Clone, Debug, Deserialize)]
pub struct CrmHeader {
    /// Header name.
    pub name: String,
    /// Header value (treated as a secret).
    pub value: SecretString,
}

/// The configured endpoints; a flow step runs only when its endpoint is configured.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CrmEndpoints {
    /// Find an account by query (phone, email, id).
    #[serde(default)]
    pub find_account: Option<Endpoint>,
    /// Find an account by id (`{ACCOUNT_ID}` in the URL); a 404 falls back to the query.
    #[serde(default)]
    pub find_account_by_id: Option<Endpoint>,
    /// Create an account.
    #[serde(default)]
    pub create_account: Option<Endpoint>,
    /// Find a record of the account.
    #[serde(default)]
    pub find_record: Option<Endpoint>,
    /// Create a record.
    #[serde(default)]
    pub create_record: Option<Endpoint>,
    /// Update the record (title and description) at the end of the session.
    #[serde(default)]
    pub update_record: Option<Endpoint>,
    /// Add a comment to the record.
    #[serde(default)]
    pub comment: Option<Endpoint>,
    /// Upload a file to the record.
    #[serde(default)]
    pub upload: Option<UploadEndpoint>,
}

/// HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET: parameters go into the query string.
    Get,
    /// POST: parameters go into the JSON body.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
}

/// How a POST/PUT/PATCH body is built from the parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestFormat {
    /// `{ ...parameters }`.
    #[default]
    Property,
    /// Nested in `container_name`, see [`ContainerType`].
    Container,
}

/// The container of a [`RequestFormat::Container`] body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContainerType {
    /// `{ container_name: { ...parameters } }`.
    #[default]
    Map,
    /// `{ container_name: [ { ...parameters } ] }`.
    Array,
}

/// One request parameter: a name and a value with variables or a function.
#[derive(Clone, Debug, Deserialize)]
pub struct Param {
    /// Parameter name.
    pub name: String,
    /// Value template.
    pub value: String,
}

/// One API endpoint.
#[derive(Clone, Debug, Deserialize)]
pub struct Endpoint {
    /// Request URL, may contain variables (`{ACCOUNT_ID}`, `{RECORD_ID}`).
    pub url: String,
    /// Method.
    pub method: Method,
    /// Parameters (query string for GET, body otherwise).
    #[serde(default)]
    pub params: Vec<Param>,
    /// Property or Container body.
    #[serde(default)]
    pub format: RequestFormat,
    /// Map or Array container.
    #[serde(default)]
    pub container_type: ContainerType,
    /// The container's name.
    #[serde(default)]
    pub container_name: Option<String>,
    /// Where the target object is in the JSON response (`data.items.0`; empty: the whole
    /// response).
    #[serde(default)]
    pub response_location: String,
    /// The id field of the located object.
    #[serde(default = "default_id_field")]
    pub id_field: String,
}

impl Endpoint {
    /// The parameters as pairs, in configured order.
    pub fn param_pairs(&self) -> Vec<(String, String)> {
        self.params
            .iter()
            .map(|p| (p.name.clone(), p.value.clone()))
            .collect()
    }
}

/// How the file travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadEncoding {
    /// `{FILE_DATA}` is the base64 of the file, in a JSON body.
    #[default]
    Base64,
    /// A multipart form: the parameter whose value is `{FILE_DATA}` is the file part.
    Multipart,
}

/// What the upload answers with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentType {
    /// An attachment id (at `attachment_location`), turned into a link with
    /// `attachment_url` (`{RECORD_ID}`, `{ATTACHMENT_ID}`).
    #[default]
    Id,
    /// A download URL at `attachment_location`.
    Url,
}

/// Which session files are uploaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadFile {
    /// `chat-{id}.txt`.
    ChatTranscript,
    /// `call-{id}.json` / `chat-{id}.json`.
    SessionMetadata,
}

/// The upload endpoint.
#[derive(Clone, Debug, Deserialize)]
pub struct UploadEndpoint {
    /// The request.
    #[serde(flatten)]
    pub endpoint: Endpoint,
    /// Base64 or multipart.
    #[serde(default)]
    pub encoding: UploadEncoding,
    /// Id or URL.
    #[serde(default)]
    pub attachment_type: AttachmentType,
    /// Where the id or URL is in the response (after `response_location`).
    #[serde(default = "default_id_field")]
    pub attachment_location: String,
    /// Download link builder for [`AttachmentType::Id`].
    #[serde(default)]
    pub attachment_url: Option<String>,
    /// Which files are sent.
    #[serde(default = "default_upload_files")]
    pub files: Vec<UploadFile>,
    /// Also leave a comment with the link on the record.
    #[serde(default)]
    pub comment: bool,
}

/// Retries of CRM calls: the seed retries HTTP 400 answers (and we retry transport failures and
/// timeouts), with a delay that grows exponentially, for a week.
#[derive(Clone, Debug, Deserialize)]
pub struct CrmRetrySettings {
    /// HTTP statuses that are retried; other error statuses fail at once.
    #[serde(default = "default_retry_statuses")]
    pub statuses: Vec<u16>,
    /// How long a call is retried (seconds; a week).
    #[serde(default = "default_retry_window")]
    pub window_secs: u64,
    /// Delay before the first retry (milliseconds); it doubles with each failure.
    #[serde(default = "default_min_delay")]
    pub min_delay_ms: u64,
    /// Longest delay between two attempts (milliseconds; 6 hours).
    #[serde(default = "default_max_delay")]
    pub max_delay_ms: u64,
}

impl Default for CrmRetrySettings {
    fn default() -> Self {
        Self {
            statuses: default_retry_statuses(),
            window_secs: default_retry_window(),
            min_delay_ms: default_min_delay(),
            max_delay_ms: default_max_delay(),
        }
    }
}

fn default_timeout() -> u64 {
    5
}
fn default_status_field() -> String {
    "status".to_owned()
}
fn default_open_values() -> Vec<String> {
    vec!["open".to_owned()]
}
fn default_id_field() -> String {
    "id".to_owned()
}
fn default_upload_files() -> Vec<UploadFile> {
    vec![UploadFile::ChatTranscript, UploadFile::SessionMetadata]
}
fn default_retry_statuses() -> Vec<u16> {
    vec![400]
}
fn default_retry_window() -> u64 {
    7 * 24 * 60 * 60
}
fn default_min_delay() -> u64 {
    1_000
}
fn default_max_delay() -> u64 {
    6 * 60 * 60 * 1_000
}

impl CrmSettings {
    /// Points every URL that starts with `from` (an origin such as `http://127.0.0.1:8701`)
    /// at `to` instead: the endpoints, lookup URLs and token URL. For running the demo
    /// configuration against a simulator on another port.
    pub fn replace_origin(&mut self, from: &str, to: &str) {
        let swap = |url: &mut String| {
            if let Some(rest) = url.strip_prefix(from) {
                *url = format!("{to}{rest}");
            }
        };
        for url in [
            &mut self.account_lookup_url,
            &mut self.record_lookup_url,
            &mut self.lookup_url_voice,
            &mut self.lookup_url_chat,
            &mut self.open_custom_url,
        ]
        .into_iter()
        .flatten()
        {
            swap(url);
        }
        if let CrmAuth::Oauth2 { token_url, .. } = &mut self.auth {
            swap(token_url);
        }
        let e = &mut self.endpoints;
        for endpoint in [
            e.find_account.as_mut(),
            e.find_account_by_id.as_mut(),
            e.create_account.as_mut(),
            e.find_record.as_mut(),
            e.create_record.as_mut(),
            e.update_record.as_mut(),
            e.comment.as_mut(),
            e.upload.as_mut().map(|u| &mut u.endpoint),
        ]
        .into_iter()
        .flatten()
        {
            swap(&mut endpoint.url);
        }
        if let Some(upload) = e.upload.as_mut()
            && let Some(url) = upload.attachment_url.as_mut()
        {
            swap(url);
        }
    }

    /// Checks what serde cannot, with messages that name the setting.
    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            (1..=10).contains(&self.timeout_secs),
            "crm.timeout_secs must be between 1 and 10 seconds, not {}",
            self.timeout_secs
        );
        let e = &self.endpoints;
        let named = [
            ("find_account", e.find_account.as_ref()),
            ("find_account_by_id", e.find_account_by_id.as_ref()),
            ("create_account", e.create_account.as_ref()),
            ("find_record", e.find_record.as_ref()),
            ("create_record", e.create_record.as_ref()),
            ("update_record", e.update_record.as_ref()),
            ("comment", e.comment.as_ref()),
            ("upload", e.upload.as_ref().map(|u| &u.endpoint)),
        ];
        for (name, endpoint) in named {
            if let Some(endpoint) = endpoint {
                validate_endpoint(name, endpoint)?;
            }
        }
        if let Some(by_id) = &e.find_account_by_id {
            anyhow::ensure!(
                by_id.url.contains("{ACCOUNT_ID}"),
                "crm.endpoints.find_account_by_id.url must contain {{ACCOUNT_ID}}"
            );
        }
        let account = e.find_account.is_some() || e.find_account_by_id.is_some();
        anyhow::ensure!(
            !(account ^ e.create_account.is_some()),
            "crm.endpoints: configure find_account (or find_account_by_id) and create_account \
             together"
        );
        let record = e.find_record.is_some() || e.create_record.is_some();
        anyhow::ensure!(
            !record || account,
            "crm.endpoints.find_record / create_record need the account endpoints"
        );
        anyhow::ensure!(
            !(e.find_record.is_some() && e.create_record.is_none()),
            "crm.endpoints.find_record needs create_record too"
        );
        anyhow::ensure!(
            (e.update_record.is_none() && e.comment.is_none() && e.upload.is_none())
                || e.create_record.is_some(),
            "crm.endpoints.update_record, comment and upload need create_record"
        );
        if let Some(upload) = &e.upload {
            if upload.encoding == UploadEncoding::Multipart {
                anyhow::ensure!(
                    upload.endpoint.method != Method::Get,
                    "crm.endpoints.upload cannot be a multipart GET"
                );
            }
            anyhow::ensure!(
                upload
                    .endpoint
                    .params
                    .iter()
                    .any(|p| p.value.contains("{FILE_DATA}")),
                "crm.endpoints.upload needs a parameter with {{FILE_DATA}}"
            );
        }
        if let CrmAuth::Oauth2 { token_url, .. } = &self.auth {
            anyhow::ensure!(
                is_http_url(token_url),
                "crm.auth.token_url must be an http(s) URL"
            );
        }
        if let CrmAuth::CustomHeaders { headers } = &self.auth {
            for header in headers {
                anyhow::ensure!(
                    reqwest::header::HeaderName::from_bytes(header.name.as_bytes()).is_ok(),
                    "crm.auth header name `{}` is not a valid HTTP header name",
                    header.name
                );
            }
        }
        for (name, url) in [
            ("account_lookup_url", &self.account_lookup_url),
            ("record_lookup_url", &self.record_lookup_url),
            ("lookup_url_voice", &self.lookup_url_voice),
            ("lookup_url_chat", &self.lookup_url_chat),
            ("open_custom_url", &self.open_custom_url),
        ] {
            if let Some(url) = url {
                anyhow::ensure!(is_http_url(url), "crm.{name} must be an http(s) URL");
            }
        }
        anyhow::ensure!(
            self.retry.min_delay_ms >= 1 && self.retry.min_delay_ms <= self.retry.max_delay_ms,
            "crm.retry.min_delay_ms must be at least 1 and at most max_delay_ms"
        );
        Ok(())
    }
}

fn validate_endpoint(name: &str, endpoint: &Endpoint) -> anyhow::Result<()> {
    anyhow::ensure!(
        is_http_url(&endpoint.url),
        "crm.endpoints.{name}.url must be an http(s) URL"
    );
    for param in &endpoint.params {
        anyhow::ensure!(
            !param.name.trim().is_empty(),
            "crm.endpoints.{name} has a parameter without a name"
        );
        template::check(&param.value)
            .map_err(|e| anyhow::anyhow!("crm.endpoints.{name}.params `{}`: {e}", param.name))?;
    }
    if endpoint.format == RequestFormat::Container {
        anyhow::ensure!(
            endpoint
                .container_name
                .as_deref()
                .is_some_and(|n| !n.trim().is_empty()),
            "crm.endpoints.{name} uses a container: set container_name"
        );
    }
    Ok(())
}

fn is_http_url(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> CrmSettings {
        crate::config::Settings::demo()
            .crm
            .expect("the demo config has a CRM")
    }

    #[test]
    fn the_default_retry_window_is_at_least_three_days() {
        assert!(CrmRetrySettings::default().window_secs >= 3 * 24 * 60 * 60);
    }

    #[test]
    fn the_demo_crm_configuration_is_valid() {
        demo().validate().expect("valid");
    }

    #[test]
    fn a_timeout_outside_one_to_ten_seconds_is_rejected() {
        for secs in [0, 11] {
            let mut crm = demo();
            crm.timeout_secs = secs;
            let error = crm.validate().expect_err("invalid").to_string();
            assert!(error.contains("between 1 and 10"), "{error}");
        }
    }

    #[test]
    fn find_account_by_id_must_have_the_account_id_in_its_url() {
        let mut crm = demo();
        if let Some(by_id) = crm.endpoints.find_account_by_id.as_mut() {
            by_id.url = "http://crm.example.com/api/accounts".into();
        }
        let error = crm.validate().expect_err("invalid").to_string();
        assert!(error.contains("{ACCOUNT_ID}"), "{error}");
    }

    #[test]
    fn a_container_needs_a_name() {
        let mut crm = demo();
        if let Some(create) = crm.endpoints.create_account.as_mut() {
            create.container_name = None;
        }
        let error = crm.validate().expect_err("invalid").to_string();
        assert!(error.contains("container_name"), "{error}");
    }

    #[test]
    fn an_invalid_function_names_the_endpoint_and_parameter() {
        let mut crm = demo();
        if let Some(create) = crm.endpoints.create_account.as_mut() {
            create.params[0].value = "=DEFAULT_VALUE({NAME})".into();
        }
        let error = crm.validate().expect_err("invalid").to_string();
        assert!(
            error.contains("create_account") && error.contains("`name`"),
            "{error}"
        );
    }

    #[test]
    fn record_endpoints_need_the_account_endpoints() {
        let mut crm = demo();
        crm.endpoints.find_account = None;
        crm.endpoints.find_account_by_id = None;
        crm.endpoints.create_account = None;
        assert!(crm.validate().is_err());
    }

    #[test]
    fn secrets_do_not_appear_in_debug_output() {
        let crm = demo();
        let printed = format!("{crm:?}");
        assert!(!printed.contains("demo-crm-client-secret"), "{printed}");
    }

    #[test]
    fn replace_origin_moves_every_url_to_the_new_origin() {
        let mut crm = demo();
        crm.replace_origin("http://127.0.0.1:8701", "http://127.0.0.1:9999");
        let printed = format!("{crm:?}");
        assert!(!printed.contains("8701"), "{printed}");
    }
}
