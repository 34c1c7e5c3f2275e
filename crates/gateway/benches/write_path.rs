//! The write path's fixed costs, one request at a time (no concurrency, nothing else running):
//! `cargo bench -p gateway --bench write_path`.
//!
//! - a statement through the write connection: sqlx runs each SQLite connection on a thread
//!   of its own, so every statement is a hand-off to that thread and back, whatever SQLite
//!   itself spends on it;
//! - a whole write request as the handlers make one: `Store::begin` (the savepoint), one
//!   insert, `WriteTx::commit` (alone, so it commits its own batch);
//! - routing in a busy contact center: 10,000 agents signed in, 9,900 of them in a call and
//!   100 on a break, 100 calls waiting; the free-agent count every routing pass starts with
//!   (`calls::free_agents_for_waiting_calls`) and the choice of an agent for a waiting call
//!   (`calls::pick_agent`).
//!
//! Prints microseconds per operation, best of three rounds. What the numbers mean for the
//! gateway's throughput is in docs/performance.md.

use std::time::{Duration, Instant};

use gateway::hub::Hub;
use gateway::store::{Store, calls};

const OPERATIONS: u32 = 5_000;
/// Routing statements are timed fewer times: without their indexes one took 0.3 s.
const ROUTING_OPERATIONS: u32 = 20;
const ROUNDS: usize = 3;
const AGENTS: u32 = 10_000;
const AGENTS_IN_CALLS: u32 = 9_900;
const CALLS_WAITING: u32 = 100;

/// The best of [`ROUNDS`] rounds of `count` runs of `operation`, per operation.
async fn per_operation<F: AsyncFnMut(u32)>(count: u32, mut operation: F) -> Duration {
    let mut best = Duration::MAX;
    for round in 0..ROUNDS {
        let started = Instant::now();
        for n in 0..count {
            operation(round as u32 * count + n).await;
        }
        best = best.min(started.elapsed() / count);
    }
    best
}

/// The busy contact center of the routing measurement, in one transaction.
async fn seed_busy_center(store: &Store, hub: &Hub) -> anyhow::Result<()> {
    let mut tx = store.begin().await?;
    let statements = [
        "INSERT INTO queues (id, name, path) VALUES (1000000, 'busy', '/busy')".to_owned(),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {AGENTS}) \
             INSERT INTO agents (id, email, first_name, last_name, role, password_hash, status, \
                 status_since, idle_since) \
             SELECT 100000 + i, 'busy' || i || '@example.com', 'Agent', i, 'agent', 'x', \
                 CASE WHEN i <= {AGENTS_IN_CALLS} THEN 'available' ELSE 'break' END, 0, i FROM n"
        ),
        "INSERT INTO queue_agents (queue_id, agent_id) SELECT 1000000, id FROM agents \
             WHERE id > 100000"
            .to_owned(),
        "INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) \
             SELECT 'busy-' || id, id, 0, 9000000000000 FROM agents WHERE id > 100000"
            .to_owned(),
        format!(
            "INSERT INTO calls (external_id, state, caller_display, destination_phone, \
                 queue_id, session_type, agent_id, started_at, received_at, answered_at) \
             SELECT 'busy-call-' || id, 'active', 'Caller', '+33100000000', 1000000, 'voice', id, \
                 0, 0, 0 FROM agents WHERE id > 100000 AND id <= {}",
            100_000 + AGENTS_IN_CALLS
        ),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
                 WHERE i < {CALLS_WAITING}) \
             INSERT INTO calls (external_id, state, caller_display, destination_phone, \
                 queue_id, session_type, started_at, received_at) \
             SELECT 'busy-waiting-' || i, 'ringing', 'Caller', '+33100000000', 1000000, 'voice', \
                 0, 0 FROM n"
        ),
    ];
    for statement in &statements {
        sqlx::query(statement).execute(&mut *tx.tx).await?;
    }
    tx.commit(hub).await?;
    Ok(())
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("bench.sqlite3")).await?;
    let hub = Hub::default();

    let mut tx = store.begin().await?;
    let select = per_operation(OPERATIONS, async |_| {
        let one: i64 = sqlx::query_scalar("SELECT 1")
            .fetch_one(&mut *tx.tx)
            .await
            .expect("select");
        assert_eq!(one, 1);
    })
    .await;
    let insert = per_operation(OPERATIONS, async |n| {
        sqlx::query("INSERT INTO queues (name, path) VALUES (?, ?)")
            .bind(format!("statement-{n}"))
            .bind("/bench")
            .execute(&mut *tx.tx)
            .await
            .expect("insert");
    })
    .await;
    tx.commit(&hub).await?;

    let request = per_operation(OPERATIONS, async |n| {
        let mut tx = store.begin().await.expect("begin");
        sqlx::query("INSERT INTO queues (name, path) VALUES (?, ?)")
            .bind(format!("request-{n}"))
            .bind("/bench")
            .execute(&mut *tx.tx)
            .await
            .expect("insert");
        tx.commit(&hub).await.expect("commit");
    })
    .await;

    seed_busy_center(&store, &hub).await?;
    let waiting = {
        let mut tx = store.begin().await?;
        let waiting = calls::waiting(&mut tx.tx).await?;
        anyhow::ensure!(
            waiting.len() == CALLS_WAITING as usize,
            "the waiting calls are seeded"
        );
        waiting[0].clone()
    };
    let mut tx = store.begin().await?;
    let count = per_operation(ROUTING_OPERATIONS, async |_| {
        let free = calls::free_agents_for_waiting_calls(&mut tx.tx, 0)
            .await
            .expect("count");
        assert_eq!(free, 0, "every available agent is in a call");
    })
    .await;
    let pick = per_operation(ROUTING_OPERATIONS, async |_| {
        let agent = calls::pick_agent(&mut tx.tx, &waiting, 0, 0)
            .await
            .expect("pick");
        assert_eq!(agent, None, "every available agent is in a call");
    })
    .await;
    drop(tx);

    println!("write path, one request at a time, best of {ROUNDS} rounds:");
    println!("  SELECT 1 on the write connection     {}", micros(select));
    println!("  INSERT of one row, in a transaction  {}", micros(insert));
    println!("  begin + INSERT + commit (a request)  {}", micros(request));
    println!(
        "routing with {AGENTS} agents signed in, {AGENTS_IN_CALLS} in a call, {CALLS_WAITING} \
         calls waiting:"
    );
    println!("  free agents for the waiting calls    {}", micros(count));
    println!("  the agent for a waiting call         {}", micros(pick));
    Ok(())
}
