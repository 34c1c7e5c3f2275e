//! The routing statements read what they need by index: checked on the migrated schema with
//! `EXPLAIN QUERY PLAN`, so that a query or index change that brings back a scan fails here
//! rather than in a contact center with thousands of agents.

use super::{GroupCommit, Store, calls, chats};

/// The plan's lines (`detail` of each row), every parameter bound to NULL.
async fn plan(store: &Store, sql: &str, parameters: usize) -> Vec<String> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(&explain);
    for _ in 0..parameters {
        query = query.bind(None::<i64>);
    }
    query
        .fetch_all(&store.read)
        .await
        .expect("the statement is explained")
        .into_iter()
        .map(|(_, _, _, detail)| detail)
        .collect()
}

/// Lines that read a whole table or index rather than look rows up: any `SCAN` but the
/// constant row and the walk over the available agents.
fn scans(plan: &[String]) -> Vec<&String> {
    plan.iter()
        .filter(|line| line.starts_with("SCAN "))
        .filter(|line| *line != "SCAN CONSTANT ROW")
        .filter(|line| !(line.starts_with("SCAN a USING ") && line.ends_with("agents_available")))
        .collect()
}

async fn store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_with(&dir.path().join("plans.sqlite3"), GroupCommit::default())
        .await
        .expect("the store opens");
    (store, dir)
}

#[tokio::test]
async fn counting_the_agents_free_for_a_call_reads_only_available_agents_and_looks_calls_up() {
    let (store, _dir) = store().await;
    let plan = plan(&store, &calls::FREE_AGENTS, 2).await;
    assert!(scans(&plan).is_empty(), "{plan:#?}");
}

#[tokio::test]
async fn picking_the_agent_for_a_call_reads_only_available_agents_and_looks_calls_up() {
    let (store, _dir) = store().await;
    let plan = plan(&store, &calls::PICK_AGENT, 6).await;
    assert!(scans(&plan).is_empty(), "{plan:#?}");
}

#[tokio::test]
async fn picking_the_agent_for_a_chat_looks_the_queues_agents_and_their_chats_up() {
    let (store, _dir) = store().await;
    let plan = plan(&store, chats::PICK_AGENT, 5).await;
    assert!(scans(&plan).is_empty(), "{plan:#?}");
    let offered = plan
        .iter()
        .find(|line| line.starts_with("SEARCH o "))
        .expect("the chats offered to an agent are looked up");
    assert!(offered.contains("chats_offered_by_agent"), "{plan:#?}");
}
