//! What the simulator needs to know about the gateway it talks to.

use std::fmt;

use reqwest::Url;

/// The webhook secret of the gateway's built-in demo configuration.
pub const DEMO_TELEPHONY_SECRET: &str = "demo-telephony-secret";

/// The Optico Call Center API key of the gateway's built-in demo configuration.
pub const DEMO_OPTICO_API_KEY: &str = "demo-optico-key";

/// The Optico webhook secret of the gateway's built-in demo configuration.
pub const DEMO_OPTICO_WEBHOOK_SECRET: &str = "demo-optico-secret";

/// The DeepCall user id of the gateway's built-in demo configuration.
pub const DEMO_DEEPCALL_USER_ID: &str = "demo-user";

/// The DeepCall token of the gateway's built-in demo configuration.
pub const DEMO_DEEPCALL_TOKEN: &str = "demo-deepcall-token";

/// A DeepCall session id the simulator also accepts.
pub const DEMO_DEEPCALL_SSID: &str = "demo-deepcall-ssid";

/// The CRM's basic authentication user of the gateway's built-in demo configuration.
pub const DEMO_CRM_USERNAME: &str = "demo-crm-user";

/// The CRM's basic authentication password.
pub const DEMO_CRM_PASSWORD: &str = "demo-crm-password";

/// The CRM's custom authentication header.
pub const DEMO_CRM_HEADER: (&str, &str) = ("X-Api-Key", "demo-crm-key");

/// The CRM's OAuth client id of the gateway's built-in demo configuration.
pub const DEMO_CRM_CLIENT_ID: &str = "demo-crm-client";

/// The CRM's OAuth client secret.
pub const DEMO_CRM_CLIENT_SECRET: &str = "demo-crm-client-secret";

/// The demo agent the simulator plays as a colleague (see [`crate::colleague`]).
pub const DEMO_COLLEAGUE_EMAIL: &str = "ariel@example.com";

/// The Optimly API key of the gateway's built-in demo configuration.
pub const DEMO_OPTIMLY_API_KEY: &str = "demo-optimly-key";

/// The co-browse webhook secret of the gateway's built-in demo configuration.
pub const DEMO_COBROWSE_WEBHOOK_SECRET: &str = "demo-cobrowse-secret";
/// The co-browse provider API key of the gateway's built-in demo configuration.
pub const DEMO_COBROWSE_API_KEY: &str = "demo-cobrowse-key";

/// The password of every demo agent.
pub const DEMO_AGENT_PASSWORD: &str = "demo-password";
/// `{id}.{secret}` of the Aimylogic channel of the gateway's built-in demo configuration.
pub const DEMO_AIMYLOGIC_CHANNEL_KEY: &str = "demo-bot.demo-aimylogic-secret";

/// Configuration of the simulator and the demo host page.
#[derive(Clone)]
pub struct SimConfig {
    /// Base URL of the gateway the telephony webhooks go to, e.g. `http://127.0.0.1:8700`.
    pub gateway_url: Url,
    /// Base URL the adapters are embedded from (`{adapter_base_url}/agent/?type=…`). Usually the
    /// gateway itself; its origin is the only one the demo page accepts messages from.
    pub adapter_base_url: Url,
    /// The secret in the gateway's telephony webhook path.
    pub telephony_secret: String,
    /// The API key the simulated Optico API accepts (the gateway's `optico.api_key`).
    pub optico_api_key: String,
    /// The secret in the gateway's Optico webhook path (the gateway's `optico.webhook_secret`).
    pub optico_webhook_secret: String,
    /// The agent the simulator signs in as a colleague who answers transferred calls.
    pub colleague_email: String,
    /// Their password.
    pub colleague_password: String,
    /// The DeepCall `userId` the simulated API accepts.
    pub deepcall_user_id: String,
    /// The DeepCall `token` it accepts with it.
    pub deepcall_token: String,
    /// The DeepCall `ssid` it accepts instead.
    pub deepcall_ssid: String,
    /// The Bearer key the simulated Optimly API accepts (the gateway's `optimly.api_key`).
    pub optimly_api_key: String,
    /// The secret in the gateway's co-browse webhook path (the gateway's
    /// `cobrowse.webhook_secret`).
    pub cobrowse_webhook_secret: String,
    /// The Bearer key the simulated co-browse provider accepts (the gateway's
    /// `cobrowse.api_key`).
    pub cobrowse_api_key: String,
    /// `{id}.{secret}` of the gateway's Aimylogic channel: the bot calls
    /// `{gateway_url}/operator/{key}/...`.
    pub aimylogic_channel_key: String,
    /// This simulator's base URL as the gateway reaches it (for the Aimylogic webhook it
    /// registers); `None` when unknown, and then chats started over HTTP set no webhook.
    pub public_url: Option<Url>,
}

impl SimConfig {
    /// A configuration for a gateway that also serves the adapters, with the demo secrets.
    pub fn new(gateway_url: Url) -> Self {
        Self {
            adapter_base_url: gateway_url.clone(),
            gateway_url,
            telephony_secret: DEMO_TELEPHONY_SECRET.to_owned(),
            optico_api_key: DEMO_OPTICO_API_KEY.to_owned(),
            optico_webhook_secret: DEMO_OPTICO_WEBHOOK_SECRET.to_owned(),
            colleague_email: DEMO_COLLEAGUE_EMAIL.to_owned(),
            colleague_password: DEMO_AGENT_PASSWORD.to_owned(),
            deepcall_user_id: DEMO_DEEPCALL_USER_ID.to_owned(),
            deepcall_token: DEMO_DEEPCALL_TOKEN.to_owned(),
            deepcall_ssid: DEMO_DEEPCALL_SSID.to_owned(),
            optimly_api_key: DEMO_OPTIMLY_API_KEY.to_owned(),
            cobrowse_webhook_secret: DEMO_COBROWSE_WEBHOOK_SECRET.to_owned(),
            cobrowse_api_key: DEMO_COBROWSE_API_KEY.to_owned(),
            aimylogic_channel_key: DEMO_AIMYLOGIC_CHANNEL_KEY.to_owned(),
            public_url: None,
        }
    }

    /// The origin (`scheme://host[:port]`) the adapters run on.
    pub fn adapter_origin(&self) -> String {
        self.adapter_base_url.origin().ascii_serialization()
    }
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("gateway_url", &self.gateway_url.as_str())
            .field("adapter_base_url", &self.adapter_base_url.as_str())
            .field("telephony_secret", &"[redacted]")
            .field("optico_api_key", &"[redacted]")
            .field("optico_webhook_secret", &"[redacted]")
            .field("colleague_email", &self.colleague_email)
            .field("colleague_password", &"[redacted]")
            .field("deepcall_user_id", &self.deepcall_user_id)
            .field("deepcall_token", &"[redacted]")
            .field("deepcall_ssid", &"[redacted]")
            .field("optimly_api_key", &"[redacted]")
            .field("cobrowse_webhook_secret", &"[redacted]")
            .field("cobrowse_api_key", &"[redacted]")
            .field("aimylogic_channel_key", &"[redacted]")
            .field("public_url", &self.public_url.as_ref().map(Url::as_str))
            .finish()
    }
}

/// `base` with `segments` appended to its path, keeping whatever path `base` already has.
///
/// Unlike [`Url::join`], a base without a trailing slash keeps its last segment, and every
/// segment is percent-encoded.
pub(crate) fn url_with_segments(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty();
        path.extend(segments);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL parses")
    }

    #[test]
    fn segments_are_appended_to_a_bare_origin() {
        let joined = url_with_segments(&url("http://127.0.0.1:8700"), &["webhooks", "x"]);
        assert_eq!(joined.as_str(), "http://127.0.0.1:8700/webhooks/x");
    }

    #[test]
    fn segments_keep_the_base_path_with_or_without_trailing_slash() {
        for base in [
            "https://example.com/adapter",
            "https://example.com/adapter/",
        ] {
            let joined = url_with_segments(&url(base), &["agent", ""]);
            assert_eq!(joined.as_str(), "https://example.com/adapter/agent/");
        }
    }

    #[test]
    fn segments_are_percent_encoded() {
        let joined = url_with_segments(&url("http://gw"), &["webhooks", "a/b c"]);
        assert_eq!(joined.as_str(), "http://gw/webhooks/a%2Fb%20c");
    }

    #[test]
    fn debug_output_does_not_show_the_secret() {
        let mut config = SimConfig::new(url("http://gw"));
        config.telephony_secret = "hunter2".to_owned();
        assert!(!format!("{config:?}").contains("hunter2"));
    }

    #[test]
    fn debug_output_does_not_show_the_optico_key_or_secret() {
        let mut config = SimConfig::new(url("http://gw"));
        config.optico_api_key = "key-hunter3".to_owned();
        config.optico_webhook_secret = "secret-hunter4".to_owned();
        let debug = format!("{config:?}");
        assert!(
            !debug.contains("hunter3") && !debug.contains("hunter4"),
            "{debug}"
        );
    }

    #[test]
    fn adapter_origin_drops_the_path() {
        let mut config = SimConfig::new(url("http://gw:8700"));
        config.adapter_base_url = url("https://adapter.example.com:8443/some/path/");
        assert_eq!(config.adapter_origin(), "https://adapter.example.com:8443");
    }
}
