//! Building and running the application: the same code serves production, the demo and the
//! tests (which bind port 0).

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::MatchedPath;
use axum::http::{Request, StatusCode};
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::chat_routing;
use crate::config::Settings;
use crate::connectors::deepcall::DeepCallClient;
use crate::connectors::optico::OpticoClient;
use crate::crm::client::CrmClient;
use crate::hub::Hub;
use crate::outbox;
use crate::routes;
use crate::routing;
use crate::state::AppState;
use crate::store::{Store, agents};

/// A gateway bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    mailer: Option<lettre::AsyncSmtpTransport<lettre::Tokio1Executor>>,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// Binds `server.host:server.port` and builds the application.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = TcpListener::bind(&address)
            .await
            .with_context(|| format!("Failed to listen on {address}"))?;
        Self::build_with_listener(settings, listener).await
    }

    /// Builds the application on an already bound listener.
    pub async fn build_with_listener(
        settings: Settings,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        let store = Store::open(&settings.database.path).await?;
        let hub = Hub::default();
        {
            let mut tx = store.begin().await?;
            agents::sync_from_config(&mut tx.tx, &settings)
                .await
                .context("Failed to load agents and queues from the configuration")?;
            tx.commit(&hub).await?;
        }
        let (shutdown, shutdown_receiver) = tokio::sync::watch::channel(false);
        let optico = settings
            .optico
            .as_ref()
            .map(OpticoClient::new)
            .transpose()?;
        let deepcall = settings
            .deepcall
            .as_ref()
            .map(DeepCallClient::new)
            .transpose()?;
        let login_limiter = Arc::new(crate::state::login_limiter(
            settings.auth.login_attempts_per_minute,
        ));
        let crm = settings
            .crm
            .as_ref()
            .map(CrmClient::new)
            .transpose()
            .context("Failed to build the CRM client")?;
        let optimly = settings
            .optimly
            .as_ref()
            .map(crate::connectors::optimly::OptimlyClient::new)
            .transpose()
            .context("Failed to build the Optimly client")?;
        let cobrowse = settings
            .cobrowse
            .as_ref()
            .map(crate::connectors::cobrowse::CobrowseClient::new)
            .transpose()
            .context("Failed to build the co-browse client")?;
        let storage = crate::storage::Storage::open(&settings.storage)?;
        let mailer = settings
            .outcome_email
            .as_ref()
            .map(|email| email.mailer())
            .transpose()
            .context("Failed to set up the SMTP client of [outcome_email]")?;
        let state = AppState::new(crate::state::Shared {
            settings: Arc::new(settings),
            store,
            hub,
            metrics: Default::default(),
            optico,
            deepcall,
            login_limiter,
            crm,
            optimly,
            cobrowse,
            storage: Some(storage),
            shutdown: shutdown_receiver,
        });
        let router = build_router(state.clone());
        Ok(Self {
            listener,
            router,
            state,
            mailer,
            shutdown,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The shared state (for tests that inspect the store).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until Ctrl-C / SIGTERM, then closes the open streams (clients reconnect to
    /// another or the restarted gateway with `since`) and finishes in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // Aborted when serving ends or this future is dropped (a test stopping the server):
        // background work never outlives the server.
        let mut background = vec![
            tokio::spawn(routing::run_sweeper(self.state.clone())),
            tokio::spawn(chat_routing::run_sweeper(self.state.clone())),
            tokio::spawn(outbox::run(self.state.clone())),
        ];
        if let Some(client) = self.state.crm.clone() {
            background.push(tokio::spawn(crate::crm::flows::run(
                self.state.clone(),
                client,
            )));
        }
        if let Some(client) = self.state.optimly.clone() {
            background.push(tokio::spawn(crate::assist::run(self.state.clone(), client)));
        }
        if let Some(mailer) = self.mailer {
            background.push(tokio::spawn(crate::outcome_email::run(
                self.state.clone(),
                mailer,
            )));
        }
        if let Some(storage) = self.state.storage.clone() {
            background.push(tokio::spawn(crate::storage::run(
                self.state.clone(),
                storage,
            )));
        }
        let _background = AbortOnDrop(background);
        let shutdown = self.shutdown;
        // Without TCP_NODELAY, a stream event written right after another small write waits for
        // the client's delayed acknowledgement (up to 40 ms on Linux): Nagle's algorithm.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY on a connection");
            }
        });
        // A `Router` served as it is rebuilds its route table for every connection (about 26 KiB
        // each, measured with 1,000 open streams); made into a service once, each connection
        // shares it.
        axum::serve(listener, self.router.into_make_service())
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                let _ = shutdown.send(true);
            })
            .await
    }
}

/// Aborts its tasks when dropped.
struct AbortOnDrop(Vec<tokio::task::JoinHandle<()>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// The router with its middleware.
pub fn build_router(state: AppState) -> Router {
    routes::router()
        .layer(axum::middleware::map_response(
            routes::plain_rejection_as_json,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                // The matched route, never the raw URI: webhook paths carry secrets.
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map(MatchedPath::as_str)
                    .unwrap_or("unmatched");
                tracing::info_span!("http", method = %request.method(), route)
            }),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
