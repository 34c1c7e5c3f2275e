//! Session metadata files and chat transcripts in the storage, written once, and uploaded to
//! the CRM record.

use reqwest::Method;
use serde_json::{Value, json};

use crate::chat_support::{SALES, eventually, spawn_chat_app_with};
use crate::helpers::{TestApp, spawn_with, test_settings};

/// Kim answers and hangs up a call; returns her token and the call id.
async fn finished_call(app: &TestApp, external_id: &str) -> (String, u64) {
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring(external_id, "sales-fr").await;
    let answer = app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    assert_eq!(answer.status(), 200);
    let hangup = app
        .post(&format!("/api/v1/calls/{call_id}/hangup"), &kim.token)
        .await;
    assert_eq!(hangup.status(), 200);
    (kim.token, call_id)
}

async fn wrap_up(app: &TestApp, token: &str, call_id: u64, notes: &str) {
    let response = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calls/{call_id}/wrap-up"),
            token,
            &json!({"disposition": "resolved", "notes": notes}),
        )
        .await;
    assert_eq!(response.status(), 200);
}

fn storage_file(app: &TestApp, path: &str) -> std::path::PathBuf {
    app.settings.storage.path.join(path)
}

async fn file_appears(app: &TestApp, path: &str) -> String {
    let full = storage_file(app, path);
    eventually(&format!("{path} in the storage"), || {
        let full = full.clone();
        async move { std::fs::read_to_string(&full).ok() }
    })
    .await
}

#[tokio::test]
async fn the_storage_has_the_seed_folders() {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let settings = test_settings(&db_dir);
    let app = spawn_with(settings, db_dir).await;

    for folder in gateway::storage::FOLDERS {
        assert!(storage_file(&app, folder).is_dir(), "{folder}");
    }
}

#[tokio::test]
async fn a_wrapped_up_call_gets_a_metadata_file_with_twenty_data_points() {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let app = spawn_with(test_settings(&db_dir), db_dir).await;
    let (token, call_id) = finished_call(&app, "meta-1").await;

    wrap_up(&app, &token, call_id, "Promised a refund").await;

    let text = file_appears(&app, &format!("metadata/call-{call_id}.json")).await;
    let metadata: Value = serde_json::from_str(&text).expect("JSON");
    let points = metadata.as_object().map(|o| o.len()).unwrap_or(0);
    assert!(points >= 20, "{points} data points: {metadata}");
    assert_eq!(metadata["id"], json!(call_id));
    assert_eq!(metadata["type"], json!("call"));
    assert_eq!(metadata["disposition"], json!("resolved"));
    assert_eq!(metadata["notes"], json!("Promised a refund"));
    assert_eq!(metadata["disconnected_by"], json!("agent"));
    assert_eq!(metadata["queue"]["path"], json!("Sales / FR"));
    assert_eq!(metadata["agents"][0]["email"], json!("kim@example.com"));
    assert_eq!(metadata["participants"][0]["type"], json!("end_user"));
}

#[tokio::test]
async fn a_call_that_is_not_wrapped_up_waits_for_the_metadata_delay() {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let app = spawn_with(test_settings(&db_dir), db_dir).await;
    let (_token, call_id) = finished_call(&app, "meta-2").await;

    let due = eventually("the metadata file is scheduled", || async {
        app.query_text(&format!(
            "SELECT state FROM session_files WHERE session = 'call:{call_id}'"
        ))
        .await
    })
    .await;

    assert_eq!(due, "due");
    assert!(!storage_file(&app, &format!("metadata/call-{call_id}.json")).exists());
}

#[tokio::test]
async fn a_file_due_when_the_gateway_stops_is_written_after_the_restart_and_only_once() {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let settings = test_settings(&db_dir);
    let app = spawn_with(settings.clone(), db_dir).await;
    let (_token, call_id) = finished_call(&app, "meta-3").await;
    let path = format!("metadata/call-{call_id}.json");
    // The delay has passed while the gateway was down.
    app.execute("UPDATE session_files SET due_at = 0").await;
    let db_dir = app.stop().await;

    let app = spawn_with(settings.clone(), db_dir).await;
    file_appears(&app, &path).await;
    std::fs::remove_file(storage_file(&app, &path)).expect("remove");
    let db_dir = app.stop().await;
    let app = spawn_with(settings, db_dir).await;
    // Another session's file written after the restart shows the worker has run meanwhile.
    let kim = app.login("kim@example.com").await;
    let second = app.ring("meta-3b", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{second}/answer"), &kim.token)
        .await;
    app.post(&format!("/api/v1/calls/{second}/hangup"), &kim.token)
        .await;
    wrap_up(&app, &kim.token, second, "").await;
    file_appears(&app, &format!("metadata/call-{second}.json")).await;

    assert!(
        !storage_file(&app, &path).exists(),
        "a written file is not written again"
    );
    assert_eq!(
        app.query_text(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) FROM session_files WHERE session = 'call:{call_id}'"
        ))
        .await
        .as_deref(),
        Some("1")
    );
}

#[tokio::test]
async fn a_closed_chat_gets_its_transcript_and_metadata() {
    let chat = spawn_chat_app_with(|_| {}).await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("meta-chat-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    chat.reply(chat_id, &kim.token, "Your parcel left today")
        .await;

    let close = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/close"), &kim.token)
        .await;
    assert_eq!(close.status(), 200);

    let transcript = file_appears(&chat.app, &format!("chat-transcripts/chat-{chat_id}.txt")).await;
    assert!(
        transcript.contains("Kim Lee: Your parcel left today"),
        "{transcript}"
    );
    let metadata: Value = serde_json::from_str(
        &file_appears(&chat.app, &format!("metadata/chat-{chat_id}.json")).await,
    )
    .expect("JSON");
    assert!(
        metadata.as_object().map_or(0, |o| o.len()) >= 20,
        "{metadata}"
    );
    assert_eq!(metadata["messages"]["outbound"], json!(1));
    assert_eq!(metadata["disconnected_by"], json!("agent"));
}

#[tokio::test]
async fn the_folder_prefix_gives_the_seed_folder_names() {
    let chat =
        spawn_chat_app_with(|settings| settings.storage.folder_prefix = "ujet-".into()).await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("meta-chat-2", SALES).await;
    chat.accept(chat_id, &kim.token).await;

    chat.app
        .post(&format!("/api/v1/chats/{chat_id}/close"), &kim.token)
        .await;

    file_appears(
        &chat.app,
        &format!("ujet-chat-transcripts/chat-{chat_id}.txt"),
    )
    .await;
    file_appears(&chat.app, &format!("ujet-metadata/chat-{chat_id}.json")).await;
}
