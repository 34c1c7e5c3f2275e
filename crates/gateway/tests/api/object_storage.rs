//! Session files in an S3-compatible bucket: a real S3 server (`moto_server`) on loopback, the
//! files read back through the S3 API, and the bucket's versions counted to see that each file
//! was written once.

use gateway::config::Settings;
use gateway::storage::{S3Settings, StorageKind};
use reqwest::Method;
use serde_json::{Value, json};

use crate::chat_support::{SALES, eventually, spawn_chat_app_with};
use crate::helpers::{TestApp, spawn_with, test_settings};
use crate::servers::S3Server;

const BUCKET: &str = "session-files";

/// `settings` with the storage in `bucket` of `server`.
fn use_bucket(settings: &mut Settings, server: &S3Server, bucket: &str) {
    settings.storage.kind = StorageKind::S3;
    settings.storage.s3 = Some(S3Settings {
        bucket: bucket.to_owned(),
        region: Some("us-east-1".to_owned()),
        endpoint: Some(server.endpoint()),
        access_key_id: Some(server.access_key.clone()),
        secret_access_key: Some(server.secret_key.clone().into()),
        allow_http: true,
        virtual_hosted_style: false,
    });
}

/// Kim answers, hangs up and wraps up a call; returns its id.
async fn wrapped_up_call(app: &TestApp, external_id: &str) -> u64 {
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring(external_id, "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    let hangup = app
        .post(&format!("/api/v1/calls/{call_id}/hangup"), &kim.token)
        .await;
    assert_eq!(hangup.status(), 200);
    let wrap_up = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calls/{call_id}/wrap-up"),
            &kim.token,
            &json!({"disposition": "resolved", "notes": "Sent to the bucket"}),
        )
        .await;
    assert_eq!(wrap_up.status(), 200);
    call_id
}

async fn object_appears(server: &S3Server, key: &str) -> String {
    eventually(&format!("{key} in the bucket"), || async {
        server.get(BUCKET, key).await
    })
    .await
}

#[tokio::test]
async fn a_finished_call_metadata_file_lands_in_the_s3_bucket_once() {
    let server = S3Server::start().await;
    server.create_bucket(BUCKET).await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    use_bucket(&mut settings, &server, BUCKET);
    let app = spawn_with(settings, db_dir).await;

    let call_id = wrapped_up_call(&app, "s3-call-1").await;

    let key = format!("metadata/call-{call_id}.json");
    let metadata: Value = serde_json::from_str(&object_appears(&server, &key).await).expect("JSON");
    assert_eq!(metadata["id"], json!(call_id));
    assert_eq!(metadata["notes"], json!("Sent to the bucket"));
    assert_eq!(server.versions(BUCKET, &key).await, 1);
    assert!(
        !app.settings.storage.path.exists(),
        "no local folders for a bucket"
    );
}

#[tokio::test]
async fn a_closed_chat_transcript_and_metadata_land_in_the_s3_bucket() {
    let server = S3Server::start().await;
    server.create_bucket(BUCKET).await;
    let chat = spawn_chat_app_with(|settings| use_bucket(settings, &server, BUCKET)).await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("s3-chat-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    chat.reply(chat_id, &kim.token, "Stored in the bucket")
        .await;

    chat.app
        .post(&format!("/api/v1/chats/{chat_id}/close"), &kim.token)
        .await;

    let transcript_key = format!("chat-transcripts/chat-{chat_id}.txt");
    let transcript = object_appears(&server, &transcript_key).await;
    assert!(
        transcript.contains("Kim Lee: Stored in the bucket"),
        "{transcript}"
    );
    let metadata_key = format!("metadata/chat-{chat_id}.json");
    let metadata: Value =
        serde_json::from_str(&object_appears(&server, &metadata_key).await).expect("JSON");
    assert_eq!(metadata["id"], json!(chat_id));
    assert_eq!(server.versions(BUCKET, &transcript_key).await, 1);
    assert_eq!(server.versions(BUCKET, &metadata_key).await, 1);
}

#[tokio::test]
async fn the_folder_prefix_starts_every_key_in_the_bucket() {
    let server = S3Server::start().await;
    server.create_bucket(BUCKET).await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    use_bucket(&mut settings, &server, BUCKET);
    settings.storage.folder_prefix = "contact-center/ujet-".to_owned();
    let app = spawn_with(settings, db_dir).await;

    let call_id = wrapped_up_call(&app, "s3-call-2").await;

    object_appears(
        &server,
        &format!("contact-center/ujet-metadata/call-{call_id}.json"),
    )
    .await;
    assert_eq!(
        server
            .versions(BUCKET, &format!("metadata/call-{call_id}.json"))
            .await,
        0
    );
}

#[tokio::test]
async fn a_missing_bucket_keeps_the_file_scheduled_until_the_bucket_exists() {
    let server = S3Server::start().await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    use_bucket(&mut settings, &server, BUCKET);
    let app = spawn_with(settings, db_dir).await;
    let call_id = wrapped_up_call(&app, "s3-call-3").await;
    let session = format!("call:{call_id}");

    let error = eventually("a failed attempt is recorded", || async {
        app.query_text(&format!(
            "SELECT last_error FROM session_files WHERE session = '{session}' AND state = 'due' \
             AND attempts >= 1"
        ))
        .await
    })
    .await;
    assert!(error.contains("NoSuchBucket"), "{error}");

    server.create_bucket(BUCKET).await;

    let key = format!("metadata/call-{call_id}.json");
    object_appears(&server, &key).await;
    assert_eq!(server.versions(BUCKET, &key).await, 1);
    assert_eq!(written(&app, &session).await, "written");
}

#[tokio::test]
async fn refused_credentials_keep_the_file_scheduled_until_the_gateway_has_the_right_ones() {
    let server = S3Server::start_checking_credentials(BUCKET).await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    use_bucket(&mut settings, &server, BUCKET);
    let right = settings.storage.s3.clone();
    if let Some(s3) = settings.storage.s3.as_mut() {
        s3.access_key_id = Some("AKIAUNKNOWNKEY000000".to_owned());
    }
    let app = spawn_with(settings.clone(), db_dir).await;
    let call_id = wrapped_up_call(&app, "s3-call-5").await;
    let session = format!("call:{call_id}");
    let error = eventually("a refused attempt is recorded", || async {
        app.query_text(&format!(
            "SELECT last_error FROM session_files WHERE session = '{session}' AND state = 'due' \
             AND attempts >= 1"
        ))
        .await
    })
    .await;
    assert!(error.contains("InvalidAccessKeyId"), "{error}");
    let db_dir = app.stop().await;

    // The operator fixes the key and restarts the gateway.
    settings.storage.s3 = right;
    let app = spawn_with(settings, db_dir).await;

    let key = format!("metadata/call-{call_id}.json");
    let metadata: Value = serde_json::from_str(&object_appears(&server, &key).await).expect("JSON");
    assert_eq!(metadata["id"], json!(call_id));
    assert_eq!(written(&app, &session).await, "written");
}

/// Runs `statement` on the database of a stopped gateway.
async fn execute_offline(db_dir: &tempfile::TempDir, statement: &str) {
    let options =
        sqlx::sqlite::SqliteConnectOptions::new().filename(db_dir.path().join("gateway.db"));
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("open db");
    sqlx::query(statement)
        .execute(&pool)
        .await
        .expect("statement runs");
    pool.close().await;
}

async fn written(app: &TestApp, session: &str) -> String {
    eventually(
        &format!("the file of {session} is marked written"),
        || async {
            app.query_text(&format!(
                "SELECT state FROM session_files WHERE session = '{session}' AND state = 'written'"
            ))
            .await
        },
    )
    .await
}

#[tokio::test]
async fn a_file_due_when_the_gateway_stops_is_put_in_the_bucket_once_after_the_restart() {
    let server = S3Server::start().await;
    server.create_bucket(BUCKET).await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    use_bucket(&mut settings, &server, BUCKET);
    // No wrap-up and a long delay: the file is still due when the gateway stops.
    settings.storage.metadata_delay_secs = 3600;
    let app = spawn_with(settings.clone(), db_dir).await;
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring("s3-call-4", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    app.post(&format!("/api/v1/calls/{call_id}/hangup"), &kim.token)
        .await;
    let db_dir = app.stop().await;
    // The delay passes while the gateway is down.
    execute_offline(&db_dir, "UPDATE session_files SET due_at = 0").await;

    let app = spawn_with(settings.clone(), db_dir).await;
    let key = format!("metadata/call-{call_id}.json");
    object_appears(&server, &key).await;
    written(&app, &format!("call:{call_id}")).await;
    let db_dir = app.stop().await;
    let app = spawn_with(settings, db_dir).await;
    // Another call's file written after this restart shows the worker has run meanwhile.
    let second = wrapped_up_call(&app, "s3-call-4b").await;
    object_appears(&server, &format!("metadata/call-{second}.json")).await;

    assert_eq!(server.versions(BUCKET, &key).await, 1);
}
