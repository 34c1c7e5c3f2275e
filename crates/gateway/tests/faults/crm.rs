//! The CRM calls of chats (generic REST CRM configuration) to a CRM that refuses connections
//! (across a SIGKILL of the gateway), answers 503, then hangs past the gateway's timeout, then
//! recovers (while hanging, it answers searches at once and writes too late, having done
//! them). The CRM here remembers the `Idempotency-Key`s it has served, as an idempotent API
//! does, so a repeat is answered without acting twice.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::Seen;
use crate::process::{Agent, Bot, GatewayProcess, Options, Policy, eventually};
use crate::servers::{Arrival, Faults, FaultyServer, Mode, Outcome};

/// A short retry policy: 100 ms doubling to 800 ms, a 1 s timeout.
const POLICY: Policy = Policy {
    min_delay_ms: 100,
    max_delay_ms: 800,
    timeout_secs: 1,
};
const CHATS: usize = 3;

/// What the CRM holds.
#[derive(Debug, Default)]
struct Books {
    /// Account id by email.
    accounts: BTreeMap<String, u64>,
    /// Per record id: its account and what was done to it, in order.
    records: BTreeMap<u64, (u64, Vec<String>)>,
    /// The answer given to each `Idempotency-Key` of a write.
    answers: HashMap<String, Value>,
    /// Writes that came without a key.
    unkeyed: u32,
    next_id: u64,
}

#[derive(Clone)]
struct Crm {
    faults: Faults,
    books: Arc<Mutex<Books>>,
}

fn router(crm: Crm) -> Router {
    Router::new().fallback(serve).with_state(crm)
}

async fn serve(
    State(crm): State<Crm>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // Its reads are quick; only its writes hang.
    let (fail, hang) = crm.faults.admit(
        &key,
        &format!("{method} {}", uri.path()),
        method != Method::GET,
    );
    if let Some(status) = fail {
        return StatusCode::from_u16(status)
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response();
    }
    // A hanging CRM acts on the request, and answers too late.
    let answer = {
        let mut books = crm.books.lock().unwrap_or_else(|e| e.into_inner());
        books.act(&method, &uri, &key, &body)
    };
    if let Some(wait) = hang {
        tokio::time::sleep(wait).await;
    }
    match answer {
        Some(answer) => axum::Json(answer).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

impl Books {
    fn act(&mut self, method: &Method, uri: &Uri, key: &str, body: &[u8]) -> Option<Value> {
        let path: Vec<&str> = uri.path().trim_matches('/').split('/').collect();
        if method == Method::GET {
            let email = uri
                .query()
                .unwrap_or_default()
                .split('&')
                .find_map(|pair| pair.strip_prefix("email="))
                .map(|e| e.replace("%40", "@"))
                .unwrap_or_default();
            let found: Vec<Value> = self
                .accounts
                .get(&email)
                .map(|id| json!({ "id": id, "email": email }))
                .into_iter()
                .collect();
            return Some(json!({ "data": found }));
        }
        if key.is_empty() {
            self.unkeyed += 1;
        } else if let Some(answer) = self.answers.get(key) {
            return Some(answer.clone());
        }
        let fields: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let text = |name: &str| fields[name].as_str().unwrap_or_default().to_owned();
        self.next_id += 1;
        let id = self.next_id;
        let answer = match (method.as_str(), path.as_slice()) {
            ("POST", ["api", "accounts"]) => {
                self.accounts.insert(text("email"), id);
                json!({ "data": { "id": id } })
            }
            ("POST", ["api", "records"]) => {
                let account = text("account_id").parse().unwrap_or(0);
                self.records.insert(id, (account, Vec::new()));
                json!({ "data": { "id": id } })
            }
            ("POST", ["api", "records", record, "comments"]) => {
                let (_, actions) = self.records.get_mut(&record.parse().ok()?)?;
                actions.push(format!("comment: {}", text("comment")));
                json!({ "data": { "id": id } })
            }
            ("PATCH", ["api", "records", record]) => {
                let (_, actions) = self.records.get_mut(&record.parse().ok()?)?;
                actions.push("update".to_owned());
                json!({ "data": { "id": record } })
            }
            _ => return None,
        };
        if !key.is_empty() {
            self.answers.insert(key.to_owned(), answer.clone());
        }
        Some(answer)
    }
}

/// A CRM that is down, the gateway pointed at it, the bot and the agent.
struct Setup {
    server: FaultyServer,
    crm: Crm,
    gateway: GatewayProcess,
    bot: Bot,
    agent: Agent,
}

async fn setup() -> Setup {
    let server = FaultyServer::down();
    let crm = Crm {
        faults: server.faults.clone(),
        books: Arc::default(),
    };
    let gateway = GatewayProcess::start(&Options {
        chat_capacity: CHATS as u32,
        outbox: POLICY,
        crm: Some((server.base(), POLICY)),
    })
    .await;
    let bot = Bot::new(&gateway);
    let agent = Agent::login(&gateway).await;
    Setup {
        server,
        crm,
        gateway,
        bot,
        agent,
    }
}

impl Setup {
    /// Hands chat `c` over and has the agent accept it; returns the chat id.
    async fn accepted_chat(&self, c: usize) -> u64 {
        let chat_id = self
            .bot
            .hand_off(&format!("user-{c}"), &format!("user-{c}@example.com"))
            .await;
        self.agent.accept(chat_id).await;
        chat_id
    }

    async fn pending_with(&self, attempts: i64) -> i64 {
        self.gateway
            .query_i64(&format!(
                "SELECT COUNT(*) FROM crm_jobs WHERE state = 'pending' AND attempts >= {attempts}"
            ))
            .await
    }

    async fn all_done(&self) {
        eventually("every CRM job done", 60, || async {
            let left = self
                .gateway
                .query_i64("SELECT COUNT(*) FROM crm_jobs WHERE state = 'pending'")
                .await;
            (left == 0).then_some(())
        })
        .await;
    }

    /// What was done to the record of the account of `email`.
    fn actions(&self, email: &str) -> Vec<Vec<String>> {
        let books = self.crm.books.lock().unwrap_or_else(|e| e.into_inner());
        let Some(account) = books.accounts.get(email) else {
            return Vec::new();
        };
        books
            .records
            .values()
            .filter(|(a, _)| a == account)
            .map(|(_, actions)| actions.clone())
            .collect()
    }
}

/// The job id in an `Idempotency-Key` (`agent-adapter-crm-{job}-{digest}`).
fn job_of(key: &str) -> Option<u64> {
    key.strip_prefix("agent-adapter-crm-")?
        .split('-')
        .next()?
        .parse()
        .ok()
}

/// The attempts of each job as the CRM saw them: a failed request ends an attempt, the job's
/// next request starts the next one.
fn attempts_by_job(log: &[Arrival]) -> BTreeMap<u64, Vec<Seen>> {
    let mut jobs: BTreeMap<u64, Vec<Seen>> = BTreeMap::new();
    let mut open: HashMap<u64, bool> = HashMap::new();
    for arrival in log {
        let Some(job) = job_of(&arrival.key) else {
            continue;
        };
        let failed = arrival.outcome != Outcome::Served;
        let attempts = jobs.entry(job).or_default();
        if open.get(&job).copied().unwrap_or(false) {
            if let Some(last) = attempts.last_mut() {
                last.failed = failed;
            }
        } else {
            attempts.push(Seen {
                at: arrival.at,
                failed,
            });
        }
        open.insert(job, !failed);
    }
    jobs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crm_calls_reach_a_failing_crm_once_each_and_in_order_on_the_retry_schedule() {
    // Arrange: the CRM is down while the chats are accepted.
    let mut s = setup().await;
    let mut chat_ids = Vec::new();
    for c in 0..CHATS {
        chat_ids.push(s.accepted_chat(c).await);
    }

    // Act: refused connections, with the gateway killed and started again meanwhile.
    eventually("two refused lookups per chat", 20, || async {
        (s.pending_with(2).await >= CHATS as i64).then_some(())
    })
    .await;
    s.gateway.kill().await;
    s.gateway.restart().await;
    eventually("retries going on after the restart", 20, || async {
        (s.pending_with(3).await >= CHATS as i64).then_some(())
    })
    .await;
    // 503 answers.
    s.server.up(router(s.crm.clone()), Mode::Failing(503)).await;
    eventually("two 503 answers per chat", 20, || async {
        let jobs = attempts_by_job(&s.server.faults.log());
        let failing = jobs.values().filter(|a| a.len() >= 2).count();
        (failing >= CHATS).then_some(())
    })
    .await;
    // Writes answered after the gateway's timeout (the CRM does them all the same).
    let hang = Duration::from_millis(POLICY.timeout_secs * 1000 + 500);
    s.server.faults.set_mode(Mode::Hanging(hang));
    let hung_writes = |count: usize| {
        let faults = s.server.faults.clone();
        async move {
            let hung = faults
                .log()
                .iter()
                .filter(|a| a.outcome == Outcome::Hung)
                .count();
            (hung >= count).then_some(())
        }
    };
    eventually("a timed-out write per chat", 20, || hung_writes(CHATS)).await;
    for c in 0..CHATS {
        s.bot.close(&format!("user-{c}")).await;
    }
    eventually("two timed-out writes per chat", 30, || {
        hung_writes(2 * CHATS)
    })
    .await;
    // Back to normal.
    s.server.faults.set_mode(Mode::Serving);
    s.all_done().await;

    // Assert
    let log = s.server.faults.log();
    let dead = s
        .gateway
        .query_i64("SELECT COUNT(*) FROM crm_jobs WHERE state = 'dead'")
        .await;
    assert_eq!(dead, 0, "no CRM call was given up");
    let writes: Vec<&Arrival> = log.iter().filter(|a| !a.group.starts_with("GET")).collect();
    let distinct_writes: std::collections::BTreeSet<&str> =
        writes.iter().map(|a| a.key.as_str()).collect();
    eprintln!(
        "crm faults: the CRM got {} requests ({} writes with {} distinct keys: a CRM without \
         dedupe by Idempotency-Key would have acted {} times more), {} answered 503, {} after \
         the timeout",
        log.len(),
        writes.len(),
        distinct_writes.len(),
        writes.len() - distinct_writes.len(),
        log.iter()
            .filter(|a| matches!(a.outcome, Outcome::Failed(_)))
            .count(),
        log.iter().filter(|a| a.outcome == Outcome::Hung).count(),
    );
    let unkeyed = s
        .crm
        .books
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .unkeyed;
    assert_eq!(unkeyed, 0, "every write carries an Idempotency-Key");
    for (c, chat_id) in chat_ids.iter().enumerate() {
        let records = s.actions(&format!("user-{c}@example.com"));
        assert_eq!(records.len(), 1, "chat {chat_id}: one account, one record");
        let actions = &records[0];
        assert_eq!(actions.len(), 3, "chat {chat_id}: {actions:?}");
        assert!(
            actions[0].starts_with(&format!("comment: Chat {chat_id} started"))
                && actions[1].starts_with(&format!("comment: Chat {chat_id} ended"))
                && actions[2] == "update",
            "chat {chat_id}: {actions:?}"
        );
    }
    let attempts: HashMap<i64, i64> = s
        .gateway
        .query_pairs("SELECT id, attempts FROM crm_jobs")
        .await
        .into_iter()
        .collect();
    let mut problems = Vec::new();
    for (job, seen) in attempts_by_job(&log) {
        let total = attempts.get(&(job as i64)).copied().unwrap_or(0);
        let unseen = u32::try_from(total - seen.len() as i64).unwrap_or(0);
        problems.extend(crate::schedule_problems(
            &format!("CRM job {job}"),
            &seen,
            unseen,
            POLICY.min_delay_ms,
            POLICY.max_delay_ms,
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// Regression: a CRM call that timed out was sent again with nothing that tells the CRM it is
// the same call, so a CRM that had acted on the first one (a slow answer, not a failure)
// could only act twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crm_call_repeated_after_a_timeout_carries_the_same_idempotency_key() {
    let mut s = setup().await;
    s.server.up(router(s.crm.clone()), Mode::Serving).await;
    let chat_id = s.accepted_chat(0).await;
    s.all_done().await;
    let hang = Duration::from_millis(POLICY.timeout_secs * 1000 + 500);
    s.server.faults.set_mode(Mode::Hanging(hang));

    s.bot.close("user-0").await;
    eventually("a timed-out comment", 20, || async {
        let log = s.server.faults.log();
        log.iter()
            .any(|a| a.outcome == Outcome::Hung && a.group.ends_with("/comments"))
            .then_some(())
    })
    .await;
    s.server.faults.set_mode(Mode::Serving);
    s.all_done().await;

    let comments: Vec<Arrival> = s
        .server
        .faults
        .log()
        .into_iter()
        .filter(|a| a.group.ends_with("/comments"))
        .skip(1)
        .collect();
    assert!(comments.len() >= 2, "{comments:?}");
    assert!(!comments[0].key.is_empty());
    assert!(
        comments.iter().all(|a| a.key == comments[0].key),
        "{comments:?}"
    );
    let actions = s.actions("user-0@example.com");
    let ended = actions[0]
        .iter()
        .filter(|a| a.starts_with(&format!("comment: Chat {chat_id} ended")))
        .count();
    assert_eq!(ended, 1, "{actions:?}");
}
