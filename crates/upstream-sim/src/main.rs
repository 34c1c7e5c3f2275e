//! `upstream-sim`: the simulated upstreams and the demo CRM host page, as a server.
//!
//! ```text
//! upstream-sim [--listen 127.0.0.1:8701] [--gateway-url http://127.0.0.1:8700]
//!              [--adapter-base-url URL] [--telephony-secret SECRET]
//!              [--optico-api-key KEY] [--optico-webhook-secret SECRET]
//!              [--aimylogic-channel-key ID.SECRET] [--public-url URL]
//! ```
//! Every flag can also be set through the environment variable shown by `--help`.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Parser;
use reqwest::Url;
use tracing_subscriber::EnvFilter;
use upstream_sim::SimConfig;
use upstream_sim::config::{
    DEMO_AIMYLOGIC_CHANNEL_KEY, DEMO_OPTICO_API_KEY, DEMO_OPTICO_WEBHOOK_SECRET,
    DEMO_TELEPHONY_SECRET,
};

/// Simulated upstreams (telephony, Optico) and the demo CRM host page for agent-adapter.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "UPSTREAM_SIM_LISTEN", default_value = "127.0.0.1:8701")]
    listen: SocketAddr,
    /// Base URL of the gateway the webhooks are posted to.
    #[arg(
        long,
        env = "UPSTREAM_SIM_GATEWAY_URL",
        default_value = "http://127.0.0.1:8700"
    )]
    gateway_url: Url,
    /// Base URL the demo page embeds the adapters from (default: the gateway URL).
    #[arg(long, env = "UPSTREAM_SIM_ADAPTER_BASE_URL")]
    adapter_base_url: Option<Url>,
    /// Secret of the gateway's telephony webhook path.
    #[arg(
        long,
        env = "UPSTREAM_SIM_TELEPHONY_SECRET",
        default_value = DEMO_TELEPHONY_SECRET,
        hide_env_values = true,
        hide_default_value = true
    )]
    telephony_secret: String,
    /// API key the simulated Optico Call Center API accepts.
    #[arg(
        long,
        env = "UPSTREAM_SIM_OPTICO_API_KEY",
        default_value = DEMO_OPTICO_API_KEY,
        hide_env_values = true,
        hide_default_value = true
    )]
    optico_api_key: String,
    /// Secret of the gateway's Optico webhook path.
    #[arg(
        long,
        env = "UPSTREAM_SIM_OPTICO_WEBHOOK_SECRET",
        default_value = DEMO_OPTICO_WEBHOOK_SECRET,
        hide_env_values = true,
        hide_default_value = true
    )]
    optico_webhook_secret: String,
    /// `{id}.{secret}` of the gateway's Aimylogic Operator API channel.
    #[arg(
        long,
        env = "UPSTREAM_SIM_AIMYLOGIC_CHANNEL_KEY",
        default_value = DEMO_AIMYLOGIC_CHANNEL_KEY,
        hide_env_values = true,
        hide_default_value = true
    )]
    aimylogic_channel_key: String,
    /// This simulator's URL as the gateway reaches it (default: http://<listen address>).
    #[arg(long, env = "UPSTREAM_SIM_PUBLIC_URL")]
    public_url: Option<Url>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let args = Args::parse();
    let mut config = SimConfig::new(args.gateway_url);
    if let Some(adapter_base_url) = args.adapter_base_url {
        config.adapter_base_url = adapter_base_url;
    }
    config.telephony_secret = args.telephony_secret;
    config.optico_api_key = args.optico_api_key;
    config.optico_webhook_secret = args.optico_webhook_secret;
    config.aimylogic_channel_key = args.aimylogic_channel_key;

    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("Failed to listen on {}", args.listen))?;
    let address = listener
        .local_addr()
        .context("Failed to read the listening address")?;
    config.public_url = match args.public_url {
        Some(url) => Some(url),
        None => Some(
            Url::parse(&format!("http://{address}"))
                .context("Failed to build the simulator's own URL")?,
        ),
    };
    tracing::info!(?config, %address, "upstream-sim listening");
    println!("Demo CRM page: http://{address}/");
    println!("  adapters from {}", config.adapter_base_url);
    println!("  telephony and Optico webhooks to {}", config.gateway_url);
    println!("Optico API: http://{address}/optico");
    println!("Aimylogic bot platform: http://{address}/aimylogic");

    axum::serve(listener, upstream_sim::router(config))
        .with_graceful_shutdown(async {
            if let Err(error) = tokio::signal::ctrl_c().await {
                tracing::error!(%error, "Failed to listen for Ctrl-C");
            }
        })
        .await
        .context("Failed to serve")
}
