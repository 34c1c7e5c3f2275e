//! Typed configuration: the built-in demo config or a TOML file, then `AGENT_ADAPTER__*`
//! environment overrides (`AGENT_ADAPTER__SERVER__PORT=0`, `AGENT_ADAPTER__DATABASE__PATH=…`).
//! Secrets are [`SecretString`]s: they never appear in `Debug` output or logs.

use std::path::{Path, PathBuf};

use anyhow::Context;
use protocol::api::AgentRole;
use secrecy::SecretString;
use serde::Deserialize;

/// The demo configuration compiled into the binary.
pub const DEMO_TOML: &str = include_str!("../config/demo.toml");

/// Everything the gateway is configured with.
#[derive(Clone, Debug, Deserialize)]
pub struct Settings {
    /// Listening address.
    pub server: ServerSettings,
    /// The SQLite store.
    pub database: DatabaseSettings,
    /// Where the built widget is.
    pub widget: WidgetSettings,
    /// Origins allowed to embed the widget, exactly `scheme://host[:port]`.
    pub allowed_origins: Vec<String>,
    /// Inbound webhook secrets.
    pub webhooks: WebhookSettings,
    /// Call routing.
    pub routing: RoutingSettings,
    /// Agent sessions.
    pub auth: AuthSettings,
    /// Queues (agent groups).
    pub queues: Vec<QueueSettings>,
    /// Agents.
    pub agents: Vec<AgentSettings>,
    /// The Optico Call Center API (caller context); none when not configured.
    #[serde(default)]
    pub optico: Option<OpticoSettings>,
    /// After-call work: dispositions and the time agents get for it.
    #[serde(default)]
    pub wrap_up: WrapUpSettings,
    /// DeepCall live agent statistics (supervisor view); none when not configured.
    #[serde(default)]
    pub deepcall: Option<DeepCallSettings>,
    /// The Aimylogic Operator API (chats handed off by bots); none when not configured.
    #[serde(default)]
    pub aimylogic: Option<AimylogicSettings>,
    /// The company's CRM (generic REST API, lookup URLs); none when not configured.
    #[serde(default)]
    pub crm: Option<crate::crm::settings::CrmSettings>,
    /// Where session metadata files and chat transcripts are written.
    #[serde(default)]
    pub storage: crate::storage::StorageSettings,
    /// AI suggestions and the lead and appointment tools; off when absent.
    #[serde(default)]
    pub optimly: Option<OptimlySettings>,
    /// The co-browse provider; off when absent.
    #[serde(default)]
    pub cobrowse: Option<CobrowseSettings>,
    /// Session outcome by email (global setting and SMTP server); none sends no email.
    #[serde(default)]
    pub outcome_email: Option<crate::outcome_email::OutcomeEmailSettings>,
}

/// The DeepCall account the live agent statistics come from. Authenticate with `ssid`, or with
/// `user_id` and `token` — never both.
#[derive(Clone, Debug, Deserialize)]
pub struct DeepCallSettings {
    /// Base URL; requests go to `{base_url}/api/v2/Agent/live`.
    pub base_url: String,
    /// Session id.
    #[serde(default)]
    pub ssid: Option<SecretString>,
    /// User id (with `token`).
    #[serde(default)]
    pub user_id: Option<String>,
    /// API token (with `user_id`).
    #[serde(default)]
    pub token: Option<SecretString>,
    /// Only this agent group (`groupid`).
    #[serde(default)]
    pub group_id: Option<String>,
    /// `all` or `login` (`status`).
    #[serde(default)]
    pub status: Option<String>,
    /// Ask for additional agent data (`A` = 1).
    #[serde(default)]
    pub additional: bool,
    /// Extra filter objects sent as `filter`, as DeepCall documents them.
    #[serde(default)]
    pub filter: Vec<serde_json::Value>,
    /// Seconds an answer is reused before DeepCall is asked again.
    #[serde(default = "default_deepcall_cache")]
    pub cache_secs: u64,
    /// Seconds to wait for DeepCall.
    #[serde(default = "default_optico_timeout")]
    pub timeout_secs: u64,
}

fn default_deepcall_cache() -> u64 {
    5
}

/// After-call work.
#[derive(Clone, Debug, Deserialize)]
pub struct WrapUpSettings {
    /// Seconds after a call during which the agent is offered no new call unless they save the
    /// wrap-up sooner; 0 offers the next call at once.
    #[serde(default = "default_after_call_secs")]
    pub after_call_secs: u32,
    /// The disposition codes agents choose from.
    #[serde(default = "default_dispositions")]
    pub dispositions: Vec<DispositionSettings>,
}

impl Default for WrapUpSettings {
    fn default() -> Self {
        Self {
            after_call_secs: default_after_call_secs(),
            dispositions: default_dispositions(),
        }
    }
}

/// One disposition code.
#[derive(Clone, Debug, Deserialize)]
pub struct DispositionSettings {
    /// Stored and sent to the CRM.
    pub code: String,
    /// Shown to agents.
    pub label: String,
}

fn default_after_call_secs() -> u32 {
    60
}

fn default_dispositions() -> Vec<DispositionSettings> {
    [
        ("resolved", "Resolved"),
        ("follow_up", "Follow-up needed"),
        ("sale", "Sale made"),
        ("no_sale", "No sale"),
        ("wrong_number", "Wrong number"),
    ]
    .into_iter()
    .map(|(code, label)| DispositionSettings {
        code: code.to_owned(),
        label: label.to_owned(),
    })
    .collect()
}

/// The Optico Call Center API account.
#[derive(Clone, Debug, Deserialize)]
pub struct OpticoSettings {
    /// Base URL; requests go to `{base_url}/agent-api/callStart` and `…/setAgentToCall`.
    pub base_url: String,
    /// The Call Center API key (sent as the `apiKey` form field, never to the browser).
    pub api_key: SecretString,
    /// Path segment of `POST /webhooks/optico/{secret}`.
    pub webhook_secret: SecretString,
    /// Seconds to wait for one Optico answer.
    #[serde(default = "default_optico_timeout")]
    pub timeout_secs: u64,
}

fn default_optico_timeout() -> u64 {
    5
}

/// Listening address and log format.
#[derive(Clone, Debug, Deserialize)]
pub struct ServerSettings {
    /// Interface to bind.
    pub host: String,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// Log as JSON lines instead of text.
    #[serde(default)]
    pub json_logs: bool,
}

/// The SQLite store.
#[derive(Clone, Debug, Deserialize)]
pub struct DatabaseSettings {
    /// Path of the SQLite file; created with its folder when missing.
    pub path: PathBuf,
}

/// The built widget.
#[derive(Clone, Debug, Deserialize)]
pub struct WidgetSettings {
    /// Trunk's `dist/` folder, served at `/agent/`.
    pub dist_dir: PathBuf,
}

/// Secrets that authenticate inbound webhooks.
#[derive(Clone, Debug, Deserialize)]
pub struct WebhookSettings {
    /// Path segment of `POST /webhooks/telephony/{secret}`.
    pub telephony_secret: SecretString,
}

/// Call routing.
#[derive(Clone, Debug, Deserialize)]
pub struct RoutingSettings {
    /// Seconds a call rings at one agent before it is offered to the next.
    pub ring_timeout_secs: u32,
    /// Region (ISO 3166 code) for phone numbers written without a country code.
    pub default_region: String,
}

/// Agent sessions.
#[derive(Clone, Debug, Deserialize)]
pub struct AuthSettings {
    /// Hours a login stays valid.
    pub session_ttl_hours: u32,
    /// Sign-in attempts allowed per email address and minute; more are answered 429.
    #[serde(default = "default_login_attempts")]
    pub login_attempts_per_minute: u32,
}

fn default_login_attempts() -> u32 {
    10
}

/// One queue.
#[derive(Clone, Debug, Deserialize)]
pub struct QueueSettings {
    /// Stable id, reported as `queue_id`.
    pub id: u64,
    /// Short name used by telephony (`queue` field) and chat destinations.
    pub name: String,
    /// Path shown to agents and hosts (`queue_path`).
    pub path: String,
    /// Language of the queue (`queue_language_id`), e.g. `en` or `fr`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Whether the chats of this queue get AI suggestions (when `[optimly]` is configured).
    #[serde(default)]
    pub assist: bool,
    /// The queue's "Send session outcome via Email"; not enabled inherits `[outcome_email]`.
    #[serde(default)]
    pub outcome_email: crate::outcome_email::QueueOutcomeEmail,
}

fn default_language() -> String {
    "en".to_owned()
}

/// The `[cobrowse]` section: the co-browse provider's webhook secret and API.
#[derive(Clone, Debug, Deserialize)]
pub struct CobrowseSettings {
    /// The secret in `POST /webhooks/cobrowse/{secret}`.
    pub webhook_secret: SecretString,
    /// The provider's API base URL; the agent's requests go to `{base_url}/api/sessions/{id}/…`.
    pub base_url: String,
    /// The provider's API key (Bearer).
    pub api_key: SecretString,
    /// Seconds to wait for the provider (1–30).
    #[serde(default = "default_cobrowse_timeout")]
    pub timeout_secs: u64,
}

fn default_cobrowse_timeout() -> u64 {
    5
}

/// The `[optimly]` section: the Optimly agent whose API key the gateway uses.
#[derive(Clone, Debug, Deserialize)]
pub struct OptimlySettings {
    /// API base URL, e.g. `https://api.optimly.io`.
    pub base_url: String,
    /// The agent's API key (sent as `Authorization: Bearer`, never to the browser).
    pub api_key: SecretString,
    /// Seconds to wait for an answer before the suggestion is shown as unavailable (1–30).
    #[serde(default = "default_optimly_timeout")]
    pub timeout_secs: u64,
    /// Requests allowed per window, `[count, seconds]`; the documented 100 a minute, 1,000 an
    /// hour and 10,000 a day by default.
    #[serde(default = "default_optimly_limits")]
    pub limits: Vec<(u32, u64)>,
}

fn default_optimly_timeout() -> u64 {
    8
}

fn default_optimly_limits() -> Vec<(u32, u64)> {
    protocol::optimly::DOCUMENTED_LIMITS.to_vec()
}

/// One agent.
#[derive(Clone, Debug, Deserialize)]
pub struct AgentSettings {
    /// Stable id, reported as `agent_id`.
    pub id: u64,
    /// Login email.
    pub email: String,
    /// Argon2 PHC string (`gateway hash-password` prints one).
    pub password_hash: SecretString,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Custom id from the agent's profile, reported as `agent_custom_id`.
    #[serde(default)]
    pub custom_id: Option<String>,
    /// Agent or supervisor.
    pub role: AgentRole,
    /// Names of the queues the agent serves.
    pub queues: Vec<String>,
    /// The agent's Optico username; their email when absent.
    #[serde(default)]
    pub optico_username: Option<String>,
    /// Link to the agent's avatar (the `avatarUrl` Aimylogic receives); empty when absent.
    #[serde(default)]
    pub avatar_url: Option<String>,
}

impl AgentSettings {
    /// The username Optico knows this agent by.
    pub fn optico_username(&self) -> &str {
        self.optico_username.as_deref().unwrap_or(&self.email)
    }
}

/// The sections every gateway run on loopback needs, as TOML: listening on `127.0.0.1:port`,
/// its database, widget and stored files in `dir`, webhooks signed with `telephony_secret`, no
/// after-call work, calls that ring for ten minutes and logins that are never throttled. The
/// load generator and the process tests append their queues, agents and upstreams to it.
pub fn loopback_toml(port: u16, dir: &Path, telephony_secret: &str) -> String {
    let dir = dir.display();
    format!(
        r#"allowed_origins = ["http://127.0.0.1:9"]

[server]
host = "127.0.0.1"
port = {port}

[database]
path = "{dir}/gateway.db"

[widget]
dist_dir = "{dir}/dist"

[webhooks]
telephony_secret = "{telephony_secret}"

[routing]
ring_timeout_secs = 600
default_region = "FR"

[auth]
session_ttl_hours = 12
login_attempts_per_minute = 1000

[wrap_up]
after_call_secs = 0

[storage]
path = "{dir}/storage"
"#
    )
}

impl Settings {
    /// The built-in demo configuration, without environment overrides.
    pub fn demo() -> Self {
        Self::from_toml(DEMO_TOML).expect("the built-in demo configuration is valid")
    }

    /// Parses a TOML document and validates it.
    pub fn from_toml(text: &str) -> anyhow::Result<Self> {
        let settings: Settings = config::Config::builder()
            .add_source(config::File::from_str(text, config::FileFormat::Toml))
            .build()?
            .try_deserialize()?;
        settings.validate()?;
        Ok(settings)
    }

    /// Loads `file` (or the demo config when `None`), then `AGENT_ADAPTER__*` overrides.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let builder = match file {
            Some(path) => config::Config::builder()
                .add_source(config::File::from(path).format(config::FileFormat::Toml)),
            None => config::Config::builder()
                .add_source(config::File::from_str(DEMO_TOML, config::FileFormat::Toml)),
        };
        let settings: Settings = builder
            .add_source(
                config::Environment::with_prefix("AGENT_ADAPTER")
                    .prefix_separator("__")
                    .separator("__")
                    .list_separator(",")
                    .with_list_parse_key("allowed_origins")
                    .try_parsing(true),
            )
            .build()
            .context("Failed to read the configuration")?
            .try_deserialize()
            .context("Failed to understand the configuration")?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks what serde cannot: references between sections and origin syntax.
    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(!self.queues.is_empty(), "configure at least one queue");
        for origin in &self.allowed_origins {
            anyhow::ensure!(
                is_exact_origin(origin),
                "allowed origin `{origin}` must be exactly scheme://host[:port], http or https, \
                 without path or trailing slash"
            );
        }
        for agent in &self.agents {
            for queue in &agent.queues {
                anyhow::ensure!(
                    self.queues.iter().any(|q| &q.name == queue),
                    "agent {} serves unknown queue `{queue}`",
                    agent.email
                );
            }
        }
        anyhow::ensure!(
            self.auth.login_attempts_per_minute > 0,
            "auth.login_attempts_per_minute must be at least 1"
        );
        anyhow::ensure!(
            !self.wrap_up.dispositions.is_empty(),
            "configure at least one wrap_up disposition"
        );
        for (index, disposition) in self.wrap_up.dispositions.iter().enumerate() {
            anyhow::ensure!(
                !disposition.code.trim().is_empty() && !disposition.label.trim().is_empty(),
                "wrap_up disposition {} needs a code and a label",
                index + 1
            );
            anyhow::ensure!(
                self.wrap_up.dispositions[..index]
                    .iter()
                    .all(|other| other.code != disposition.code),
                "wrap_up disposition code `{}` is configured twice",
                disposition.code
            );
        }
        if let Some(deepcall) = &self.deepcall {
            let session = deepcall.ssid.is_some();
            let token = deepcall.user_id.is_some() && deepcall.token.is_some();
            let partial_token = deepcall.user_id.is_some() != deepcall.token.is_some();
            anyhow::ensure!(
                session != token && !partial_token,
                "deepcall needs either ssid, or user_id and token — not both, not neither"
            );
            if let Some(status) = &deepcall.status {
                anyhow::ensure!(
                    status == "all" || status == "login",
                    "deepcall status must be `all` or `login`, not `{status}`"
                );
            }
        }
        if let Some(aimylogic) = &self.aimylogic {
            aimylogic.validate()?;
        }
        if let Some(crm) = &self.crm {
            crm.validate()?;
        }
        if let Some(optimly) = &self.optimly {
            optimly.validate()?;
        }
        if let Some(email) = &self.outcome_email {
            email.validate()?;
        }
        for queue in &self.queues {
            crate::outcome_email::check_address(
                &format!("queue `{}` outcome_email.address", queue.name),
                &queue.outcome_email.address,
            )?;
            anyhow::ensure!(
                !queue.outcome_email.enabled || self.outcome_email.is_some(),
                "queue `{}` enables outcome_email but there is no [outcome_email] section with \
                 the SMTP server",
                queue.name
            );
        }
        phonenumber::country::Id::try_from(self.routing.default_region.as_str())
            .ok()
            .with_context(|| format!("unknown default_region `{}`", self.routing.default_region))?;
        Ok(())
    }

    /// The configured agent with this id.
    pub fn agent(&self, id: u64) -> Option<&AgentSettings> {
        self.agents.iter().find(|a| a.id == id)
    }

    /// The queue named `name`.
    pub fn queue_by_name(&self, name: &str) -> Option<&QueueSettings> {
        self.queues.iter().find(|q| q.name == name)
    }

    /// The queue with this id.
    pub fn queue(&self, id: u64) -> Option<&QueueSettings> {
        self.queues.iter().find(|q| q.id == id)
    }
}

impl OptimlySettings {
    fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.base_url.starts_with("http://") || self.base_url.starts_with("https://"),
            "optimly.base_url must be an http(s) URL"
        );
        anyhow::ensure!(
            (1..=30).contains(&self.timeout_secs),
            "optimly.timeout_secs must be 1 to 30"
        );
        anyhow::ensure!(
            !self.limits.is_empty() && self.limits.iter().all(|(n, secs)| *n > 0 && *secs > 0),
            "optimly.limits must be [count, seconds] pairs above zero"
        );
        Ok(())
    }
}

/// The Aimylogic Operator API: the channels Aimylogic calls us through, and how the agent's
/// events are delivered to the webhook each channel set.
#[derive(Clone, Debug, Deserialize)]
pub struct AimylogicSettings {
    /// The channels. Aimylogic is given `{public_base_url}/operator/{id}.{secret}` as API URL.
    pub channels: Vec<ChannelSettings>,
    /// This gateway's URL as the client's browser reaches it: the agent's files are offered
    /// for download at `{public_base_url}/files/{token}`.
    pub public_base_url: String,
    /// Where the agent's files are kept; `media/` beside the database file when absent.
    #[serde(default)]
    pub files_dir: Option<PathBuf>,
    /// Largest file an agent may send, in bytes.
    #[serde(default = "default_max_file_bytes")]
    pub max_file_bytes: usize,
    /// Chats one agent handles at once; no new chat is offered to an agent who has as many.
    #[serde(default = "default_chat_capacity")]
    pub chat_capacity: u32,
    /// Seconds within which a client message identical to the chat's latest line is taken for
    /// a repeated delivery of that line (the Operator API carries no message id).
    #[serde(default = "default_duplicate_window")]
    pub duplicate_window_secs: u32,
    /// Delivery of events to the webhooks.
    #[serde(default)]
    pub outbox: OutboxSettings,
}

/// One Operator API channel.
#[derive(Clone, Debug, Deserialize)]
pub struct ChannelSettings {
    /// Channel id: letters, digits, `-` and `_`; shown to agents as `{id} {userId}` when the
    /// bot sends no user name.
    pub id: String,
    /// The secret that follows the id (after a `.`) in the API URL.
    pub secret: SecretString,
}

/// Retries of webhook deliveries.
#[derive(Clone, Debug, Deserialize)]
pub struct OutboxSettings {
    /// How long an event is retried before it becomes a dead letter (seconds; 3 days).
    #[serde(default = "default_retry_window")]
    pub retry_window_secs: u64,
    /// Delay before the first retry (milliseconds); it doubles with each failure.
    #[serde(default = "default_retry_min_delay")]
    pub retry_min_delay_ms: u64,
    /// Longest delay between two attempts (milliseconds).
    #[serde(default = "default_retry_max_delay")]
    pub retry_max_delay_ms: u64,
    /// Seconds to wait for the webhook to answer one delivery.
    #[serde(default = "default_outbox_timeout")]
    pub timeout_secs: u64,
}

impl Default for OutboxSettings {
    fn default() -> Self {
        Self {
            retry_window_secs: default_retry_window(),
            retry_min_delay_ms: default_retry_min_delay(),
            retry_max_delay_ms: default_retry_max_delay(),
            timeout_secs: default_outbox_timeout(),
        }
    }
}

fn default_max_file_bytes() -> usize {
    10 * 1024 * 1024
}

fn default_chat_capacity() -> u32 {
    3
}

fn default_duplicate_window() -> u32 {
    10
}

fn default_retry_window() -> u64 {
    3 * 24 * 60 * 60
}

fn default_retry_min_delay() -> u64 {
    1_000
}

fn default_retry_max_delay() -> u64 {
    10 * 60 * 1_000
}

fn default_outbox_timeout() -> u64 {
    10
}

impl AimylogicSettings {
    fn validate(&self) -> anyhow::Result<()> {
        for channel in &self.channels {
            anyhow::ensure!(
                !channel.id.is_empty()
                    && channel
                        .id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "aimylogic channel id `{}` must be letters, digits, `-` and `_` only",
                channel.id
            );
            anyhow::ensure!(
                !secrecy::ExposeSecret::expose_secret(&channel.secret).is_empty(),
                "aimylogic channel `{}` needs a secret",
                channel.id
            );
            anyhow::ensure!(
                self.channels.iter().filter(|c| c.id == channel.id).count() == 1,
                "aimylogic channel `{}` is configured twice",
                channel.id
            );
        }
        anyhow::ensure!(
            self.public_base_url.starts_with("http://")
                || self.public_base_url.starts_with("https://"),
            "aimylogic public_base_url must be an http(s) URL"
        );
        anyhow::ensure!(
            self.chat_capacity >= 1,
            "aimylogic chat_capacity must be at least 1"
        );
        anyhow::ensure!(
            self.outbox.retry_min_delay_ms >= 1
                && self.outbox.retry_min_delay_ms <= self.outbox.retry_max_delay_ms,
            "aimylogic outbox retry delays must satisfy 1 <= min <= max"
        );
        Ok(())
    }

    /// The channel with this id.
    pub fn channel(&self, id: &str) -> Option<&ChannelSettings> {
        self.channels.iter().find(|c| c.id == id)
    }
}

/// `scheme://host[:port]` with scheme http or https and nothing after the authority.
fn is_exact_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    (scheme == "http" || scheme == "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_configuration_is_valid() {
        let settings = Settings::demo();
        assert_eq!(settings.queues.len(), 2);
        assert!(settings.agents.iter().any(|a| a.email == "kim@example.com"));
    }

    #[test]
    fn the_loopback_sections_with_a_queue_and_an_agent_make_a_valid_configuration() {
        let dir = Path::new("/tmp/loopback-gateway");
        let mut text = loopback_toml(8799, dir, "test-telephony-secret");
        let demo = Settings::demo();
        let hash = secrecy::ExposeSecret::expose_secret(&demo.agents[0].password_hash);
        text.push_str(&format!(
            "\n[[queues]]\nid = 1\nname = \"support\"\npath = \"Support\"\n\n[[agents]]\nid = 1\n\
             email = \"kim@example.com\"\nfirst_name = \"Kim\"\nlast_name = \"Lee\"\n\
             role = \"agent\"\nqueues = [\"support\"]\npassword_hash = \"{hash}\"\n"
        ));
        let settings = Settings::from_toml(&text).expect("valid");
        assert_eq!(settings.server.port, 8799);
        assert_eq!(settings.database.path, dir.join("gateway.db"));
        assert_eq!(settings.wrap_up.after_call_secs, 0);
    }

    #[test]
    fn origin_with_a_path_is_rejected() {
        assert!(!is_exact_origin("https://crm.example.com/"));
        assert!(!is_exact_origin("https://crm.example.com/app"));
        assert!(!is_exact_origin("crm.example.com"));
        assert!(is_exact_origin("https://crm.example.com"));
        assert!(is_exact_origin("http://127.0.0.1:8701"));
    }

    #[test]
    fn a_disposition_code_configured_twice_is_rejected() {
        let text = DEMO_TOML.replace(
            "[[wrap_up.dispositions]]\ncode = \"follow_up\"",
            "[[wrap_up.dispositions]]\ncode = \"resolved\"",
        );
        assert_ne!(
            text, DEMO_TOML,
            "the demo config lists follow_up after resolved"
        );
        let error = Settings::from_toml(&text).expect_err("duplicate code");
        assert!(
            error.to_string().contains("`resolved` is configured twice"),
            "{error}"
        );
    }

    #[test]
    fn wrap_up_defaults_apply_when_the_section_is_missing() {
        let settings: WrapUpSettings = serde_json::from_str("{}").expect("defaults");
        assert_eq!(settings.after_call_secs, 60);
        assert!(settings.dispositions.iter().any(|d| d.code == "resolved"));
    }

    #[test]
    fn deepcall_with_both_ssid_and_token_is_rejected() {
        let text = DEMO_TOML.replace("[deepcall]\n", "[deepcall]\nssid = \"also-a-session\"\n");
        assert_ne!(text, DEMO_TOML, "the demo config has a [deepcall] section");
        let error = Settings::from_toml(&text).expect_err("both ways");
        assert!(error.to_string().contains("not both"), "{error}");
    }

    #[test]
    fn secrets_do_not_appear_in_debug_output() {
        let settings = Settings::demo();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("demo-telephony-secret"));
        assert!(!debug.contains("demo-deepcall-token"));
        assert!(!debug.contains("demo-aimylogic-secret"));
    }

    #[test]
    fn the_default_retry_window_is_three_days() {
        assert_eq!(OutboxSettings::default().retry_window_secs, 259_200);
    }

    #[test]
    fn a_channel_id_with_a_dot_is_rejected() {
        let mut settings = Settings::demo();
        if let Some(aimylogic) = settings.aimylogic.as_mut() {
            aimylogic.channels[0].id = "demo.bot".into();
        }
        assert!(settings.validate().is_err());
    }
}
