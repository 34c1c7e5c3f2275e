//! The durable store: one SQLite file, migrations applied at start.
//!
//! Writes go through a pool of one connection so that transactions never race for SQLite's
//! write lock; reads use their own pool (WAL lets them run beside a write). A [`WriteTx`]
//! collects the stream events it records and publishes them only after its commit, so nothing
//! reaches an agent that is not durable.

pub mod agents;
pub mod assist;
pub mod calls;
pub mod chats;
pub mod cobrowse;
pub mod contexts;
pub mod crm;
pub mod events;
pub mod legs;
pub mod outbox;
pub mod queue;
pub mod sessions;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use protocol::stream::{StreamEnvelope, StreamEvent};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::hub::Hub;

/// Handles to the SQLite file.
#[derive(Clone, Debug)]
pub struct Store {
    /// For reads.
    pub read: SqlitePool,
    /// For writes: one connection.
    pub write: SqlitePool,
}

impl Store {
    /// Opens (creating when missing) the SQLite file at `path` and applies the migrations.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("Failed to create the folder {}", dir.display()))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .with_context(|| format!("Failed to open the database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&write)
            .await
            .context("Failed to apply the database migrations")?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .context("Failed to open the database for reading")?;
        Ok(Self { read, write })
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        Ok(WriteTx {
            tx: self.write.begin().await?,
            pending: Vec::new(),
        })
    }
}

/// A write transaction that records stream events and publishes them after commit.
pub struct WriteTx {
    /// The underlying transaction, for queries.
    pub tx: Transaction<'static, Sqlite>,
    pending: Vec<(u64, StreamEnvelope)>,
}

impl WriteTx {
    /// Records `event` for `agent_id`; it is published when the transaction commits.
    pub async fn emit(&mut self, agent_id: u64, event: StreamEvent) -> Result<u64, sqlx::Error> {
        let id = events::append(&mut self.tx, agent_id, &event).await?;
        self.pending.push((agent_id, StreamEnvelope { id, event }));
        Ok(id)
    }

    /// Commits, then hands the recorded events to the live streams.
    pub async fn commit(self, hub: &Hub) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        for (agent_id, envelope) in self.pending {
            hub.publish(agent_id, envelope);
        }
        Ok(())
    }
}

/// The queue of a row joined with `queues` (`None` unless all three columns are there).
pub fn queue_ref(
    id: Option<i64>,
    name: &Option<String>,
    path: &Option<String>,
) -> Option<protocol::api::QueueRef> {
    match (id, name, path) {
        (Some(id), Some(name), Some(path)) => Some(protocol::api::QueueRef {
            id: id as u64,
            name: name.clone(),
            path: path.clone(),
        }),
        _ => None,
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}
