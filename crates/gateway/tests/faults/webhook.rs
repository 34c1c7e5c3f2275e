//! The agent's replies to a bot webhook that refuses connections (across a SIGKILL of the
//! gateway), answers 503, then hangs past the gateway's timeout, then recovers.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use protocol::aimylogic::WebhookEvent;
use protocol::chat::DeliveryState;

use crate::Seen;
use crate::process::{Agent, Bot, GatewayProcess, Options, Policy, eventually};
use crate::servers::{Arrival, Faults, FaultyServer, Mode, Outcome};

/// A short retry policy: 100 ms doubling to 800 ms, a 1 s timeout.
const POLICY: Policy = Policy {
    min_delay_ms: 100,
    max_delay_ms: 800,
    timeout_secs: 1,
};
const CHATS: usize = 4;

/// The bot's webhook: records each event by its `id` and chat (`userId`).
fn webhook(faults: Faults) -> Router {
    Router::new().route(
        "/hook",
        post(move |body: Bytes| {
            let faults = faults.clone();
            async move { receive(&faults, &body).await }
        }),
    )
}

async fn receive(faults: &Faults, body: &[u8]) -> Response {
    let event: WebhookEvent = serde_json::from_slice(body).expect("a webhook event");
    let user = match &event {
        WebhookEvent::TextMessage(e) => e.user_id.clone(),
        WebhookEvent::FileMessage(e) => e.user_id.clone(),
        WebhookEvent::Closed(e) => e.user_id.clone(),
        WebhookEvent::SelectDestination(e) => e.user_id.clone(),
    };
    match faults.admit(event.id(), &user, true) {
        (Some(status), _) => StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
        (None, hang) => {
            if let Some(wait) = hang {
                tokio::time::sleep(wait).await;
            }
            StatusCode::OK.into_response()
        }
    }
}

/// How many chats have at least `count` arrivals with an outcome matching `which`.
fn chats_with(log: &[Arrival], count: usize, which: fn(Outcome) -> bool) -> usize {
    let mut per_chat: HashMap<&str, usize> = HashMap::new();
    for arrival in log.iter().filter(|a| which(a.outcome)) {
        *per_chat.entry(arrival.group.as_str()).or_default() += 1;
    }
    per_chat.values().filter(|n| **n >= count).count()
}

/// How many undelivered events have had at least `attempts` attempts.
async fn pending_with(gateway: &GatewayProcess, attempts: i64) -> i64 {
    gateway
        .query_i64(&format!(
            "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND attempts >= {attempts}"
        ))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_reach_a_failing_webhook_once_each_and_in_order_on_the_retry_schedule() {
    // Arrange
    let mut hook = FaultyServer::down();
    let mut gateway = GatewayProcess::start(&Options {
        chat_capacity: CHATS as u32,
        outbox: POLICY,
        crm: None,
    })
    .await;
    let bot = Bot::new(&gateway);
    bot.set_webhook(&format!("{}/hook", hook.base())).await;
    let agent = Agent::login(&gateway).await;
    let mut chat_ids = Vec::new();
    for c in 0..CHATS {
        let chat_id = bot
            .hand_off(&format!("user-{c}"), &format!("user-{c}@example.com"))
            .await;
        agent.accept(chat_id).await;
        chat_ids.push(chat_id);
    }
    // Per chat, the ids of the replies in the order they were sent.
    let mut sent: Vec<Vec<u64>> = vec![Vec::new(); CHATS];
    let reply_round = |round: u32| {
        let (agent, chat_ids) = (agent.clone(), chat_ids.clone());
        async move {
            let mut ids = Vec::new();
            for (c, chat_id) in chat_ids.iter().enumerate() {
                let line = agent
                    .reply(*chat_id, &format!("chat {c} reply {round}"))
                    .await;
                ids.push(line.id);
            }
            ids
        }
    };
    // Act: refused connections, with the gateway killed and started again meanwhile.
    for round in 0..2 {
        for (c, id) in reply_round(round).await.into_iter().enumerate() {
            sent[c].push(id);
        }
    }
    eventually("two refused attempts per chat", 20, || async {
        (pending_with(&gateway, 2).await >= CHATS as i64).then_some(())
    })
    .await;
    gateway.kill().await;
    gateway.restart().await;
    eventually("retries going on after the restart", 20, || async {
        (pending_with(&gateway, 3).await >= CHATS as i64).then_some(())
    })
    .await;
    // 503 answers.
    hook.up(webhook(hook.faults.clone()), Mode::Failing(503))
        .await;
    for (c, id) in reply_round(2).await.into_iter().enumerate() {
        sent[c].push(id);
    }
    eventually("two 503 answers per chat", 20, || async {
        let log = hook.faults.log();
        (chats_with(&log, 2, |o| matches!(o, Outcome::Failed(_))) == CHATS).then_some(())
    })
    .await;
    // Answers that come after the gateway's timeout.
    let hang = Duration::from_millis(POLICY.timeout_secs * 1000 + 500);
    hook.faults.set_mode(Mode::Hanging(hang));
    for (c, id) in reply_round(3).await.into_iter().enumerate() {
        sent[c].push(id);
    }
    eventually("a timed-out attempt per chat", 20, || async {
        let log = hook.faults.log();
        (chats_with(&log, 1, |o| o == Outcome::Hung) == CHATS).then_some(())
    })
    .await;
    // Back to normal.
    hook.faults.set_mode(Mode::Serving);
    for (c, id) in reply_round(4).await.into_iter().enumerate() {
        sent[c].push(id);
    }
    eventually("every reply delivered", 60, || async {
        let left = gateway
            .query_i64("SELECT COUNT(*) FROM outbox WHERE state <> 'delivered'")
            .await;
        (left == 0).then_some(())
    })
    .await;

    // Assert
    let log = hook.faults.log();
    let attempts: HashMap<i64, i64> = gateway
        .query_pairs("SELECT message_id, attempts FROM outbox WHERE message_id IS NOT NULL")
        .await
        .into_iter()
        .collect();
    let all_sent: BTreeSet<String> = sent.iter().flatten().map(u64::to_string).collect();
    let distinct: BTreeSet<String> = log.iter().map(|a| a.key.clone()).collect();
    let hung = log.iter().filter(|a| a.outcome == Outcome::Hung).count();
    let failed = log
        .iter()
        .filter(|a| matches!(a.outcome, Outcome::Failed(_)))
        .count();
    let refused: i64 = sent
        .iter()
        .flatten()
        .map(|id| {
            let seen = log.iter().filter(|a| a.key == id.to_string()).count() as i64;
            attempts.get(&(*id as i64)).copied().unwrap_or(0) - seen
        })
        .sum();
    eprintln!(
        "webhook faults: {} replies; the webhook got {} requests ({failed} answered 503, {hung} \
         answered after the timeout, so a bot without dedupe by id would have taken {} events \
         twice), {refused} attempts refused; {} distinct events after dedupe",
        all_sent.len(),
        log.len(),
        hung,
        distinct.len()
    );
    assert_eq!(distinct, all_sent, "every reply arrived, and nothing else");
    let mut problems = Vec::new();
    for id in sent.iter().flatten() {
        let key = id.to_string();
        let mine: Vec<&Arrival> = log.iter().filter(|a| a.key == key).collect();
        let served = mine.iter().filter(|a| a.outcome == Outcome::Served).count();
        if served != 1 || mine.last().map(|a| a.outcome) != Some(Outcome::Served) {
            problems.push(format!(
                "reply {id}: served {served} times, last outcome {:?}",
                mine.last().map(|a| a.outcome)
            ));
        }
        let seen: Vec<Seen> = mine
            .iter()
            .map(|a| Seen {
                at: a.at,
                failed: a.outcome != Outcome::Served,
            })
            .collect();
        let unseen = attempts.get(&(*id as i64)).copied().unwrap_or(0) - seen.len() as i64;
        problems.extend(crate::schedule_problems(
            &format!("reply {id}"),
            &seen,
            u32::try_from(unseen).unwrap_or(0),
            POLICY.min_delay_ms,
            POLICY.max_delay_ms,
        ));
    }
    for (c, ids) in sent.iter().enumerate() {
        let user = format!("user-{c}");
        // Each reply's first attempt comes only after the one before it was served.
        for pair in ids.windows(2) {
            let (earlier, later) = (pair[0].to_string(), pair[1].to_string());
            let served = log
                .iter()
                .position(|a| a.key == earlier && a.outcome == Outcome::Served);
            let first = log.iter().position(|a| a.key == later);
            if !matches!((served, first), (Some(s), Some(f)) if s < f) {
                problems.push(format!(
                    "{user}: reply {later} went before {earlier} was served"
                ));
            }
        }
        let transcript = agent.chat(chat_ids[c]).await.messages;
        let undelivered = transcript
            .iter()
            .filter(|m| ids.contains(&m.id) && m.delivery != Some(DeliveryState::Delivered))
            .count();
        if undelivered > 0 {
            problems.push(format!(
                "{user}: {undelivered} replies not shown as delivered"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
