//! Load on a real gateway over loopback: `cargo run --release -p bench --bin loadgen [secs]`.
//!
//! Starts the gateway in this process (demo configuration, port 0, a throwaway SQLite file) and
//! measures:
//! - **webhook ingress**: telephony `ringing` webhooks (secret check, JSON, durable insert,
//!   routing) from 32 concurrent clients for `secs` seconds (default 10): requests per second
//!   and latency percentiles;
//! - **offer latency**: a call rung by webhook until the agent's event stream delivers the
//!   offer, 200 times one after another (p50 / p99).
//!
//! Bounded in time and count; traffic goes to 127.0.0.1 only.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::json;

const SECRET: &str = "demo-telephony-secret";
const CLIENTS: usize = 32;
const OFFERS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn start_gateway() -> anyhow::Result<(String, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let mut settings = gateway::config::Settings::demo();
    settings.database.path = dir.path().join("bench.sqlite3");
    settings.widget.dist_dir = dir.path().join("dist");
    settings.optico = None;
    settings.deepcall = None;
    settings.optimly = None;
    settings.cobrowse = None;
    settings.wrap_up.after_call_secs = 0;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let app = gateway::startup::Application::build_with_listener(settings, listener).await?;
    let origin = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    Ok((origin, dir))
}

fn ringing(external_id: &str, queue: &str) -> serde_json::Value {
    json!({"event": "ringing", "callerPhone": "0033612345678",
           "destinationPhone": "0033123456789", "startDate": "2026-12-01 12:00:00",
           "queue": queue, "externalId": external_id})
}

async fn webhook_ingress(origin: &str, seconds: u64) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let url = format!("{origin}/webhooks/telephony/{SECRET}");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut workers = Vec::new();
    for worker in 0..CLIENTS {
        let (client, url) = (client.clone(), url.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0_u64;
            let mut n = 0_u64;
            while Instant::now() < deadline {
                n += 1;
                let body = ringing(&format!("bench-{worker}-{n}"), "support");
                let started = Instant::now();
                match client.post(&url).json(&body).send().await {
                    Ok(response) if response.status().is_success() => {
                        latencies.push(started.elapsed());
                    }
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        }));
    }
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        let (mut l, f) = worker.await?;
        latencies.append(&mut l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let rate = latencies.len() as f64 / elapsed;
    println!(
        "webhook ingress: {} accepted in {elapsed:.1} s = {rate:.0} req/s ({CLIENTS} clients), \
         {failures} failed; latency p50 {} p99 {}",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99))
    );
    // The load generator shares the cores with the gateway: per core is the whole rate over
    // the machine's cores.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_core = rate / cores as f64;
    bench::budget_line(
        "webhook ingress (auth + JSON + durable insert + routing), per core",
        "≥ 20,000 req/s",
        &format!("{per_core:.0} req/s ({rate:.0} req/s on {cores} cores)"),
        per_core >= 20_000.0,
    );
    Ok(())
}

async fn offer_latency(origin: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let login: protocol::api::LoginResponse = client
        .post(format!("{origin}/api/v1/auth/login"))
        .json(&json!({"email": "kim@example.com", "password": "demo-password"}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let stream = client
        .get(format!("{origin}/api/v1/stream"))
        .bearer_auth(&login.token)
        .send()
        .await?
        .error_for_status()?;
    let mut body = stream.bytes_stream();
    let mut buffer = String::new();
    let url = format!("{origin}/webhooks/telephony/{SECRET}");
    let mut latencies = Vec::new();
    for n in 0..OFFERS {
        let external_id = format!("offer-{n}");
        let started = Instant::now();
        client
            .post(&url)
            .json(&ringing(&external_id, "sales-fr"))
            .send()
            .await?;
        // Read until this call's offer arrives.
        loop {
            if let Some(end) = buffer.find("\n\n") {
                let frame: String = buffer.drain(..end + 2).collect();
                if frame.contains("call_offered") && frame.contains(&external_id) {
                    latencies.push(started.elapsed());
                    break;
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), body.next())
                .await?
                .ok_or_else(|| anyhow::anyhow!("the stream ended"))??;
            buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
        let mut ended = ringing(&external_id, "sales-fr");
        ended["event"] = json!("ended");
        client.post(&url).json(&ended).send().await?;
    }
    latencies.sort();
    println!(
        "offer latency (webhook → agent stream), {OFFERS} calls: p50 {} p99 {} max {}",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO))
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .clamp(1, 120);
    let (origin, _dir) = start_gateway().await?;
    offer_latency(&origin).await?;
    webhook_ingress(&origin, seconds).await?;
    Ok(())
}
