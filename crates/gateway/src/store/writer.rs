//! Group commit on the single write connection.
//!
//! Requests that want to write one after another share one SQLite transaction (a *batch*);
//! each request's own statements sit in a `SAVEPOINT w` on top of it. A request that commits
//! while others are queued for the connection keeps its savepoint, joins the batch and hands
//! the connection on; the next request releases that savepoint and opens its own. The request
//! that finds nobody queued (or the batch full, or old) commits the batch: it runs the shared
//! `COMMIT`, publishes every member's stream events in commit order, then tells each member.
//! A request that fails or is dropped without commit leaves its savepoint open; whoever takes
//! the connection next rolls back to it, which undoes exactly that request's statements.
//!
//! Nothing hangs: a member that is not told "committed" within [`GroupCommit::wait`] takes the
//! connection itself and commits its batch, and a request dropped while members wait and
//! nobody is queued commits the batch on the spot.
//!
//! Every step that changes the transaction's shape (`BEGIN`, `SAVEPOINT`, `RELEASE`,
//! `ROLLBACK TO`, `COMMIT`) runs in a task of its own, so a caller whose future is dropped
//! half-way cannot leave the shared state describing a transaction that is not the real one.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use protocol::stream::StreamEnvelope;
use sqlx::{Executor, SqliteConnection};
use tokio::sync::{OwnedMutexGuard, oneshot};

use crate::hub::Hub;

/// Bounds of a batch.
#[derive(Clone, Copy, Debug)]
pub struct GroupCommit {
    /// Most requests in one transaction.
    pub max_requests: usize,
    /// Age of a batch after which the next request to finish commits it.
    pub max_age: Duration,
    /// How long a request that joined a batch waits to be told "committed" before it takes
    /// the connection and commits the batch itself.
    pub wait: Duration,
}

impl Default for GroupCommit {
    fn default() -> Self {
        Self {
            max_requests: 64,
            max_age: Duration::from_millis(2),
            wait: Duration::from_millis(10),
        }
    }
}

/// The connection, locked by one request at a time.
pub(crate) type Guard = OwnedMutexGuard<SqliteConnection>;

/// What a member is told once its batch is settled: `Err` carries the commit's error.
type Outcome = Result<(), String>;

/// A request that finished its statements and waits for the shared commit.
struct Member {
    events: Vec<(u64, StreamEnvelope)>,
    hub: Hub,
    done: oneshot::Sender<Outcome>,
}

/// The open transaction.
struct Batch {
    started: Instant,
    /// Whether the savepoint on top of the transaction belongs to a member (keep it) or to a
    /// request that failed or went away (undo it).
    top_kept: bool,
    members: Vec<Member>,
}

impl Batch {
    /// Tells every member that its writes are lost, and why.
    fn fail(self, why: &str) {
        for member in self.members {
            let _ = member.done.send(Err(why.to_owned()));
        }
    }
}

#[derive(Default)]
struct State {
    /// Requests waiting for the connection.
    queued: usize,
    batch: Option<Batch>,
}

/// The write connection and the state of its batch.
pub(crate) struct Writer {
    conn: Arc<tokio::sync::Mutex<SqliteConnection>>,
    state: Mutex<State>,
    limits: GroupCommit,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// The connection as a request holds it: dereferences to the connection for queries.
pub struct WriteConn {
    guard: Option<Guard>,
    writer: Arc<Writer>,
}

impl WriteConn {
    pub(crate) fn writer(&self) -> Arc<Writer> {
        self.writer.clone()
    }
}

impl std::ops::Deref for WriteConn {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        self.guard
            .as_deref()
            .expect("a WriteConn holds the connection until it is committed")
    }
}

impl std::ops::DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.guard
            .as_deref_mut()
            .expect("a WriteConn holds the connection until it is committed")
    }
}

impl Drop for WriteConn {
    /// Dropped without commit: the savepoint stays open for the next holder to undo. When
    /// nobody is queued to be that holder, the batch is settled now, so that its members are
    /// not left waiting.
    fn drop(&mut self) {
        let Some(guard) = self.guard.take() else {
            return;
        };
        let settle_now = {
            let state = self.writer.state();
            state.queued == 0 && state.batch.is_some()
        };
        if settle_now && let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(self.writer.clone().settle(guard));
        }
    }
}

fn lost(error: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(error.to_string()))
}

impl Writer {
    pub(crate) fn new(conn: SqliteConnection, limits: GroupCommit) -> Arc<Self> {
        Arc::new(Self {
            conn: Arc::new(tokio::sync::Mutex::new(conn)),
            state: Mutex::new(State::default()),
            limits,
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for the connection (first come, first served), counted as queued meanwhile.
    async fn lock(self: &Arc<Self>) -> Guard {
        struct Queued<'a>(&'a Writer);
        impl Drop for Queued<'_> {
            fn drop(&mut self) {
                self.0.state().queued -= 1;
            }
        }
        self.state().queued += 1;
        let _queued = Queued(self);
        self.conn.clone().lock_owned().await
    }

    /// Takes the connection and opens this request's savepoint (in the open batch, or in a
    /// new one).
    pub(crate) async fn begin(self: &Arc<Self>) -> Result<WriteConn, sqlx::Error> {
        let guard = self.lock().await;
        let writer = self.clone();
        tokio::spawn(async move { writer.open_savepoint(guard).await })
            .await
            .map_err(lost)?
    }

    async fn open_savepoint(self: Arc<Self>, mut guard: Guard) -> Result<WriteConn, sqlx::Error> {
        let sql = match self.state().batch.as_ref().map(|b| b.top_kept) {
            None => "BEGIN; SAVEPOINT w",
            Some(true) => "RELEASE w; SAVEPOINT w",
            Some(false) => "ROLLBACK TO w; RELEASE w; SAVEPOINT w",
        };
        if let Err(error) = run(&mut guard, sql).await {
            // The transaction is not what the state says: its batch is lost. Start afresh.
            tracing::error!(%error, "the write transaction broke; its batch is failed");
            self.fail_batch(&mut guard, &error).await;
            if let Err(error) = run(&mut guard, "BEGIN; SAVEPOINT w").await {
                rollback_quietly(&mut guard).await;
                return Err(error);
            }
        }
        {
            let mut state = self.state();
            let batch = state.batch.get_or_insert_with(|| Batch {
                started: Instant::now(),
                top_kept: false,
                members: Vec::new(),
            });
            if batch.members.is_empty() {
                batch.started = Instant::now();
            }
            batch.top_kept = false;
        }
        Ok(WriteConn {
            guard: Some(guard),
            writer: self,
        })
    }

    /// Ends this request's statements: joins the batch and hands the connection on when
    /// others are queued, else commits the batch. Returns once the batch is committed.
    pub(crate) async fn commit(
        self: &Arc<Self>,
        mut conn: WriteConn,
        events: Vec<(u64, StreamEnvelope)>,
        hub: &Hub,
    ) -> Result<(), sqlx::Error> {
        let guard = conn.guard.take().ok_or_else(|| lost("committed twice"))?;
        let (done, mut told) = oneshot::channel();
        let commit_now = {
            let mut state = self.state();
            let queued = state.queued;
            let batch = state
                .batch
                .as_mut()
                .ok_or_else(|| lost("no write transaction is open"))?;
            batch.members.push(Member {
                events,
                hub: hub.clone(),
                done,
            });
            batch.top_kept = true;
            queued == 0
                || batch.members.len() >= self.limits.max_requests
                || batch.started.elapsed() >= self.limits.max_age
        };
        if commit_now {
            tokio::spawn(self.clone().settle(guard));
            return outcome((&mut told).await);
        }
        drop(guard);
        if let Ok(told) = tokio::time::timeout(self.limits.wait, &mut told).await {
            return outcome(told);
        }
        // Not committed in time (its last request may have gone away): commit it here.
        tokio::select! {
            biased;
            told = &mut told => outcome(told),
            guard = self.lock() => {
                match told.try_recv() {
                    Ok(told) => outcome(Ok(told)),
                    Err(oneshot::error::TryRecvError::Empty) => {
                        // Nobody settled the batch this request is in while it waited, and
                        // nobody can while this holds the connection: it is still open.
                        tokio::spawn(self.clone().settle(guard));
                        outcome(told.await)
                    }
                    Err(oneshot::error::TryRecvError::Closed) => Err(lost("the batch vanished")),
                }
            }
        }
    }

    /// Commits the open batch (undoing the top savepoint when its request went away, and
    /// rolling back when no member is left), publishes the members' events in order, then
    /// tells every member.
    async fn settle(self: Arc<Self>, mut guard: Guard) {
        let Some(batch) = self.state().batch.take() else {
            return;
        };
        let sql = match (batch.members.is_empty(), batch.top_kept) {
            (true, _) => "ROLLBACK",
            (false, true) => "COMMIT",
            (false, false) => "ROLLBACK TO w; COMMIT",
        };
        let result = run(&mut guard, sql).await;
        match result {
            Ok(_) => {
                // Every event is published before any member is told, and moved, not copied.
                let mut committed = Vec::with_capacity(batch.members.len());
                for member in batch.members {
                    for (agent_id, envelope) in member.events {
                        member.hub.publish(agent_id, envelope);
                    }
                    committed.push(member.done);
                }
                for done in committed {
                    let _ = done.send(Ok(()));
                }
            }
            Err(error) => {
                tracing::error!(%error, requests = batch.members.len(), "a batch failed to commit");
                rollback_quietly(&mut guard).await;
                batch.fail(&format!("Failed to commit the batch: {error}"));
            }
        }
    }

    /// Rolls back the open batch and fails its members.
    async fn fail_batch(&self, guard: &mut Guard, error: &sqlx::Error) {
        rollback_quietly(guard).await;
        if let Some(batch) = self.state().batch.take() {
            batch.fail(&format!("The write transaction broke: {error}"));
        }
    }

    #[cfg(test)]
    pub(crate) fn queued(&self) -> usize {
        self.state().queued
    }
}

fn outcome(told: Result<Outcome, oneshot::error::RecvError>) -> Result<(), sqlx::Error> {
    match told {
        Ok(Ok(())) => Ok(()),
        Ok(Err(text)) => Err(lost(text)),
        Err(_) => Err(lost("the batch was dropped before its commit")),
    }
}

async fn rollback_quietly(conn: &mut SqliteConnection) {
    // Fails only when no transaction is open, which is what it is for.
    let _ = run(conn, "ROLLBACK").await;
}

/// Runs `sql` (one or more statements) in one round trip to the connection's thread.
async fn run(conn: &mut SqliteConnection, sql: &'static str) -> Result<(), sqlx::Error> {
    conn.execute(sql).await.map(drop)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use protocol::api::AgentStatus;
    use protocol::stream::StreamEvent;

    use crate::hub::Hub;
    use crate::store::{GroupCommit, Store, WriteTx};

    /// Batches that only the test ends: nothing commits early because of age, and a member
    /// waits long before committing by itself.
    const BY_THE_TEST: GroupCommit = GroupCommit {
        max_requests: 64,
        max_age: Duration::from_secs(30),
        wait: Duration::from_secs(30),
    };

    async fn store(limits: GroupCommit) -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_with(&dir.path().join("gc.sqlite3"), limits)
            .await
            .expect("the store opens");
        (store, dir)
    }

    async fn insert(tx: &mut WriteTx, name: &str) {
        sqlx::query("INSERT INTO queues (name, path) VALUES (?, ?)")
            .bind(name)
            .bind(format!("/{name}"))
            .execute(&mut *tx.tx)
            .await
            .expect("insert");
    }

    /// Whether `name` is readable by the read pool (that is, committed).
    async fn committed(store: &Store, name: &str) -> bool {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM queues WHERE name = ?")
            .bind(name)
            .fetch_one(&store.read)
            .await
            .expect("count");
        n == 1
    }

    async fn until(what: &str, mut condition: impl FnMut() -> bool) {
        for _ in 0..2000 {
            if condition() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        panic!("timed out waiting until {what}");
    }

    fn members(store: &Store) -> usize {
        store
            .writer
            .state()
            .batch
            .as_ref()
            .map_or(0, |b| b.members.len())
    }

    const SOON: Duration = Duration::from_secs(5);

    #[tokio::test]
    async fn a_request_that_fails_inside_a_batch_leaves_the_other_requests_committed() {
        let (store, _dir) = store(BY_THE_TEST).await;
        let hub = Hub::default();
        let mut a = store.begin().await.expect("begin a");
        insert(&mut a, "a").await;
        let (b_wrote, b_has_written) = tokio::sync::oneshot::channel();
        let (fail_b, b_may_fail) = tokio::sync::oneshot::channel::<()>();
        let b = tokio::spawn({
            let store = store.clone();
            async move {
                let mut b = store.begin().await.expect("begin b");
                insert(&mut b, "b").await;
                let _ = b_wrote.send(());
                let _ = b_may_fail.await;
                // b fails: its WriteTx is dropped without commit.
            }
        });
        until("b is queued", || store.writer.queued() == 1).await;
        let c = tokio::spawn({
            let (store, hub) = (store.clone(), hub.clone());
            async move {
                let mut c = store.begin().await.expect("begin c");
                insert(&mut c, "c").await;
                c.commit(&hub).await
            }
        });
        until("c is queued", || store.writer.queued() == 2).await;

        let a_commit = tokio::spawn({
            let hub = hub.clone();
            async move { a.commit(&hub).await }
        });
        b_has_written.await.expect("b wrote");
        // a handed the connection on: its commit waits for the batch that b and c are in.
        assert!(!a_commit.is_finished());
        assert!(!committed(&store, "a").await);
        fail_b.send(()).expect("b waits");

        b.await.expect("b ran");
        a_commit.await.expect("a ran").expect("a is committed");
        c.await.expect("c ran").expect("c is committed");
        assert!(committed(&store, "a").await);
        assert!(!committed(&store, "b").await);
        assert!(committed(&store, "c").await);
    }

    #[tokio::test]
    async fn a_write_tx_dropped_without_commit_leaves_nothing_behind_and_does_not_block_later_writes()
     {
        let (store, _dir) = store(GroupCommit::default()).await;
        let hub = Hub::default();
        let mut dropped = store.begin().await.expect("begin");
        insert(&mut dropped, "dropped").await;
        drop(dropped);

        let later = tokio::time::timeout(SOON, async {
            let mut tx = store.begin().await?;
            insert(&mut tx, "later").await;
            tx.commit(&hub).await
        })
        .await
        .expect("a later write is not blocked");

        later.expect("the later write is committed");
        assert!(!committed(&store, "dropped").await);
        assert!(committed(&store, "later").await);
    }

    #[tokio::test]
    async fn a_batch_whose_last_request_is_dropped_is_still_committed() {
        let (store, _dir) = store(BY_THE_TEST).await;
        let hub = Hub::default();
        let mut a = store.begin().await.expect("begin a");
        insert(&mut a, "a").await;
        let (b_wrote, b_has_written) = tokio::sync::oneshot::channel();
        let b = tokio::spawn({
            let store = store.clone();
            async move {
                let mut b = store.begin().await.expect("begin b");
                insert(&mut b, "b").await;
                let _ = b_wrote.send(());
                std::future::pending::<()>().await;
                drop(b);
            }
        });
        until("b is queued", || store.writer.queued() == 1).await;
        let a_commit = tokio::spawn({
            let hub = hub.clone();
            async move { a.commit(&hub).await }
        });
        b_has_written.await.expect("b wrote");

        // The last request of the batch goes away (its future is dropped).
        b.abort();

        let a_done = tokio::time::timeout(SOON, a_commit)
            .await
            .expect("a is not left waiting");
        a_done.expect("a ran").expect("a is committed");
        assert!(committed(&store, "a").await);
        assert!(!committed(&store, "b").await);
    }

    #[tokio::test]
    async fn a_batch_is_committed_when_the_request_queued_behind_it_goes_away() {
        let limits = GroupCommit {
            wait: Duration::from_millis(20),
            ..BY_THE_TEST
        };
        let (store, _dir) = store(limits).await;
        let hub = Hub::default();
        let mut a = store.begin().await.expect("begin a");
        insert(&mut a, "a").await;
        // b queues for the connection (one poll), and is never polled again.
        let mut b = Box::pin(store.writer.lock());
        assert!(tokio::time::timeout(Duration::ZERO, &mut b).await.is_err());
        let a_commit = tokio::spawn({
            let hub = hub.clone();
            async move { a.commit(&hub).await }
        });
        until("a joined the batch", || members(&store) == 1).await;

        // The request a handed the connection to goes away before it takes it.
        drop(b);

        let a_done = tokio::time::timeout(SOON, a_commit)
            .await
            .expect("a is not left waiting");
        a_done.expect("a ran").expect("a is committed");
        assert!(committed(&store, "a").await);
    }

    #[tokio::test]
    async fn events_are_published_only_after_the_commit_in_commit_order() {
        let (store, _dir) = store(BY_THE_TEST).await;
        let hub = Hub::default();
        let mut live = hub.subscribe(7);
        let available = StreamEvent::AgentStatusChanged {
            status: AgentStatus::Available,
        };
        let on_break = StreamEvent::AgentStatusChanged {
            status: AgentStatus::Break,
        };
        let mut a = store.begin().await.expect("begin a");
        let a_id = a.emit(7, available).await.expect("emit a");
        let (b_has_it, b_holds) = tokio::sync::oneshot::channel();
        let (commit_b, b_may_commit) = tokio::sync::oneshot::channel::<()>();
        let b = tokio::spawn({
            let (store, hub) = (store.clone(), hub.clone());
            async move {
                let mut b = store.begin().await?;
                let id = b.emit(7, on_break).await?;
                let _ = b_has_it.send(());
                let _ = b_may_commit.await;
                b.commit(&hub).await.map(|()| id)
            }
        });
        until("b is queued", || store.writer.queued() == 1).await;
        let a_commit = tokio::spawn({
            let hub = hub.clone();
            async move { a.commit(&hub).await }
        });
        b_holds.await.expect("b holds the connection");

        // a's statements are done, but the batch is not committed: nothing is published yet.
        assert!(live.try_recv().is_err());
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stream_events")
            .fetch_one(&store.read)
            .await
            .expect("count");
        assert_eq!(rows, 0);

        commit_b.send(()).expect("b waits");
        let b_id = b.await.expect("b ran").expect("b is committed");
        a_commit.await.expect("a ran").expect("a is committed");
        let first = live.try_recv().expect("a's event is published");
        let second = live.try_recv().expect("b's event is published");
        assert_eq!((first.id, second.id), (a_id, b_id));
        assert!(a_id < b_id);
    }
}
