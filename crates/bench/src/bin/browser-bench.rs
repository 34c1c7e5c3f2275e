//! The widget measured in headless Chromium against a real gateway:
//! `cargo run --release -p bench --bin browser-bench [runs] [events]`.
//!
//! Starts the e2e stack (gateway serving `dist/`, simulators) and a measurement host page on
//! its own loopback origin (`pages/host.html`, allowed by the gateway), launches headless
//! Chromium through chromedriver with `pages/probe.js` installed in every frame, and measures:
//!
//! 1. **Adapter ready** — the host page creates an adapter iframe, takes `performance.now()`
//!    when it sets the frame's `src` and when the frame's `Adapter_Ready` arrives; `runs`
//!    times (default 50) per adapter kind after one cold load, warm cache.
//! 2. **Event latency** — a customer message sent through the Aimylogic Operator API
//!    (`sendText`, the webhook Aimylogic calls) until the host page's `message` listener
//!    gets the chat adapter's `Chat_Inbound_Message`, `events` messages (default 10,000) at
//!    1,000 per second into the chat the agent is looking at. Both ends read the same
//!    machine's wall clock: the load generator writes its send time into the text just
//!    before the request, the page takes `performance.timeOrigin + performance.now()`.
//! 3. **Transcript** — that chat, now holding `events` messages: first paint when the agent
//!    switches to its tab, append (one more message: the stream handler's task, the render
//!    of the next animation frame, and when that frame was painted), and long tasks while
//!    scrolling the transcript back (its window moving as the top is reached).
//!
//! The latency run is also cut where the adapter frame's stream handler starts (sender →
//! handler, handler → host page). With `BENCH_CPU_PROFILE=<file>` it takes a CDP sampling
//! profile of the renderer while it sends, writes it there (DevTools opens it) and prints the
//! functions with the most self time.
//!
//! Bounded: every wait has a deadline; traffic stays on 127.0.0.1. Prints the numbers and one
//! `BUDGET` line per budget (see the crate docs). Nothing here asserts a timing.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use bench::{Summary, budget_line};
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, log_in};
use e2e::{Browser, Stack, eventually};
use fantoccini::wd::WebDriverCompatibleCommand;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::Semaphore;

const HOST_PAGE: &str = include_str!("../../pages/host.html");
const PROBE: &str = include_str!("../../pages/probe.js");
const CHAT_FRAME: &str = "chat-adapter";
/// The demo Aimylogic channel (`{id}.{secret}` of the demo configuration).
const CHANNEL_KEY: &str = upstream_sim::config::DEMO_AIMYLOGIC_CHANNEL_KEY;
/// Event rate of the latency run.
const RATE_PER_SEC: f64 = 1000.0;
/// Requests in flight at most while sending.
const IN_FLIGHT: usize = 256;
/// Appended messages measured, one every 200 ms.
const APPENDS: usize = 50;
/// Frames of scrolling back through the transcript (240 px each).
const SCROLL_FRAMES: usize = 1_500;
/// Tab switches measured for the transcript's first paint.
const SWITCHES: usize = 20;

/// A Chrome DevTools Protocol command to the page, through chromedriver's CDP endpoint.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

async fn cdp(browser: &Browser, cmd: &'static str, params: Value) -> anyhow::Result<Value> {
    Ok(browser.client().issue_cmd(Cdp { cmd, params }).await?)
}

/// With `BENCH_CPU_PROFILE=<file>`, a sampling profile of the renderer's JavaScript and
/// WebAssembly (the host page and the adapter frame share it) while the latency run sends.
struct CpuProfile {
    path: std::path::PathBuf,
}

impl CpuProfile {
    async fn start(browser: &Browser) -> anyhow::Result<Option<Self>> {
        let Some(path) = std::env::var_os("BENCH_CPU_PROFILE") else {
            return Ok(None);
        };
        cdp(browser, "Profiler.enable", json!({})).await?;
        cdp(
            browser,
            "Profiler.setSamplingInterval",
            json!({ "interval": 500 }),
        )
        .await?;
        cdp(browser, "Profiler.start", json!({})).await?;
        Ok(Some(Self { path: path.into() }))
    }

    /// Stops, writes the profile (a `.cpuprofile` DevTools opens) and prints where the time
    /// went, by function, most first.
    async fn finish(self, browser: &Browser) -> anyhow::Result<()> {
        let stopped = cdp(browser, "Profiler.stop", json!({})).await?;
        let profile = &stopped["profile"];
        std::fs::write(&self.path, profile.to_string()).with_context(|| {
            format!("Failed to write the CPU profile to {}", self.path.display())
        })?;
        let names: HashMap<u64, String> = profile["nodes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|node| {
                let frame = &node["callFrame"];
                let name = frame["functionName"].as_str().filter(|n| !n.is_empty());
                let url = frame["url"].as_str().unwrap_or("");
                let file = url.rsplit('/').next().unwrap_or("");
                let label = match (name, file) {
                    (Some(name), "") => name.to_owned(),
                    (Some(name), file) => format!("{name} ({file})"),
                    (None, file) => format!("(anonymous) ({file})"),
                };
                Some((node["id"].as_u64()?, label))
            })
            .collect();
        let mut by_name: HashMap<&str, f64> = Default::default();
        let samples = profile["samples"].as_array().into_iter().flatten();
        let deltas = profile["timeDeltas"].as_array().into_iter().flatten();
        let mut total = 0.0;
        for (sample, delta) in samples.zip(deltas) {
            let (Some(id), Some(us)) = (sample.as_u64(), delta.as_f64()) else {
                continue;
            };
            let name = names.get(&id).map_or("(unknown)", String::as_str);
            *by_name.entry(name).or_default() += us / 1000.0;
            total += us / 1000.0;
        }
        let mut ranked: Vec<(&str, f64)> = by_name.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        println!(
            "  CPU profile of the renderer ({} in all, written to {}), self time:",
            ms(total),
            self.path.display()
        );
        for (name, spent) in ranked.iter().take(20) {
            println!(
                "    {:>10}  {:>5.1} %  {name}",
                ms(*spent),
                spent / total * 100.0
            );
        }
        Ok(())
    }
}

/// Milliseconds since the Unix epoch, as the page's `performance.timeOrigin` counts them.
fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn ms(value: f64) -> String {
    format!("{value:.1} ms")
}

/// Serves the measurement host page on `listener` until the process ends.
fn serve_host_page(listener: tokio::net::TcpListener) {
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(|| async { axum::response::Html(HOST_PAGE) }),
    );
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("the measurement page stopped: {error}");
        }
    });
}

async fn adapter_ready(browser: &Browser, runs: usize) -> anyhow::Result<()> {
    let client = browser.client();
    let mut medians = Vec::new();
    for kind in ["call", "chat"] {
        let mut warm = Vec::with_capacity(runs);
        let mut cold = None;
        for run in 0..=runs {
            let value = client
                .execute_async(
                    "window.__readyRun(arguments[0]).then(arguments[1]);",
                    vec![json!(kind)],
                )
                .await
                .with_context(|| format!("adapter-ready run {run} of the {kind} adapter"))?;
            let elapsed = value.as_f64().context("a number of milliseconds")?;
            if run == 0 {
                cold = Some(elapsed);
            } else {
                warm.push(elapsed);
            }
        }
        let summary = Summary::of(&warm);
        println!(
            "adapter ready ({kind}): first (cold) load {}; warm: {summary}",
            ms(cold.unwrap_or_default())
        );
        medians.push((kind, summary));
    }
    for (kind, summary) in medians {
        budget_line(
            &format!("adapter ready, {kind} adapter (median, warm)"),
            "≤ 100 ms",
            &format!("{} (p95 {})", ms(summary.p50), ms(summary.p95)),
            summary.p50 <= 100.0,
        );
    }
    Ok(())
}

/// The bot hands a customer over (`userId`); Kim accepts it in the chat adapter; returns the
/// chat id the host page got with `New_Chat`.
async fn accepted_chat(browser: &Browser, stack: &Stack, user_id: &str) -> anyhow::Result<u64> {
    let http = reqwest::Client::new();
    let before = host_chats(browser).await?.len();
    http.post(format!("{}/aimylogic/chats", stack.sim_origin))
        .json(&json!({ "userId": user_id, "userName": user_id }))
        .send()
        .await?
        .error_for_status()
        .context("the simulated bot could not hand the chat over")?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-accept").await?;
    browser.wait_for_test_id("chat-session").await?;
    browser.leave_frame().await?;
    eventually("the host page to get New_Chat", || async {
        let chats = host_chats(browser).await?;
        Ok(chats.get(before).copied())
    })
    .await
}

async fn host_chats(browser: &Browser) -> anyhow::Result<Vec<u64>> {
    let value = browser
        .client()
        .execute("return window.__bench.chats;", vec![])
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// Sends `count` client messages `"<label> <n> sent <epoch ms>"` to the chat of `user_id`
/// at `rate` per second; returns the achieved rate and how many were refused.
async fn send_texts(
    stack: &Stack,
    user_id: &str,
    label: &str,
    count: usize,
    rate: f64,
) -> anyhow::Result<Sent> {
    let http = reqwest::Client::new();
    let url = format!("{}/operator/{CHANNEL_KEY}/sendText", stack.gateway_origin);
    let slots = Arc::new(Semaphore::new(IN_FLIGHT));
    let period = Duration::from_secs_f64(1.0 / rate);
    let started = tokio::time::Instant::now();
    let mut requests = tokio::task::JoinSet::new();
    for n in 0..count {
        tokio::time::sleep_until(started + period * u32::try_from(n)?).await;
        let slot = Arc::clone(&slots).acquire_owned().await?;
        let (http, url) = (http.clone(), url.clone());
        let (user_id, label) = (user_id.to_owned(), label.to_owned());
        requests.spawn(async move {
            let asked = Instant::now();
            let text = format!("{label} {n} sent {:.3}", epoch_ms());
            let sent = http
                .post(&url)
                .json(&json!({ "userId": user_id, "text": text }))
                .send()
                .await;
            drop(slot);
            let ok = matches!(sent, Ok(response) if response.status().is_success());
            ok.then(|| asked.elapsed().as_secs_f64() * 1000.0)
        });
    }
    let sending = started.elapsed().as_secs_f64();
    let mut refused = 0;
    let mut answered = Vec::with_capacity(count);
    while let Some(done) = requests.join_next().await {
        match done? {
            Some(ms) => answered.push(ms),
            None => refused += 1,
        }
    }
    Ok(Sent {
        rate: count as f64 / sending.max(1e-9),
        refused,
        answered,
    })
}

/// What a run of `sendText` requests did.
struct Sent {
    /// Requests started per second.
    rate: f64,
    /// Requests that did not get a 2xx.
    refused: usize,
    /// How long each accepted request took to be answered (ms): the gateway's durable
    /// ingestion, queueing included.
    answered: Vec<f64>,
}

#[derive(Debug, Deserialize)]
struct Inbound {
    n: u64,
    sent: f64,
    received: f64,
}

async fn inbound(browser: &Browser, label: &str) -> anyhow::Result<Vec<Inbound>> {
    let value = browser
        .client()
        .execute(
            "return window.__bench.inbound.filter((m) => m.label === arguments[0]);",
            vec![json!(label)],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StreamMessage {
    /// When the frame's stream handler started, on the wall clock (ms since the epoch).
    at: Option<f64>,
    handler: f64,
    task: Option<f64>,
    render: Option<f64>,
    painted: Option<f64>,
    label: Option<String>,
    in_dom: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct LongTask {
    duration: f64,
    #[serde(default)]
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    messages: Vec<StreamMessage>,
    long_tasks: Vec<LongTask>,
}

/// What the probe recorded in the chat adapter's frame; the browser ends in the top page.
async fn frame_probe(browser: &Browser, reset: bool) -> anyhow::Result<Probe> {
    browser.enter_frame_named(CHAT_FRAME).await?;
    let value = browser
        .client()
        .execute(
            "const p = window.__probe;
             if (!p) return null;
             const out = { messages: p.messages, longTasks: p.longTasks };
             if (arguments[0]) p.reset();
             return out;",
            vec![json!(reset)],
        )
        .await?;
    browser.leave_frame().await?;
    anyhow::ensure!(
        !value.is_null(),
        "the probe is not installed in the chat adapter's frame"
    );
    Ok(serde_json::from_value(value)?)
}

fn long_task_text(tasks: &[LongTask]) -> String {
    let longest = tasks.iter().map(|t| t.duration).fold(0.0, f64::max);
    let own = tasks.iter().filter(|t| t.name == "self").count();
    format!(
        "{} long tasks (longest {}; {own} of them the adapter frame's own, the others of \
         the host page sharing its event loop)",
        tasks.len(),
        ms(longest)
    )
}

/// Each message's latency cut where the adapter frame's stream handler started: before it
/// (sender → gateway → stream → EventSource) and after it (adapter → host page).
fn split_at_frame(
    received: &[Inbound],
    rated: &[&StreamMessage],
    label: &str,
) -> (Vec<f64>, Vec<f64>) {
    let at: HashMap<&str, f64> = rated
        .iter()
        .filter_map(|m| Some((m.label.as_deref()?, m.at?)))
        .collect();
    received
        .iter()
        .filter_map(|m| {
            let at = *at.get(format!("{label} {}", m.n).as_str())?;
            Some((at - m.sent, m.received - at))
        })
        .unzip()
}

async fn event_latency(
    browser: &Browser,
    stack: &Stack,
    user_id: &str,
    events: usize,
) -> anyhow::Result<()> {
    frame_probe(browser, true).await?;
    let label = "bench-rate";
    let profile = CpuProfile::start(browser).await?;
    let Sent {
        rate,
        refused,
        answered,
    } = send_texts(stack, user_id, label, events, RATE_PER_SEC).await?;
    let expected = events - refused;
    let wait = eventually("the host page to receive every message", || async {
        let count = browser
            .client()
            .execute(
                "return window.__bench.inbound.filter((m) => m.label === arguments[0]).length;",
                vec![json!(label)],
            )
            .await?
            .as_u64()
            .unwrap_or(0);
        Ok((count as usize >= expected).then_some(()))
    })
    .await;
    if let Some(profile) = profile {
        profile.finish(browser).await?;
    }
    let received = inbound(browser, label).await?;
    let latencies: Vec<f64> = received.iter().map(|m| m.received - m.sent).collect();
    let summary = Summary::of(&latencies);
    println!(
        "event latency (sendText → host page Chat_Inbound_Message): {events} sent at \
         {rate:.0}/s ({refused} refused), {} received{}; {summary}\n  of which the gateway \
         answering sendText (stored, queueing included): {}",
        received.len(),
        if wait.is_err() {
            " (stopped waiting for the rest)"
        } else {
            ""
        },
        Summary::of(&answered)
    );
    let probe = frame_probe(browser, true).await?;
    let rated: Vec<&StreamMessage> = probe
        .messages
        .iter()
        .filter(|m| m.label.as_deref().is_some_and(|l| l.starts_with(label)))
        .collect();
    let handler = Summary::of(&rated.iter().map(|m| m.handler).collect::<Vec<_>>());
    let busy: f64 = rated.iter().map(|m| m.handler).sum();
    println!(
        "  in the chat adapter during the run: stream handler per message {handler} \
         ({} in all); {}",
        ms(busy),
        long_task_text(&probe.long_tasks)
    );
    let (to_frame, to_host) = split_at_frame(&received, &rated, label);
    let long_busy: f64 = probe.long_tasks.iter().map(|t| t.duration).sum();
    println!(
        "  sent → the adapter frame's stream handler (gateway, network, EventSource): \
         {}\n  that handler → the host page's listener (adapter, postMessage): {}; long \
         tasks {} in all",
        Summary::of(&to_frame),
        Summary::of(&to_host),
        ms(long_busy)
    );
    budget_line(
        "event latency p50 at 1,000 events/s",
        "≤ 5 ms",
        &ms(summary.p50),
        summary.p50 <= 5.0 && received.len() == expected,
    );
    budget_line(
        "event latency p99 at 1,000 events/s",
        "≤ 16.7 ms",
        &ms(summary.p99),
        summary.p99 <= 16.7 && received.len() == expected,
    );
    Ok(())
}

/// Time from a click on the long chat's tab (from the other chat's) to the frame painted
/// after its transcript shows the load generator's lines, `SWITCHES` times.
const FIRST_PAINT_SCRIPT: &str = r#"
const [longId, shortId, runs, done] = arguments;
const tab = (id) => document.querySelector(`[data-testid="chat-tab"][data-chat-id="${id}"]`);
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const shows = () => {
  const list = document.querySelector('[data-testid="chat-transcript"] ol');
  // The short chat has no load-generator lines; the long one ends with them.
  return !!(list && list.lastElementChild && list.lastElementChild.textContent.includes("bench-"));
};
(async () => {
  const times = [];
  let lines = 0;
  for (let i = 0; i < runs; i++) {
    tab(shortId).click();
    await painted();
    await painted();
    const start = performance.now();
    tab(longId).click();
    let frames = 0;
    do { await painted(); frames++; } while (!shows() && frames < 600);
    times.push(shows() ? performance.now() - start : null);
    lines = document.querySelectorAll('[data-testid="chat-transcript"] ol > *').length;
  }
  done({ times, lines });
})().catch((e) => done({ error: String(e) }));
"#;

/// Scrolls the transcript from the bottom towards its first line, 240 px per frame, for at
/// most `maxFrames` frames (the transcript brings earlier lines in as the top of its window is
/// reached); returns the long tasks seen.
const SCROLL_SCRIPT: &str = r#"
const [maxFrames, done] = arguments;
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const list = document.querySelector('[data-testid="chat-transcript"]');
const lineIds = () => [...list.querySelectorAll('[data-testid="chat-line"]')]
  .map((l) => Number(l.dataset.messageId));
(async () => {
  list.scrollTop = list.scrollHeight;
  await painted();
  window.__probe.longTasks = [];
  const started = performance.now();
  const firstAtStart = lineIds()[0];
  let frames = 0, steps = 0, mostLines = 0, first = firstAtStart;
  while (frames < maxFrames) {
    const atTop = list.scrollTop < 1;
    if (atTop && !list.querySelector('[data-testid="chat-show-earlier"]')) break;
    list.scrollTop = Math.max(0, list.scrollTop - 240);
    await painted();
    frames++;
    const ids = lineIds();
    mostLines = Math.max(mostLines, ids.length);
    if (ids[0] !== first) { steps++; first = ids[0]; }
  }
  done({ frames, steps, mostLines, firstAtStart, firstAtEnd: first,
         ms: performance.now() - started, longTasks: window.__probe.longTasks });
})().catch((e) => done({ error: String(e) }));
"#;

#[derive(Debug, Deserialize)]
struct FirstPaint {
    times: Vec<Option<f64>>,
    lines: usize,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Scrolled {
    frames: usize,
    steps: usize,
    most_lines: usize,
    first_at_start: u64,
    first_at_end: u64,
    ms: f64,
    #[serde(rename = "longTasks")]
    long_tasks: Vec<LongTask>,
}

fn script_result<T: serde::de::DeserializeOwned>(value: Value) -> anyhow::Result<T> {
    if let Some(error) = value.get("error") {
        anyhow::bail!("the page script failed: {error}");
    }
    Ok(serde_json::from_value(value)?)
}

async fn transcript(
    browser: &Browser,
    stack: &Stack,
    (long_id, short_id): (u64, u64),
    user_id: &str,
    events: usize,
) -> anyhow::Result<()> {
    // First paint of the long chat.
    browser.enter_frame_named(CHAT_FRAME).await?;
    let value = browser
        .client()
        .execute_async(
            FIRST_PAINT_SCRIPT,
            vec![json!(long_id), json!(short_id), json!(SWITCHES)],
        )
        .await?;
    browser.leave_frame().await?;
    let first: FirstPaint = script_result(value)?;
    let switched: Vec<f64> = first.times.iter().flatten().copied().collect();
    let first_paint = Summary::of(&switched);
    println!(
        "transcript of {events} messages, tab switch → painted with its lines \
         ({} lines in the DOM; {} of {SWITCHES} switches showed it): {first_paint}",
        first.lines,
        switched.len()
    );

    // Append: one message at a time into the chat on screen.
    frame_probe(browser, true).await?;
    let label = "bench-append";
    let mut refused = 0;
    for _ in 0..APPENDS {
        refused += send_texts(stack, user_id, label, 1, RATE_PER_SEC)
            .await?
            .refused;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let probe = frame_probe(browser, true).await?;
    let appended: Vec<&StreamMessage> = probe
        .messages
        .iter()
        .filter(|m| m.label.as_deref().is_some_and(|l| l.starts_with(label)))
        .collect();
    let task = Summary::of(&appended.iter().filter_map(|m| m.task).collect::<Vec<_>>());
    let handler = Summary::of(&appended.iter().map(|m| m.handler).collect::<Vec<_>>());
    let painted = Summary::of(
        &appended
            .iter()
            .filter_map(|m| m.painted)
            .collect::<Vec<_>>(),
    );
    let render = Summary::of(&appended.iter().filter_map(|m| m.render).collect::<Vec<_>>());
    // The widget's work for one line: its stream task, and the frame render it asked for.
    let work = Summary::of(
        &appended
            .iter()
            .filter_map(|m| Some(m.task? + m.render?))
            .collect::<Vec<_>>(),
    );
    let in_dom = appended.iter().filter(|m| m.in_dom == Some(true)).count();
    println!(
        "append to that transcript ({APPENDS} messages, {refused} refused, {} seen, {in_dom} \
         in the DOM by the next frame): stream handler {handler}; handler + microtasks {task}; \
         the next frame's render {render}; work in all (task + render) {work}; until the next \
         frame was painted {painted}",
        appended.len()
    );

    // Scrolling back through the transcript.
    browser.enter_frame_named(CHAT_FRAME).await?;
    let value = browser
        .client()
        .execute_async(SCROLL_SCRIPT, vec![json!(SCROLL_FRAMES)])
        .await?;
    browser.leave_frame().await?;
    let scrolled: Scrolled = script_result(value)?;
    println!(
        "scrolling that transcript back: {} frames in {}, the window moved {} times (first line \
         shown: message {} → {}), at most {} lines in the DOM; {}",
        scrolled.frames,
        ms(scrolled.ms),
        scrolled.steps,
        scrolled.first_at_start,
        scrolled.first_at_end,
        scrolled.most_lines,
        long_task_text(&scrolled.long_tasks)
    );

    budget_line(
        &format!("transcript of {events} messages, first paint (median tab switch)"),
        "≤ 50 ms",
        &format!("{} (p95 {})", ms(first_paint.p50), ms(first_paint.p95)),
        first_paint.p50 <= 50.0 && switched.len() == SWITCHES,
    );
    budget_line(
        "transcript append (median work: stream task + frame render)",
        "≤ 4 ms",
        &format!(
            "{} (p95 {}; painted after {})",
            ms(work.p50),
            ms(work.p95),
            ms(painted.p50)
        ),
        work.p50 <= 4.0 && work.n == appended.len() && work.n > 0,
    );
    let longest = scrolled
        .long_tasks
        .iter()
        .map(|t| t.duration)
        .fold(0.0, f64::max);
    budget_line(
        "transcript scrolling: long tasks (> 50 ms)",
        "none",
        &format!("{} (longest {})", scrolled.long_tasks.len(), ms(longest)),
        scrolled.long_tasks.is_empty(),
    );
    Ok(())
}

async fn chat_measurements(
    browser: &Browser,
    stack: &Stack,
    page_url: &str,
    events: usize,
) -> anyhow::Result<()> {
    browser.goto(page_url).await?;
    browser
        .client()
        .execute(
            "window.__embed(arguments[0], 'chat', 450, 590);",
            vec![json!(CHAT_FRAME)],
        )
        .await?;
    log_in(browser, CHAT_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    let long_user = "bench-long";
    let long_id = accepted_chat(browser, stack, long_user).await?;
    let short_id = accepted_chat(browser, stack, "bench-short").await?;
    // The agent looks at the chat the customer writes in.
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .wait_for_css(&format!(
            "[data-testid=\"chat-tab\"][data-chat-id=\"{long_id}\"]"
        ))
        .await?
        .click()
        .await?;
    browser.leave_frame().await?;
    event_latency(browser, stack, long_user, events).await?;
    transcript(browser, stack, (long_id, short_id), long_user, events).await
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let runs: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50)
        .clamp(1, 500);
    let events: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
        .clamp(100, 50_000);
    let started = Instant::now();

    let page_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let page_origin = format!("http://127.0.0.1:{}", page_listener.local_addr()?.port());
    let stack = Stack::start_allowing(vec![page_origin.clone()]).await?;
    serve_host_page(page_listener);
    let page_url = format!("{page_origin}/?gateway={}", stack.gateway_origin);

    let browser = Browser::launch(1000, 800).await?;
    browser
        .client()
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            Some(Duration::from_secs(60)),
            Some(Duration::ZERO),
        ))
        .await?;
    cdp(
        &browser,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    )
    .await
    .context("Failed to install the probe script")?;
    browser.goto(&page_url).await?;
    adapter_ready(&browser, runs).await?;
    let measured = chat_measurements(&browser, &stack, &page_url, events).await;
    browser.close().await?;
    measured?;
    println!(
        "browser measurements done in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
