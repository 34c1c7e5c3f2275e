//! Customer messages through the Operator API while the agent's stream is cut at random points
//! and the gateway is killed with SIGKILL and started again.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use protocol::chat::MessageDirection;
use protocol::stream::StreamEvent;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::env_or;
use crate::process::{Agent, Bot, GatewayProcess, Options, Policy};

/// What the agent's side saw.
#[derive(Default)]
struct AgentSide {
    /// Per chat, the customer messages in the order they arrived: (message id, text).
    messages: HashMap<u64, Vec<(u64, String)>>,
    /// Newest event id applied.
    last_id: u64,
    /// Connections opened.
    connections: u64,
    /// Connections the reader cut on purpose.
    cuts: u64,
    /// Connections that ended without the reader cutting them (the gateway was killed).
    lost: u64,
    /// Events received whose id was not above the newest one applied: what a reader without
    /// the widget's `id <= last id` check would have applied twice.
    replayed: u64,
}

/// How many of the `events` messages chat number `c` of `chats` gets.
fn share(events: u64, chats: usize, c: usize) -> u64 {
    events / chats as u64 + u64::from((c as u64) < events % chats as u64)
}

fn message_text(chat: usize, n: u64) -> String {
    format!("chat {chat} message {n:06}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_customer_message_reaches_the_agent_once_and_in_order_through_stream_cuts_and_kills()
{
    // Arrange
    let events = env_or("FAULTS_EVENTS", 10_000);
    let chats = env_or("FAULTS_CHATS", 8) as usize;
    let restarts = env_or("FAULTS_RESTARTS", 2);
    let seed = env_or("FAULTS_SEED", rand::random::<u32>().into());
    eprintln!("inbound faults: {events} events, {chats} chats, {restarts} restarts, seed {seed}");
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut gateway = GatewayProcess::start(&Options {
        chat_capacity: chats as u32,
        outbox: Policy {
            min_delay_ms: 1_000,
            max_delay_ms: 10_000,
            timeout_secs: 5,
        },
        crm: None,
    })
    .await;
    let bot = Bot::new(&gateway);
    let agent = Agent::login(&gateway).await;
    let mut chat_ids = Vec::new();
    for c in 0..chats {
        let chat_id = bot
            .hand_off(&format!("user-{c}"), &format!("user-{c}@example.com"))
            .await;
        agent.accept(chat_id).await;
        chat_ids.push(chat_id);
    }
    let since = agent.snapshot().await.last_event_id;

    // Act: the bot sends every chat's messages in order, repeating what was not acknowledged;
    // the agent reads the stream, cutting it now and then; the gateway is killed `restarts`
    // times. The seed fixes the cut and kill points (not how the tasks interleave).
    let sent = Arc::new(AtomicU64::new(0));
    let retried = Arc::new(AtomicU64::new(0));
    let recognised = Arc::new(AtomicU64::new(0));
    let mut senders = tokio::task::JoinSet::new();
    for c in 0..chats {
        let share = share(events, chats, c);
        let (bot, sent, retried, recognised) = (
            bot.clone(),
            sent.clone(),
            retried.clone(),
            recognised.clone(),
        );
        senders.spawn(async move {
            for n in 0..share {
                let body = json!({ "userId": format!("user-{c}"), "text": message_text(c, n) });
                let (receipt, failures) = bot.post_until_acknowledged("sendText", &body).await;
                if failures > 0 {
                    retried.fetch_add(1, Ordering::Relaxed);
                }
                if receipt["duplicate"] == true {
                    recognised.fetch_add(1, Ordering::Relaxed);
                }
                sent.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    let done = Arc::new(AtomicBool::new(false));
    let cut_seed: u64 = rng.r#gen();
    let side = Arc::new(std::sync::Mutex::new(AgentSide {
        last_id: since,
        ..AgentSide::default()
    }));
    let reader = {
        let (agent, done, side) = (agent.clone(), done.clone(), side.clone());
        tokio::spawn(read_stream(agent, since, cut_seed, done, side))
    };
    let kill_points: Vec<u64> = (1..=restarts)
        .map(|k| events * k / (restarts + 1) + rng.gen_range(0..=events / 20))
        .collect();
    for point in &kill_points {
        while sent.load(Ordering::Relaxed) < *point {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        gateway.kill().await;
        tokio::time::sleep(Duration::from_millis(rng.gen_range(50..400))).await;
        gateway.restart().await;
    }
    while senders.join_next().await.is_some() {}
    eprintln!(
        "inbound faults: everything sent after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let final_id = agent.snapshot().await.last_event_id;
    done.store(true, Ordering::Relaxed);
    let caught_up = tokio::time::timeout(Duration::from_secs(60), reader).await;
    if let Ok(Err(error)) = &caught_up {
        panic!("the agent's reader failed: {error} (seed {seed})");
    }
    let seen = std::mem::take(&mut *side.lock().unwrap_or_else(|e| e.into_inner()));
    assert!(
        caught_up.is_ok(),
        "the agent's reader did not catch up within a minute: at event {} of {final_id}, {} \
         connections, {} cuts, {} lost (seed {seed})",
        seen.last_id,
        seen.connections,
        seen.cuts,
        seen.lost
    );

    // Assert
    let total: usize = seen.messages.values().map(Vec::len).sum();
    eprintln!(
        "inbound faults: sent {} messages ({} repeated by the bot after a failure, {} of those \
         recognised as already stored); gateway started {} times; stream: {} connections, {} \
         cut on purpose, {} lost to kills, {} events replayed at or below the last id; agent \
         received {total} customer messages; {:.1} s",
        sent.load(Ordering::Relaxed),
        retried.load(Ordering::Relaxed),
        recognised.load(Ordering::Relaxed),
        gateway.starts,
        seen.connections,
        seen.cuts,
        seen.lost,
        seen.replayed,
        started.elapsed().as_secs_f64(),
    );
    assert!(
        seen.last_id >= final_id,
        "the reader stopped at event {} of {final_id} (seed {seed})",
        seen.last_id
    );
    assert_eq!(gateway.starts as u64, restarts + 1);
    let mut problems = Vec::new();
    for (c, chat_id) in chat_ids.iter().enumerate() {
        let expected: Vec<String> = (0..share(events, chats, c))
            .map(|n| message_text(c, n))
            .collect();
        let received = seen.messages.get(chat_id).cloned().unwrap_or_default();
        let texts: Vec<String> = received.iter().map(|(_, t)| t.clone()).collect();
        if texts != expected {
            problems.push(describe(*chat_id, &expected, &texts));
        }
        let ids: Vec<u64> = received.iter().map(|(id, _)| *id).collect();
        if !ids.windows(2).all(|w| w[0] < w[1]) {
            problems.push(format!("chat {chat_id}: message ids not increasing"));
        }
        let stored: Vec<u64> = agent
            .chat(*chat_id)
            .await
            .messages
            .iter()
            .filter(|m| m.direction == MessageDirection::Inbound)
            .map(|m| m.id)
            .collect();
        if stored != ids {
            problems.push(format!(
                "chat {chat_id}: the transcript holds {} customer messages, the stream gave {}",
                stored.len(),
                ids.len()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "seed {seed}:\n{}\nlog:\n{}",
        problems.join("\n"),
        gateway.log_tail()
    );
    assert_eq!(total as u64, events);
}

/// What differs between the expected and received texts of one chat, briefly.
fn describe(chat_id: u64, expected: &[String], received: &[String]) -> String {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for text in received {
        *count.entry(text).or_default() += 1;
    }
    let twice = count.values().filter(|n| **n > 1).count();
    let missing = expected
        .iter()
        .filter(|t| !count.contains_key(t.as_str()))
        .count();
    let first_difference = expected
        .iter()
        .zip(received)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(received.len()));
    format!(
        "chat {chat_id}: expected {} messages, received {} ({twice} more than once, {missing} \
         missing, first difference at position {first_difference})",
        expected.len(),
        received.len()
    )
}

/// Reads the agent's stream like the widget: applies each event once (id above the newest
/// applied), reconnects after the newest id when the connection ends, and cuts the connection
/// itself after a random number of events. Ends once `done` is set and the stream is idle.
/// What it saw goes to `side`.
async fn read_stream(
    agent: Agent,
    since: u64,
    seed: u64,
    done: Arc<AtomicBool>,
    side: Arc<std::sync::Mutex<AgentSide>>,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut last_id = since;
    loop {
        let widget_way = rng.gen_bool(0.5);
        let Some(mut stream) = agent.open_stream(last_id, widget_way).await else {
            if done.load(Ordering::Relaxed) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(30)).await;
            continue;
        };
        side.lock().unwrap_or_else(|e| e.into_inner()).connections += 1;
        let cut_after: u32 = rng.gen_range(1..1_500);
        let mut read = 0;
        let ended = loop {
            // `next` keeps what it has read when the wait ends, so waiting again is safe.
            let next = match tokio::time::timeout(Duration::from_millis(300), stream.next()).await {
                Ok(next) => next,
                // Everything is sent and nothing more comes: the reader is done.
                Err(_) if done.load(Ordering::Relaxed) => return,
                Err(_) => continue,
            };
            let Some(envelope) = next else { break true };
            let mut seen = side.lock().unwrap_or_else(|e| e.into_inner());
            if envelope.id <= last_id {
                seen.replayed += 1;
                continue;
            }
            last_id = envelope.id;
            seen.last_id = last_id;
            if let StreamEvent::ChatMessage { chat_id, message } = envelope.event
                && message.direction == MessageDirection::Inbound
            {
                seen.messages
                    .entry(chat_id)
                    .or_default()
                    .push((message.id, message.text));
            }
            read += 1;
            if read >= cut_after {
                break false;
            }
        };
        let mut seen = side.lock().unwrap_or_else(|e| e.into_inner());
        if ended {
            seen.lost += 1;
        } else {
            seen.cuts += 1;
        }
    }
}
