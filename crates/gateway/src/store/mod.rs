//! The durable store: one SQLite file, migrations applied at start.
//!
//! Writes go through one connection so that transactions never race for SQLite's write lock;
//! reads use their own pool (WAL lets them run beside a write). Requests that write one after
//! another share one transaction, each in its own savepoint (group commit, [`writer`]). A
//! [`WriteTx`] collects the stream events it records and publishes them only after the commit,
//! so nothing reaches an agent that is not durable.

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
#[cfg(test)]
mod plans;
pub mod queue;
pub mod sessions;
mod writer;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use protocol::stream::{StreamEnvelope, StreamEvent};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};

use crate::hub::Hub;
pub use writer::{GroupCommit, WriteConn};

/// Handles to the SQLite file.
#[derive(Clone, Debug)]
pub struct Store {
    /// For reads.
    pub read: SqlitePool,
    /// For writes: one connection, through [`Store::begin`].
    writer: Arc<writer::Writer>,
}

impl Store {
    /// Opens (creating when missing) the SQLite file at `path` and applies the migrations.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        Self::open_with(path, GroupCommit::default()).await
    }

    /// [`Store::open`] with the given bounds of a write batch.
    pub async fn open_with(path: &Path, limits: GroupCommit) -> anyhow::Result<Self> {
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
        let mut write = options
            .connect()
            .await
            .with_context(|| format!("Failed to open the database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&mut write)
            .await
            .context("Failed to apply the database migrations")?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .context("Failed to open the database for reading")?;
        Ok(Self {
            read,
            writer: writer::Writer::new(write, limits),
        })
    }

    /// Starts a write transaction: waits for the write connection, then opens a savepoint for
    /// this request's statements in the batch being built (or in a new one).
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        Ok(WriteTx {
            tx: self.writer.begin().await?,
            pending: Vec::new(),
        })
    }
}

/// A write transaction that records stream events and publishes them after commit.
///
/// Dropped without [`WriteTx::commit`], its statements are undone (and nothing else).
pub struct WriteTx {
    /// The write connection, for queries (`&mut tx.tx`, `&mut *tx.tx`).
    pub tx: WriteConn,
    pending: Vec<(u64, StreamEnvelope)>,
}

impl WriteTx {
    /// Records `event` for `agent_id`; it is published when the transaction commits.
    pub async fn emit(&mut self, agent_id: u64, event: StreamEvent) -> Result<u64, sqlx::Error> {
        let id = events::append(&mut self.tx, agent_id, &event).await?;
        self.pending.push((agent_id, StreamEnvelope { id, event }));
        Ok(id)
    }

    /// Commits, then hands the recorded events to the live streams. Returns once the shared
    /// transaction this request's statements are in is committed; fails when it is not.
    pub async fn commit(self, hub: &Hub) -> Result<(), sqlx::Error> {
        let writer = self.tx.writer();
        writer.commit(self.tx, self.pending, hub).await
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
