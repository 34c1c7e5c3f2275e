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
}

impl AgentSettings {
    /// The username Optico knows this agent by.
    pub fn optico_username(&self) -> &str {
        self.optico_username.as_deref().unwrap_or(&self.email)
    }
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
    }
}
