//! Load on a real gateway over loopback:
//! `cargo run --release -p bench --bin loadgen [secs] [streams]` (`streams` 0: no
//! concurrency measurement).
//!
//! Starts the gateway in this process (demo configuration, port 0, a throwaway SQLite file), on
//! runtime threads of its own so that its CPU time is counted apart from the load generator's
//! (`/proc/self/task/*/stat`), and measures:
//! - **webhook ingress**: telephony `ringing` webhooks (secret check, JSON, durable insert,
//!   routing) from 32 concurrent clients for `secs` seconds (default 10): requests per second,
//!   latency percentiles, and requests per CPU-second of the gateway's threads (its per-core
//!   rate, which the load generator's own CPU time on the shared cores does not lower);
//! - **offer latency**: a call rung by webhook until the agent's event stream delivers the
//!   offer, 200 times one after another (p50 / p99);
//! - **chat fan-out**: customer messages sent as the Aimylogic bot sends them
//!   (`POST /operator/{channel}/sendText`) by 64 concurrent clients for `secs` seconds into
//!   16 chats accepted by two agents who hold open event streams: messages stored per second,
//!   and the latency from just before the send until the message is on the agent's stream.
//!
//! Then, with the gateway binary (`target/release/gateway`, or `$GATEWAY_BIN`; build it with
//! `cargo build --release -p gateway`) in a process of its own:
//! - **concurrency**: `streams` agents (default 10,000), each with one event stream open; the
//!   gateway's resident memory (`VmRSS` of `/proc/<pid>/status`) before and after the streams
//!   open, and targeted events with every stream open: an agent changes status
//!   (`PUT /api/v1/me/status`) until that agent's stream has the event, 2,000 times, 16 at a
//!   time. Logging 10,000 agents in would be 10,000 Argon2 hashes, so the agents and one
//!   session each are seeded into the gateway's database before it starts (the same code the
//!   gateway uses: `agents::sync_from_config`, `sessions::create`); the streams are opened
//!   with those sessions' bearer tokens. Needs that many file descriptors in both processes:
//!   the gateway is started with `ulimit -n` at its hard limit, and this process checks its
//!   own limit.
//!
//! Bounded in time and count; traffic goes to 127.0.0.1 only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};

const SECRET: &str = "demo-telephony-secret";
const CLIENTS: usize = 32;
const OFFERS: usize = 200;
/// The demo's Aimylogic channel, as `{id}.{secret}`.
const CHANNEL_KEY: &str = "demo-bot.demo-aimylogic-secret";
/// The demo's `support` queue, which both demo agents serve.
const SUPPORT_QUEUE: u64 = 7678;
const FANOUT_CHATS: usize = 16;
const FANOUT_CLIENTS: usize = 64;
const FANOUT_MAX_MESSAGES: u64 = 1_000_000;
const STREAMS: usize = 10_000;
const TARGETED_EVENTS: usize = 2_000;
const TARGETED_CLIENTS: usize = 16;

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

/// Name of the gateway's runtime threads (workers and blocking pool), told apart from the
/// load generator's when CPU time is counted.
const GATEWAY_THREADS: &str = "gateway";
/// What SQLite's connection threads are called (sqlx's `sqlx-sqlite-worker-N`, cut to the 15
/// bytes of a thread name).
const SQLITE_THREADS: &str = "sqlx-sqlite-wor";

/// The gateway under load, on a runtime of its own; it stops when this is dropped.
struct Gateway {
    origin: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts the gateway in this process, on threads of its own (a runtime in a thread), so that
/// the CPU time it uses can be told from the load generator's.
async fn start_gateway() -> anyhow::Result<Gateway> {
    let dir = tempfile::tempdir()?;
    let mut settings = gateway::config::Settings::demo();
    settings.database.path = dir.path().join("bench.sqlite3");
    settings.widget.dist_dir = dir.path().join("dist");
    settings.optico = None;
    settings.deepcall = None;
    settings.optimly = None;
    settings.cobrowse = None;
    settings.crm = None;
    settings.wrap_up.after_call_secs = 0;
    if let Some(aimylogic) = settings.aimylogic.as_mut() {
        // Every chat of the fan-out fits with the two agents.
        aimylogic.chat_capacity = FANOUT_CHATS as u32;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores())
        .thread_name(GATEWAY_THREADS)
        .enable_all()
        .build()?;
    let (port_tx, port_rx) = tokio::sync::oneshot::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    std::thread::Builder::new()
        .name(GATEWAY_THREADS.to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let started = async {
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                    gateway::startup::Application::build_with_listener(settings, listener).await
                };
                match started.await {
                    Ok(app) => {
                        let _ = port_tx.send(Ok(app.port()));
                        tokio::select! {
                            _ = app.run_until_stopped() => {}
                            _ = stopped => {}
                        }
                    }
                    Err(error) => {
                        let _ = port_tx.send(Err(error));
                    }
                }
            });
        })?;
    let port = port_rx.await??;
    Ok(Gateway {
        origin: format!("http://127.0.0.1:{port}"),
        stop: Some(stop),
        _dir: dir,
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// CPU time (user + system) of every thread of this process, by thread id, with its name.
fn thread_cpu() -> HashMap<u32, (String, Duration)> {
    // `/proc/<tid>/stat` counts in USER_HZ ticks, 100 a second on Linux.
    const TICK: Duration = Duration::from_millis(10);
    let mut threads = HashMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return threads;
    };
    for task in tasks.flatten() {
        let Some(tid) = task.file_name().to_str().and_then(|t| t.parse().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ...`: the name may hold spaces, the fields after it do not.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        // utime and stime are the 14th and 15th fields; `state` (the 3rd) is fields[0].
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<u32>().ok())
                .unwrap_or(0)
        };
        threads.insert(
            tid,
            (
                stat[open + 1..close].to_owned(),
                TICK * (ticks(11) + ticks(12)),
            ),
        );
    }
    threads
}

/// The CPU time this process used since `before` (a [`thread_cpu`] reading): the gateway's
/// threads (its runtime and SQLite's) and the rest, the load generator's. Threads that ended
/// in between are not counted.
fn cpu_since(before: &HashMap<u32, (String, Duration)>) -> (Duration, Duration) {
    let (mut gateway, mut load) = (Duration::ZERO, Duration::ZERO);
    for (tid, (name, now)) in thread_cpu() {
        let used = now.saturating_sub(before.get(&tid).map_or(Duration::ZERO, |(_, d)| *d));
        if name.starts_with(GATEWAY_THREADS) || name.starts_with(SQLITE_THREADS) {
            gateway += used;
        } else {
            load += used;
        }
    }
    (gateway, load)
}

fn ringing(external_id: &str, queue: &str) -> serde_json::Value {
    json!({"event": "ringing", "callerPhone": "0033612345678",
           "destinationPhone": "0033123456789", "startDate": "2026-12-01 12:00:00",
           "queue": queue, "externalId": external_id})
}

/// The `data:` of each server-sent event of an event stream.
struct Events {
    body: std::pin::Pin<
        Box<dyn futures_util::Stream<Item = reqwest::Result<axum::body::Bytes>> + Send>,
    >,
    buffer: String,
}

impl Events {
    fn new(response: reqwest::Response) -> Self {
        Self {
            body: Box::pin(response.bytes_stream()),
            buffer: String::new(),
        }
    }

    /// The next event's data (keep-alive comments skipped); `None` when the stream ends.
    async fn next(&mut self) -> Option<String> {
        loop {
            if let Some(frame) = protocol::stream::next_sse_frame(&mut self.buffer) {
                return Some(frame.data);
            }
            let chunk = self.body.next().await?.ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

async fn login(client: &reqwest::Client, origin: &str, email: &str) -> anyhow::Result<String> {
    let login: protocol::api::LoginResponse = client
        .post(format!("{origin}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": "demo-password"}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(login.token)
}

async fn open_stream(
    client: &reqwest::Client,
    origin: &str,
    token: &str,
) -> anyhow::Result<Events> {
    let response = client
        .get(format!("{origin}/api/v1/stream"))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?;
    Ok(Events::new(response))
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
    let cpu_before = thread_cpu();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for worker in workers {
        let (mut l, f) = worker.await?;
        latencies.append(&mut l);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (gateway_cpu, load_cpu) = cpu_since(&cpu_before);
    latencies.sort();
    let rate = latencies.len() as f64 / elapsed;
    println!(
        "webhook ingress: {} accepted in {elapsed:.1} s = {rate:.0} req/s ({CLIENTS} clients), \
         {failures} failed; latency p50 {} p99 {}",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99))
    );
    let cores = cores();
    println!(
        "webhook ingress: CPU time of the gateway {:.2} s, of the load generator {:.2} s \
         ({cores} cores, {elapsed:.1} s); {:.1} µs of gateway CPU per request",
        gateway_cpu.as_secs_f64(),
        load_cpu.as_secs_f64(),
        gateway_cpu.as_secs_f64() * 1e6 / latencies.len().max(1) as f64,
    );
    // The load generator shares the cores with the gateway: per core is the requests over the
    // CPU time the gateway's own threads used.
    let per_core = latencies.len() as f64 / gateway_cpu.as_secs_f64().max(0.01);
    bench::budget_line(
        "webhook ingress (auth + JSON + durable insert + routing), per core",
        "≥ 20,000 req/s",
        &format!(
            "{per_core:.0} req/s per gateway CPU-second ({rate:.0} req/s on {cores} cores \
             shared with the load generator)"
        ),
        per_core >= 20_000.0,
    );
    Ok(())
}

async fn offer_latency(origin: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let token = login(&client, origin, "kim@example.com").await?;
    let stream = client
        .get(format!("{origin}/api/v1/stream"))
        .bearer_auth(&token)
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

/// What a fan-out agent's stream reader reports.
enum Seen {
    Offered { chat_id: u64, agent: usize },
    Message { latency: Duration },
}

async fn chat_fanout(origin: &str, seconds: u64) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let epoch = Instant::now();
    let (seen, mut seen_rx) = tokio::sync::mpsc::unbounded_channel();
    let mut tokens = Vec::new();
    for (agent, email) in ["kim@example.com", "ariel@example.com"].iter().enumerate() {
        let token = login(&client, origin, email).await?;
        let mut events = open_stream(&client, origin, &token).await?;
        let seen = seen.clone();
        tokio::spawn(async move {
            while let Some(data) = events.next().await {
                let Ok(event) = serde_json::from_str::<Value>(&data) else {
                    continue;
                };
                let report = match event["type"].as_str() {
                    Some("chat_offered") => event["chat"]["id"]
                        .as_u64()
                        .map(|chat_id| Seen::Offered { chat_id, agent }),
                    Some("chat_message") => event["message"]["text"]
                        .as_str()
                        .and_then(|text| text.strip_prefix("fanout "))
                        .and_then(|rest| rest.split(' ').nth(1))
                        .and_then(|nanos| nanos.parse::<u64>().ok())
                        .map(|nanos| Seen::Message {
                            latency: epoch.elapsed().saturating_sub(Duration::from_nanos(nanos)),
                        }),
                    _ => None,
                };
                if let Some(report) = report
                    && seen.send(report).is_err()
                {
                    return;
                }
            }
        });
        client
            .put(format!("{origin}/api/v1/me/status"))
            .bearer_auth(&token)
            .json(&json!({"status": "available"}))
            .send()
            .await?
            .error_for_status()?;
        tokens.push(token);
    }
    drop(seen);

    // The bot hands each customer over; whoever is offered the chat accepts it.
    let operator = format!("{origin}/operator/{CHANNEL_KEY}");
    let mut chats = 0;
    for n in 0..FANOUT_CHATS {
        client
            .post(format!("{operator}/selectDestination"))
            .json(&json!({"userId": format!("fanout-{n}"),
                          "destinationId": SUPPORT_QUEUE.to_string(),
                          "userName": format!("Customer {n}")}))
            .send()
            .await?
            .error_for_status()?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let report = tokio::time::timeout_at(deadline.into(), seen_rx.recv())
                .await
                .map_err(|_| anyhow::anyhow!("chat {n} was never offered"))?
                .ok_or_else(|| anyhow::anyhow!("the agents' streams ended"))?;
            if let Seen::Offered { chat_id, agent } = report {
                client
                    .post(format!("{origin}/api/v1/chats/{chat_id}/accept"))
                    .bearer_auth(&tokens[agent])
                    .send()
                    .await?
                    .error_for_status()?;
                chats += 1;
                break;
            }
        }
    }

    let sent = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let url = format!("{operator}/sendText");
    let mut workers = Vec::new();
    for worker in 0..FANOUT_CLIENTS {
        let (client, url, sent) = (client.clone(), url.clone(), sent.clone());
        workers.push(tokio::spawn(async move {
            let mut failures = 0_u64;
            let mut n = 0_u64;
            while Instant::now() < deadline
                && sent.load(std::sync::atomic::Ordering::Relaxed) < FANOUT_MAX_MESSAGES
            {
                n += 1;
                let nanos = epoch.elapsed().as_nanos();
                let body = json!({"userId": format!("fanout-{}", worker % FANOUT_CHATS),
                                  "text": format!("fanout {worker}-{n} {nanos}")});
                match client.post(&url).json(&body).send().await {
                    Ok(response) if response.status().is_success() => {
                        sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    _ => failures += 1,
                }
            }
            failures
        }));
    }
    let started = Instant::now();
    let cpu_before = thread_cpu();
    let mut failures = 0;
    for worker in workers {
        failures += worker.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (gateway_cpu, load_cpu) = cpu_since(&cpu_before);
    let sent = sent.load(std::sync::atomic::Ordering::Relaxed);
    // Whatever is still on its way gets 5 seconds more.
    let mut latencies = Vec::new();
    let drain = Instant::now() + Duration::from_secs(5);
    while (latencies.len() as u64) < sent {
        match tokio::time::timeout_at(drain.into(), seen_rx.recv()).await {
            Ok(Some(Seen::Message { latency })) => latencies.push(latency),
            Ok(Some(Seen::Offered { .. })) => {}
            Ok(None) | Err(_) => break,
        }
    }
    latencies.sort();
    let rate = sent as f64 / elapsed;
    let p99 = percentile(&latencies, 0.99);
    println!(
        "chat fan-out: {sent} sendText stored in {elapsed:.1} s = {rate:.0} msg/s \
         ({FANOUT_CLIENTS} clients, {chats} chats, 2 agents), {failures} failed; {} received \
         on the agents' streams; send → stream p50 {} p99 {} max {}",
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(p99),
        ms(*latencies.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "chat fan-out: CPU time of the gateway {:.2} s, of the load generator {:.2} s; \
         {:.1} µs of gateway CPU per message",
        gateway_cpu.as_secs_f64(),
        load_cpu.as_secs_f64(),
        gateway_cpu.as_secs_f64() * 1e6 / sent.max(1) as f64,
    );
    bench::budget_line(
        "chat fan-out: sendText stored and on the agent's stream (rate)",
        "≥ 10,000 msg/s",
        &format!("{rate:.0} msg/s ({} of {sent} received)", latencies.len()),
        rate >= 10_000.0,
    );
    bench::budget_line(
        "chat fan-out: sendText → agent's stream, p99",
        "≤ 20 ms",
        &format!("{} (p50 {})", ms(p99), ms(percentile(&latencies, 0.5))),
        p99 <= Duration::from_millis(20) && latencies.len() as u64 == sent,
    );
    Ok(())
}

/// The soft limit on open files of this process (`/proc/self/limits`).
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// `VmRSS` of process `pid`, in KiB.
fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no VmRSS in /proc/{pid}/status"))
}

fn gateway_binary() -> PathBuf {
    std::env::var_os("GATEWAY_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/gateway"),
        PathBuf::from,
    )
}

/// A gateway configuration with `agents` agents in the `support` queue.
fn many_agents_config(port: u16, dir: &Path, agents: usize, hash: &str) -> String {
    let mut toml = gateway::config::loopback_toml(port, dir, "bench-telephony-secret");
    toml.push_str(
        r#"
[[queues]]
id = 1
name = "support"
path = "Support"
"#,
    );
    for id in 1..=agents {
        toml.push_str(&format!(
            "\n[[agents]]\nid = {id}\nemail = \"agent{id}@example.com\"\nfirst_name = \"Agent\"\n\
             last_name = \"{id}\"\nrole = \"agent\"\nqueues = [\"support\"]\n\
             password_hash = \"{hash}\"\n"
        ));
    }
    toml
}

/// Kills the gateway process when the measurement ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn concurrency(streams: usize) -> anyhow::Result<()> {
    let binary = gateway_binary();
    anyhow::ensure!(
        binary.exists(),
        "{} is missing: build it with `cargo build --release -p gateway`",
        binary.display()
    );
    let limit = open_files_limit().unwrap_or(0);
    anyhow::ensure!(
        limit as usize > streams + 1_000,
        "{streams} streams need more open files than this process may have ({limit}): \
         raise it first (`ulimit -n {}`)",
        streams + 4_096
    );
    let dir = tempfile::tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let config = dir.path().join("gateway.toml");
    // Nobody logs in with it; one hash for every agent.
    let hash = gateway::auth::hash_password("bench-password")?;
    std::fs::write(
        &config,
        many_agents_config(port, dir.path(), streams, &hash),
    )?;

    // Agents and one session each, seeded with the gateway's own store code.
    let settings = gateway::config::Settings::load(Some(&config))?;
    let tokens: Vec<String> = (0..streams).map(|_| gateway::auth::new_token()).collect();
    {
        let store = gateway::store::Store::open(&settings.database.path).await?;
        let mut tx = store.begin().await?;
        gateway::store::agents::sync_from_config(&mut tx.tx, &settings).await?;
        let expires = gateway::store::now_ms() + 24 * 3_600_000;
        for (i, token) in tokens.iter().enumerate() {
            let hash = gateway::auth::token_hash(token);
            gateway::store::sessions::create(&mut tx.tx, &hash, i as u64 + 1, expires).await?;
        }
        tx.commit(&gateway::hub::Hub::default()).await?;
    }

    let log = std::fs::File::create(dir.path().join("gateway.log"))?;
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -n "$(ulimit -Hn)" && exec "$0" --config "$1""#)
        .arg(&binary)
        .arg(&config)
        .env("RUST_LOG", "warn")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let child = Child(child);
    let pid = child.0.id();
    let origin = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let up = Instant::now();
    loop {
        match client.get(format!("{origin}/healthz")).send().await {
            Ok(response) if response.status().is_success() => break,
            _ if up.elapsed() < Duration::from_secs(60) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            _ => anyhow::bail!("the gateway did not start (see its log)"),
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib(pid)?;

    // Open every stream, 200 at a time; each reports its agent's status events.
    type Waiting = Arc<Mutex<HashMap<usize, tokio::sync::oneshot::Sender<Instant>>>>;
    let waiting: Waiting = Arc::default();
    let open = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let opening = Arc::new(tokio::sync::Semaphore::new(200));
    let started = Instant::now();
    let mut readers = Vec::new();
    for (agent, token) in tokens.iter().enumerate() {
        let permit = opening.clone().acquire_owned().await?;
        let (client, origin, token) = (client.clone(), origin.clone(), token.clone());
        let (waiting, open) = (waiting.clone(), open.clone());
        readers.push(tokio::spawn(async move {
            let mut events = open_stream(&client, &origin, &token).await?;
            drop(permit);
            open.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            while let Some(data) = events.next().await {
                if data.contains("agent_status_changed") {
                    let at = Instant::now();
                    let sender = waiting
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&agent);
                    if let Some(sender) = sender {
                        let _ = sender.send(at);
                    }
                }
            }
            open.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            anyhow::Ok(())
        }));
    }
    let all_open = Instant::now() + Duration::from_secs(120);
    while open.load(std::sync::atomic::Ordering::Relaxed) < streams {
        anyhow::ensure!(
            Instant::now() < all_open,
            "only {} of {streams} streams opened",
            open.load(std::sync::atomic::Ordering::Relaxed)
        );
        if let Some(failed) = readers.iter().position(|r| r.is_finished()) {
            let reader = readers.swap_remove(failed);
            reader.await??;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let opened_in = started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(pid)?;
    let per_stream = (after.saturating_sub(before)) as f64 / streams as f64;

    // Targeted events: one agent's status change, until that agent's stream has it.
    let mut senders = Vec::new();
    let tokens = Arc::new(tokens);
    for worker in 0..TARGETED_CLIENTS {
        let (client, origin, tokens, waiting) = (
            client.clone(),
            origin.clone(),
            tokens.clone(),
            waiting.clone(),
        );
        senders.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut agent = worker;
            while agent < TARGETED_EVENTS.min(tokens.len()) {
                let (tell, told) = tokio::sync::oneshot::channel();
                waiting
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(agent, tell);
                let sent = Instant::now();
                client
                    .put(format!("{origin}/api/v1/me/status"))
                    .bearer_auth(&tokens[agent])
                    .json(&json!({"status": "available"}))
                    .send()
                    .await?
                    .error_for_status()?;
                let at = tokio::time::timeout(Duration::from_secs(10), told)
                    .await
                    .map_err(|_| anyhow::anyhow!("agent {agent}'s event never arrived"))??;
                latencies.push(at.saturating_duration_since(sent));
                agent += TARGETED_CLIENTS;
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for sender in senders {
        latencies.append(&mut sender.await??);
    }
    latencies.sort();
    let still_open = open.load(std::sync::atomic::Ordering::Relaxed);
    let end = rss_kib(pid)?;
    println!(
        "concurrency: {streams} agent streams opened in {:.1} s (gateway pid {pid}, own \
         process); gateway VmRSS {before} KiB before, {after} KiB with them open = {per_stream:.1} \
         KiB per stream ({end} KiB after the events); {} targeted events (status change → that \
         agent's stream, {TARGETED_CLIENTS} at a time) p50 {} p99 {} max {}; {still_open} streams \
         still open",
        opened_in.as_secs_f64(),
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO))
    );
    bench::budget_line(
        &format!("concurrent agent streams: gateway RSS per stream ({streams} open)"),
        "≤ 32 KiB",
        &format!("{per_stream:.1} KiB ({before} → {after} KiB)"),
        per_stream <= 32.0 && still_open == streams,
    );
    let p99 = percentile(&latencies, 0.99);
    bench::budget_line(
        &format!("targeted event p99 with {streams} streams open"),
        "≤ 50 ms",
        &format!("{} (p50 {})", ms(p99), ms(percentile(&latencies, 0.5))),
        p99 <= Duration::from_millis(50),
    );
    for reader in readers {
        reader.abort();
    }
    drop(child);
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
        .clamp(1, 120);
    let streams: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(STREAMS)
        .min(50_000);
    let calls = start_gateway().await?;
    offer_latency(&calls.origin).await?;
    webhook_ingress(&calls.origin, seconds).await?;
    drop(calls);
    // A gateway of its own: the calls left waiting above would be offered to its agents.
    let chats = start_gateway().await?;
    chat_fanout(&chats.origin, seconds).await?;
    drop(chats);
    if streams > 0 {
        concurrency(streams).await?;
    }
    Ok(())
}
