//! The servers an end-to-end test talks to: the gateway (serving the built widget) and the
//! simulator (serving the demo host page), each on its own loopback port, so that the host
//! page and the adapters have different origins as in production.

use std::path::PathBuf;

use anyhow::Context;
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use upstream_sim::config::{DEMO_OPTICO_API_KEY, DEMO_OPTICO_WEBHOOK_SECRET};
use upstream_sim::optico::OpticoRequest;
use upstream_sim::{SimCall, SimConfig};

use crate::workspace_root;

/// A running gateway and simulator. Dropping it stops both and deletes the database.
pub struct Stack {
    /// `http://127.0.0.1:<port>` of the gateway: the adapters' origin.
    pub gateway_origin: String,
    /// `http://127.0.0.1:<port>` of the simulator: the host page's origin.
    pub sim_origin: String,
    http: reqwest::Client,
    tasks: Vec<JoinHandle<()>>,
    _data_dir: TempDir,
}

impl Stack {
    /// Starts the gateway (demo configuration, throwaway SQLite file, the host page's origin
    /// as the only allowed origin, the simulator as its Optico API) and the simulator pointing
    /// at it (its Aimylogic bot registers its own webhook on the gateway).
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_allowing(Vec::new()).await
    }

    /// [`Stack::start`], with `extra_origins` (e.g. a measurement page's) allowed to embed the
    /// adapters beside the simulator's host page.
    pub async fn start_allowing(extra_origins: Vec<String>) -> anyhow::Result<Self> {
        let dist_dir = widget_dist_dir()?;
        let data_dir = tempfile::tempdir().context("Failed to create a temporary directory")?;

        // Bind both first: each needs to know the other's origin.
        let gateway_listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("Failed to bind the gateway")?;
        let sim_listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("Failed to bind the simulator")?;
        let gateway_origin = format!("http://127.0.0.1:{}", gateway_listener.local_addr()?.port());
        let sim_origin = format!("http://127.0.0.1:{}", sim_listener.local_addr()?.port());

        let mut settings = gateway::config::Settings::demo();
        settings.database.path = data_dir.path().join("gateway.sqlite3");
        settings.storage.path = data_dir.path().join("storage");
        settings.widget.dist_dir = dist_dir;
        settings.allowed_origins = vec![sim_origin.clone()];
        settings.allowed_origins.extend(extra_origins);
        // A slow machine must not see the call move on while the test is still looking at it;
        // these tests are not about the ring timeout.
        settings.routing.ring_timeout_secs = 600;
        settings.optico = Some(gateway::config::OpticoSettings {
            base_url: format!("{sim_origin}/optico"),
            api_key: SecretString::from(DEMO_OPTICO_API_KEY.to_owned()),
            webhook_secret: SecretString::from(DEMO_OPTICO_WEBHOOK_SECRET.to_owned()),
            timeout_secs: 5,
        });
        if let Some(cobrowse) = settings.cobrowse.as_mut() {
            cobrowse.base_url = format!("{sim_origin}/cobrowse");
        }
        if let Some(optimly) = settings.optimly.as_mut() {
            optimly.base_url = format!("{sim_origin}/optimly");
        }
        if let Some(deepcall) = settings.deepcall.as_mut() {
            deepcall.base_url = format!("{sim_origin}/deepcall");
        }
        // The agent's chat files are offered for download from this gateway.
        if let Some(aimylogic) = settings.aimylogic.as_mut() {
            aimylogic.public_base_url = gateway_origin.clone();
        }
        if let Some(crm) = settings.crm.as_mut() {
            crm.replace_origin("http://127.0.0.1:8701", &sim_origin);
        }
        let telephony_secret = settings
            .webhooks
            .telephony_secret
            .expose_secret()
            .to_owned();

        let gateway =
            gateway::startup::Application::build_with_listener(settings, gateway_listener)
                .await
                .context("Failed to build the gateway")?;
        let gateway_task = tokio::spawn(async move {
            if let Err(error) = gateway.run_until_stopped().await {
                eprintln!("gateway stopped with an error: {error}");
            }
        });

        let mut sim_config = SimConfig::new(Url::parse(&gateway_origin)?);
        sim_config.telephony_secret = telephony_secret;
        sim_config.optico_api_key = DEMO_OPTICO_API_KEY.to_owned();
        sim_config.optico_webhook_secret = DEMO_OPTICO_WEBHOOK_SECRET.to_owned();
        // The bot registers its webhook here when the page starts a chat.
        sim_config.public_url = Some(Url::parse(&sim_origin)?);
        let sim_task = tokio::spawn(async move {
            if let Err(error) = upstream_sim::serve(sim_listener, sim_config).await {
                eprintln!("simulator stopped with an error: {error}");
            }
        });

        let stack = Self {
            gateway_origin,
            sim_origin,
            http: reqwest::Client::new(),
            tasks: vec![gateway_task, sim_task],
            _data_dir: data_dir,
        };
        stack.wait_until_healthy().await?;
        Ok(stack)
    }

    /// The demo host page.
    pub fn demo_page_url(&self) -> String {
        format!("{}/", self.sim_origin)
    }

    /// The calls the simulated telephony started, oldest first.
    pub async fn sim_calls(&self) -> anyhow::Result<Vec<SimCall>> {
        let calls = self
            .http
            .get(format!("{}/telephony/calls", self.sim_origin))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(calls)
    }

    /// The gateway's id of the newest call the simulator rang.
    pub async fn latest_gateway_call_id(&self) -> anyhow::Result<u64> {
        self.sim_calls()
            .await?
            .last()
            .and_then(|call| call.gateway_call_id)
            .context("the simulator has no call with a gateway call id")
    }

    /// The requests the simulated Optico API received (from the gateway), oldest first.
    pub async fn optico_requests(&self) -> anyhow::Result<Vec<OpticoRequest>> {
        let requests = self
            .http
            .get(format!("{}/optico/requests", self.sim_origin))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(requests)
    }

    /// The agent events the simulated Aimylogic bot received on its webhook (`TextMessage`,
    /// `FileMessage`, `Closed`, `SelectDestination`), oldest first, as JSON.
    pub async fn aimylogic_events(&self) -> anyhow::Result<Vec<serde_json::Value>> {
        let events = self
            .http
            .get(format!("{}/aimylogic/events", self.sim_origin))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(events)
    }

    /// Logs an agent in through the gateway's API (as another agent's own adapter would);
    /// returns the bearer token.
    pub async fn log_in_agent(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let response: protocol::api::LoginResponse = self
            .http
            .post(format!("{}/api/v1/auth/login", self.gateway_origin))
            .json(&protocol::api::LoginRequest {
                email: email.to_owned(),
                password: password.to_owned(),
            })
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(response.token)
    }

    /// What the gateway's `GET /api/v1/me` tells the agent with `token`.
    pub async fn agent_snapshot(
        &self,
        token: &str,
    ) -> anyhow::Result<protocol::api::AgentSnapshot> {
        let snapshot = self
            .http
            .get(format!("{}/api/v1/me", self.gateway_origin))
            .bearer_auth(token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(snapshot)
    }

    async fn wait_until_healthy(&self) -> anyhow::Result<()> {
        for url in [
            format!("{}/healthz", self.gateway_origin),
            format!("{}/healthz", self.sim_origin),
        ] {
            crate::eventually(&format!("{url} to answer"), || {
                let request = self.http.get(&url).send();
                async move { Ok(request.await?.status().is_success().then_some(())) }
            })
            .await?;
        }
        Ok(())
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// `<workspace>/dist`, where trunk puts the built widget; an error saying how to build it when
/// it is missing.
pub fn widget_dist_dir() -> anyhow::Result<PathBuf> {
    let dist = workspace_root().join("dist");
    let index = dist.join("index.html");
    anyhow::ensure!(
        index.is_file(),
        "The widget is not built: {} is missing. Build it first with `trunk build` at the \
         workspace root (the test script does this before running the end-to-end tests).",
        index.display()
    );
    Ok(dist)
}
