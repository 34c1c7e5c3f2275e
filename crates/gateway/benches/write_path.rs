//! The write path's fixed costs, one request at a time (no concurrency, nothing else running):
//! `cargo bench -p gateway --bench write_path`.
//!
//! - a statement through the write connection: sqlx runs each SQLite connection on a thread
//!   of its own, so every statement is a hand-off to that thread and back, whatever SQLite
//!   itself spends on it;
//! - a whole write request as the handlers make one: `Store::begin` (the savepoint), one
//!   insert, `WriteTx::commit` (alone, so it commits its own batch).
//!
//! Prints microseconds per operation, best of three rounds. What the numbers mean for the
//! gateway's throughput is in docs/performance.md.

use std::time::{Duration, Instant};

use gateway::hub::Hub;
use gateway::store::Store;

const OPERATIONS: u32 = 5_000;
const ROUNDS: usize = 3;

/// The best of [`ROUNDS`] rounds of `OPERATIONS` runs of `operation`, per operation.
async fn per_operation<F: AsyncFnMut(u32)>(mut operation: F) -> Duration {
    let mut best = Duration::MAX;
    for round in 0..ROUNDS {
        let started = Instant::now();
        for n in 0..OPERATIONS {
            operation(round as u32 * OPERATIONS + n).await;
        }
        best = best.min(started.elapsed() / OPERATIONS);
    }
    best
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
    let select = per_operation(async |_| {
        let one: i64 = sqlx::query_scalar("SELECT 1")
            .fetch_one(&mut *tx.tx)
            .await
            .expect("select");
        assert_eq!(one, 1);
    })
    .await;
    let insert = per_operation(async |n| {
        sqlx::query("INSERT INTO queues (name, path) VALUES (?, ?)")
            .bind(format!("statement-{n}"))
            .bind("/bench")
            .execute(&mut *tx.tx)
            .await
            .expect("insert");
    })
    .await;
    tx.commit(&hub).await?;

    let request = per_operation(async |n| {
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

    println!("write path, one request at a time, best of {ROUNDS} × {OPERATIONS}:");
    println!("  SELECT 1 on the write connection     {}", micros(select));
    println!("  INSERT of one row, in a transaction  {}", micros(insert));
    println!("  begin + INSERT + commit (a request)  {}", micros(request));
    Ok(())
}
