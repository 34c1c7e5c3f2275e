//! Session outcome by email, delivered to a real SMTP server (`aiosmtpd`) on loopback.

use gateway::config::Settings;
use gateway::outcome_email::{OutcomeEmailSettings, QueueOutcomeEmail, SmtpSettings, SmtpTls};
use reqwest::Method;
use serde_json::json;

use crate::chat_support::{SALES, eventually, spawn_chat_app_with};
use crate::helpers::{TestApp, spawn_with, test_settings};
use crate::servers::{SmtpSink, free_port};

const GLOBAL_ADDRESS: &str = "crm-inbox@example.com";

/// Outcome emails on for every queue, sent at once to `GLOBAL_ADDRESS` through the SMTP server
/// on `port`.
fn send_outcomes(settings: &mut Settings, port: u16) {
    settings.outcome_email = Some(OutcomeEmailSettings {
        enabled: true,
        address: GLOBAL_ADDRESS.to_owned(),
        from: "Agent Adapter <no-reply@adapter.example.com>".to_owned(),
        delay_secs: 0,
        retry_window_secs: 3600,
        smtp: SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port: Some(port),
            tls: SmtpTls::None,
            username: None,
            password: None,
            timeout_secs: 5,
        },
    });
}

async fn spawn_sending_to(port: u16, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    send_outcomes(&mut settings, port);
    adjust(&mut settings);
    spawn_with(settings, db_dir).await
}

/// Kim answers, hangs up and wraps up a call; returns its id.
async fn wrapped_up_call(app: &TestApp, external_id: &str) -> u64 {
    let kim = app.login("kim@example.com").await;
    let call_id = app.ring(external_id, "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    app.post(&format!("/api/v1/calls/{call_id}/hangup"), &kim.token)
        .await;
    let wrap_up = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calls/{call_id}/wrap-up"),
            &kim.token,
            &json!({"disposition": "resolved", "notes": "Refund promised"}),
        )
        .await;
    assert_eq!(wrap_up.status(), 200);
    call_id
}

/// Waits for the sink to hold `count` messages and returns them.
async fn messages(sink: &SmtpSink, count: usize) -> Vec<String> {
    eventually(&format!("{count} message(s) at the SMTP sink"), || async {
        let messages = sink.messages();
        (messages.len() >= count).then_some(messages)
    })
    .await
}

/// The text of a raw message with quoted-printable soft line breaks joined.
fn unfolded(raw: &str) -> String {
    raw.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("\r\n", "\n")
}

async fn email_state(app: &TestApp, session: &str) -> Option<String> {
    app.query_text(&format!(
        "SELECT state FROM outcome_emails WHERE session = '{session}'"
    ))
    .await
}

#[tokio::test]
async fn a_finished_call_sends_its_outcome_to_the_global_address() {
    let sink = SmtpSink::start().await;
    let app = spawn_sending_to(sink.port, |_| {}).await;

    let call_id = wrapped_up_call(&app, "mail-call-1").await;

    let raw = unfolded(&messages(&sink, 1).await[0]);
    assert!(
        raw.contains(&format!("X-RcptTo: {GLOBAL_ADDRESS}")),
        "{raw}"
    );
    assert!(
        raw.contains(&format!(
            "Subject: Session outcome: call {call_id}, Sales / FR, resolved"
        )),
        "{raw}"
    );
    assert!(raw.contains("Notes: Refund promised"), "{raw}");
    assert!(raw.contains("Agents: Kim Lee <kim@example.com>"), "{raw}");
    assert!(raw.contains(&format!("\"id\": {call_id},")), "{raw}");
    assert!(raw.contains("\"disposition\": \"resolved\""), "{raw}");
}

#[tokio::test]
async fn a_closed_chat_sends_its_outcome_to_its_queue_address_with_the_transcript() {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let chat = spawn_chat_app_with(|settings| {
        send_outcomes(settings, port);
        // Global off; the chat's queue sends to its own address.
        if let Some(email) = settings.outcome_email.as_mut() {
            email.enabled = false;
        }
        let queue = settings
            .queues
            .iter_mut()
            .find(|q| q.id == SALES)
            .expect("the sales queue");
        queue.outcome_email = QueueOutcomeEmail {
            enabled: true,
            address: "sales-team@example.com".to_owned(),
        };
    })
    .await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("mail-chat-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    chat.reply(chat_id, &kim.token, "Your parcel left today")
        .await;

    chat.app
        .post(&format!("/api/v1/chats/{chat_id}/close"), &kim.token)
        .await;

    let raw = unfolded(&messages(&sink, 1).await[0]);
    assert!(raw.contains("X-RcptTo: sales-team@example.com"), "{raw}");
    assert!(
        raw.contains(&format!("Subject: Session outcome: chat {chat_id}")),
        "{raw}"
    );
    assert!(
        raw.contains(&format!("filename=\"chat-{chat_id}.txt\"")),
        "{raw}"
    );
    assert!(raw.contains("Kim Lee: Your parcel left today"), "{raw}");
    assert!(raw.contains("\"outbound\": 1"), "{raw}");
}

#[tokio::test]
async fn an_abandoned_call_sends_no_outcome_email() {
    let sink = SmtpSink::start().await;
    let app = spawn_sending_to(sink.port, |_| {}).await;
    let abandoned = app.ring("mail-call-2", "sales-fr").await;
    let ended = app
        .telephony(
            &json!({"event": "ended", "destinationPhone": "0033123456789",
            "startDate": "2018-02-28 12:57:13", "externalId": "mail-call-2"}),
        )
        .await;
    assert_eq!(ended.status(), 200);

    // A call finished afterwards: its email shows the worker has run past the abandoned one.
    let answered = wrapped_up_call(&app, "mail-call-3").await;

    let messages = messages(&sink, 1).await;
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains(&format!("Session outcome: call {answered}")),
        "{}",
        messages[0]
    );
    assert_eq!(email_state(&app, &format!("call:{abandoned}")).await, None);
}

#[tokio::test]
async fn an_outcome_email_waits_for_the_configured_delay() {
    let sink = SmtpSink::start().await;
    let app = spawn_sending_to(sink.port, |settings| {
        if let Some(email) = settings.outcome_email.as_mut() {
            email.delay_secs = 900;
        }
    })
    .await;

    let call_id = wrapped_up_call(&app, "mail-call-4").await;

    let waiting = app
        .query_text(&format!(
            "SELECT state FROM outcome_emails WHERE session = 'call:{call_id}' \
             AND next_attempt_at > created_at + 899000"
        ))
        .await;
    assert_eq!(waiting.as_deref(), Some("pending"));
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn an_outcome_email_is_retried_while_smtp_is_down_and_sent_once_when_it_is_back() {
    let port = free_port();
    let app = spawn_sending_to(port, |_| {}).await;
    let call_id = wrapped_up_call(&app, "mail-call-5").await;
    let session = format!("call:{call_id}");
    let error = eventually("a failed attempt is recorded", || async {
        app.query_text(&format!(
            "SELECT last_error FROM outcome_emails WHERE session = '{session}' \
             AND state = 'pending' AND attempts >= 1"
        ))
        .await
    })
    .await;
    assert!(error.contains("SMTP 127.0.0.1"), "{error}");

    let sink = SmtpSink::start_on(port).await;

    let messages = messages(&sink, 1).await;
    delivered(&app, &session).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(sink.messages().len(), 1, "sent once");
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

/// Waits until the email of `session` is recorded as delivered.
async fn delivered(app: &TestApp, session: &str) {
    eventually(
        &format!("the email of {session} is marked delivered"),
        || async {
            email_state(app, session)
                .await
                .filter(|state| state == "delivered")
        },
    )
    .await;
}

#[tokio::test]
async fn an_email_due_when_the_gateway_stops_is_sent_once_after_the_restart() {
    let sink = SmtpSink::start().await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    send_outcomes(&mut settings, sink.port);
    if let Some(email) = settings.outcome_email.as_mut() {
        email.delay_secs = 3600;
    }
    let app = spawn_with(settings.clone(), db_dir).await;
    let first = wrapped_up_call(&app, "mail-call-6").await;
    let db_dir = app.stop().await;
    // The delay passes while the gateway is down.
    execute_offline(&db_dir, "UPDATE outcome_emails SET next_attempt_at = 0").await;

    let app = spawn_with(settings.clone(), db_dir).await;
    messages(&sink, 1).await;
    delivered(&app, &format!("call:{first}")).await;
    let db_dir = app.stop().await;
    let app = spawn_with(settings, db_dir).await;
    // Another call's email sent after this restart shows the worker has run meanwhile.
    let second = wrapped_up_call(&app, "mail-call-7").await;
    app.execute(&format!(
        "UPDATE outcome_emails SET next_attempt_at = 0 WHERE session = 'call:{second}'"
    ))
    .await;

    let messages = messages(&sink, 2).await;
    assert_eq!(messages.len(), 2);
    let about_first = messages
        .iter()
        .filter(|m| m.contains(&format!("Session outcome: call {first},")))
        .count();
    assert_eq!(about_first, 1, "the first call's email is sent once");
}
