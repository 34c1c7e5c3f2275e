//! Group commit seen from outside: many requests writing at once share transactions, and each
//! is still answered only once its own data is committed.

use std::sync::Arc;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::helpers::{ringing, spawn_app};

const CLIENTS: usize = 32;
const WEBHOOKS_PER_CLIENT: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_webhooks_all_land_and_each_is_answered_only_after_it_is_readable() {
    // Arrange: the gateway, and a reader of its file of our own (as the read pool reads it).
    let app = Arc::new(spawn_app().await);
    let options = SqliteConnectOptions::new()
        .filename(app.db_path())
        .read_only(true);
    let reader = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("open the database for reading");

    // Act: 32 clients ring 10 calls each, all at once.
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let (app, reader) = (app.clone(), reader.clone());
        clients.push(tokio::spawn(async move {
            for n in 0..WEBHOOKS_PER_CLIENT {
                let external_id = format!("group-{client}-{n}");
                let response = app.telephony(&ringing(&external_id, "support")).await;
                assert_eq!(response.status(), 200, "{external_id} accepted");
                // Assert: the moment it is answered, the call is committed.
                let found: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM calls WHERE external_id = ?")
                        .bind(&external_id)
                        .fetch_one(&reader)
                        .await
                        .expect("count");
                assert_eq!(
                    found, 1,
                    "{external_id} was answered before it was committed"
                );
            }
        }));
    }
    for client in clients {
        client.await.expect("a client ran to the end");
    }

    // Assert: every one of them landed, once.
    let calls: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM calls WHERE external_id LIKE 'group-%'")
            .fetch_one(&reader)
            .await
            .expect("count");
    assert_eq!(calls as usize, CLIENTS * WEBHOOKS_PER_CLIENT);
}
