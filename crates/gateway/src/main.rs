//! `gateway [--config FILE]` runs the gateway; `gateway hash-password` reads a password on
//! standard input and prints its Argon2 hash for the `password_hash` of an agent.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::Context;
use gateway::config::Settings;
use gateway::startup::Application;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut config_file: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "hash-password" => return hash_password(),
            "--config" => {
                config_file = Some(args.next().context("--config needs a file path")?.into())
            }
            "--help" | "-h" => {
                println!("usage: gateway [--config FILE] | gateway hash-password < password");
                return Ok(());
            }
            other => anyhow::bail!("unknown argument `{other}` (try --help)"),
        }
    }
    let settings = Settings::load(config_file.as_deref())?;
    gateway::telemetry::init(settings.server.json_logs);
    let app = Application::build(settings).await?;
    tracing::info!(port = app.port(), "gateway listening");
    app.run_until_stopped()
        .await
        .context("The server stopped with an error")
}

fn hash_password() -> anyhow::Result<()> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("Failed to read the password")?;
    let password = line.trim_end_matches(['\r', '\n']);
    anyhow::ensure!(!password.is_empty(), "the password is empty");
    println!("{}", gateway::auth::hash_password(password)?);
    Ok(())
}
