//! Session outcome by email (seed 004 "CRM record update by email"): some time after a session
//! ends (`delay_secs`, the seed's 15 minutes), an email with the session's outcome — a readable
//! summary and the session metadata as JSON, with the chat transcript attached for chats — goes
//! to the configured address, for successfully finished sessions only (an answered call, a chat
//! an agent accepted), never for abandoned or missed ones.
//!
//! Who receives it follows the seed's inheritance table ([`recipient`]): a queue that does not
//! enable the feature inherits the global setting (on/off and address); a queue that enables it
//! sends to its own address, also when the global setting is off; an empty address sends
//! nothing.
//!
//! Durable like the session files: the email is scheduled in `outcome_emails` in the same
//! transaction as the session's end (one row per session), then the worker ([`run`]) builds the
//! message from the store when it is due, sends it over SMTP and marks it delivered
//! ([`Queue::OutcomeEmails`]). A failed attempt (SMTP down, refused) is retried with backoff
//! until `retry_window_secs` ends, then kept as a dead letter. A crash between the send and the
//! mark sends the message again with the same `Message-ID`, so a receiving CRM can drop it.

use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;

use crate::state::AppState;
use crate::store::queue::Queue;
use crate::store::{WriteTx, calls, chats, now_ms};

/// The `[outcome_email]` section: the global setting and the SMTP server.
#[derive(Clone, Debug, Deserialize)]
pub struct OutcomeEmailSettings {
    /// "Send session outcome via Email" for every queue that does not enable it itself.
    #[serde(default)]
    pub enabled: bool,
    /// Where the emails go (the global address); empty sends nothing.
    #[serde(default)]
    pub address: String,
    /// The sender, e.g. `Agent Adapter <no-reply@example.com>`.
    #[serde(default = "default_from")]
    pub from: String,
    /// Seconds after the session's end at which the email is sent (the seed: 15 minutes).
    #[serde(default = "default_delay")]
    pub delay_secs: u64,
    /// Seconds during which a failed email is retried before it is kept as a dead letter.
    #[serde(default = "default_retry_window")]
    pub retry_window_secs: u64,
    /// The SMTP server.
    pub smtp: SmtpSettings,
}

/// `[outcome_email.smtp]`.
#[derive(Clone, Debug, Deserialize)]
pub struct SmtpSettings {
    /// Host name (also the name its TLS certificate is checked against).
    pub host: String,
    /// Port; 25 without TLS, 587 with STARTTLS, 465 with TLS when absent.
    #[serde(default)]
    pub port: Option<u16>,
    /// `starttls` (default), `tls` (implicit TLS, "SMTPS"), or `none` (plain SMTP, for a relay
    /// on loopback or a trusted network only).
    #[serde(default)]
    pub tls: SmtpTls,
    /// User name for SMTP AUTH, with `password`.
    #[serde(default)]
    pub username: Option<String>,
    /// Password for SMTP AUTH.
    #[serde(default)]
    pub password: Option<SecretString>,
    /// Seconds one SMTP command may take.
    #[serde(default = "default_smtp_timeout")]
    pub timeout_secs: u64,
}

/// How the SMTP connection is protected.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP upgraded with STARTTLS; refused when the server does not offer it.
    #[default]
    Starttls,
    /// TLS from the first byte.
    Tls,
    /// No TLS at all.
    None,
}

/// A queue's `outcome_email` setting (`[[queues]] outcome_email = { … }`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueOutcomeEmail {
    /// The queue's own "Send session outcome via Email". Off: the queue inherits the global
    /// setting; on: the queue's address is used, even when the global setting is off.
    #[serde(default)]
    pub enabled: bool,
    /// The queue's address; empty (with `enabled`) sends nothing.
    #[serde(default)]
    pub address: String,
}

fn default_from() -> String {
    "Agent Adapter <no-reply@agent-adapter.invalid>".to_owned()
}

fn default_delay() -> u64 {
    15 * 60
}

fn default_retry_window() -> u64 {
    3 * 24 * 60 * 60
}

fn default_smtp_timeout() -> u64 {
    10
}

/// The address a session of a queue with `queue`'s setting is reported to, per the seed's
/// table; `None` sends nothing.
///
/// | Global | Queue | Sent to |
/// |---|---|---|
/// | off | off | nobody |
/// | off | on | the queue's address |
/// | on | off | the global address (the queue inherits) |
/// | on | on | the queue's address; nobody when it is empty |
pub fn recipient(
    global_enabled: bool,
    global_address: &str,
    queue: &QueueOutcomeEmail,
) -> Option<String> {
    let address = match (global_enabled, queue.enabled) {
        (_, true) => queue.address.trim(),
        (true, false) => global_address.trim(),
        (false, false) => return None,
    };
    (!address.is_empty()).then(|| address.to_owned())
}

impl OutcomeEmailSettings {
    /// The recipient for a session of the queue named `queue` (global setting when the queue is
    /// unknown).
    pub fn recipient_for(
        &self,
        settings: &crate::config::Settings,
        queue: Option<&str>,
    ) -> Option<String> {
        let inherited = QueueOutcomeEmail::default();
        let queue = queue
            .and_then(|name| settings.queue_by_name(name))
            .map_or(&inherited, |q| &q.outcome_email);
        recipient(self.enabled, &self.address, queue)
    }

    /// Checks the addresses and the SMTP settings.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.from.parse::<Mailbox>().map_err(|error| {
            anyhow::anyhow!(
                "outcome_email.from `{}` is not an email address: {error}",
                self.from
            )
        })?;
        check_address("outcome_email.address", &self.address)?;
        anyhow::ensure!(
            !self.smtp.host.trim().is_empty(),
            "outcome_email.smtp.host is empty"
        );
        anyhow::ensure!(
            self.smtp.username.is_some() == self.smtp.password.is_some(),
            "outcome_email.smtp needs both username and password, or neither"
        );
        anyhow::ensure!(
            self.smtp.timeout_secs > 0,
            "outcome_email.smtp.timeout_secs must be at least 1"
        );
        Ok(())
    }

    /// The SMTP client these settings describe.
    pub fn mailer(&self) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        let smtp = &self.smtp;
        let host = smtp.host.trim();
        let (tls, port) = match smtp.tls {
            SmtpTls::None => (Tls::None, 25),
            SmtpTls::Starttls => (
                Tls::Required(tls_parameters(host)?),
                lettre::transport::smtp::SUBMISSION_PORT,
            ),
            SmtpTls::Tls => (
                Tls::Wrapper(tls_parameters(host)?),
                lettre::transport::smtp::SUBMISSIONS_PORT,
            ),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(smtp.port.unwrap_or(port))
            .tls(tls)
            .timeout(Some(Duration::from_secs(smtp.timeout_secs)));
        if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                password.expose_secret().to_owned(),
            ));
        }
        Ok(builder.build())
    }
}

fn tls_parameters(host: &str) -> anyhow::Result<TlsParameters> {
    TlsParameters::new(host.to_owned())
        .with_context(|| format!("outcome_email.smtp.host `{host}`: cannot set up TLS for it"))
}

/// An address setting is empty or an email address.
pub fn check_address(setting: &str, address: &str) -> anyhow::Result<()> {
    let address = address.trim();
    if !address.is_empty() {
        address.parse::<Address>().map_err(|error| {
            anyhow::anyhow!("{setting} `{address}` is not an email address: {error}")
        })?;
    }
    Ok(())
}

/// Schedules the outcome email of a call that ended, when it was answered and its queue sends
/// outcomes.
pub async fn call_ended(
    tx: &mut WriteTx,
    state: &AppState,
    call_id: u64,
) -> Result<(), sqlx::Error> {
    let Some(email) = &state.settings.outcome_email else {
        return Ok(());
    };
    let Some(call) = calls::by_id(&mut tx.tx, call_id).await? else {
        return Ok(());
    };
    // Abandoned (hung up while ringing) and missed calls have no outcome to report.
    if call.answered_at.is_none() || call.state != "ended" {
        return Ok(());
    }
    match email.recipient_for(&state.settings, call.queue_name.as_deref()) {
        Some(to) => schedule(tx, email, &format!("call:{call_id}"), &to).await,
        None => Ok(()),
    }
}

/// Schedules the outcome email of a chat that closed, when an agent had accepted it and its
/// queue sends outcomes.
pub async fn chat_ended(
    tx: &mut WriteTx,
    state: &AppState,
    chat_id: u64,
) -> Result<(), sqlx::Error> {
    let Some(email) = &state.settings.outcome_email else {
        return Ok(());
    };
    let Some(chat) = chats::by_id(&mut tx.tx, chat_id).await? else {
        return Ok(());
    };
    // A chat the client left before any agent took it is abandoned.
    if chat.accepted_at.is_none() || chat.state != "closed" {
        return Ok(());
    }
    match email.recipient_for(&state.settings, Some(&chat.queue_name)) {
        Some(to) => schedule(tx, email, &format!("chat:{chat_id}"), &to).await,
        None => Ok(()),
    }
}

fn secs_to_ms(secs: u64) -> i64 {
    i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX)
}

async fn schedule(
    tx: &mut WriteTx,
    email: &OutcomeEmailSettings,
    session: &str,
    recipient: &str,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let due = now.saturating_add(secs_to_ms(email.delay_secs));
    sqlx::query(
        "INSERT INTO outcome_emails \
             (session, recipient, state, next_attempt_at, created_at, expires_at) \
         VALUES (?, ?, 'pending', ?, ?, ?) ON CONFLICT (session) DO NOTHING",
    )
    .bind(session)
    .bind(recipient)
    .bind(due)
    .bind(now)
    .bind(due.saturating_add(secs_to_ms(email.retry_window_secs)))
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
struct DueEmail {
    id: i64,
    session: String,
    recipient: String,
    attempts: i64,
    expires_at: i64,
}

/// Background task: sends due outcome emails until the process stops.
pub async fn run(state: AppState, mailer: AsyncSmtpTransport<Tokio1Executor>) {
    crate::worker::poll("outcome_emails", Duration::from_millis(200), || {
        send_due(&state, &mailer)
    })
    .await;
}

/// One pass over the due emails; returns how many were attempted.
pub async fn send_due(
    state: &AppState,
    mailer: &AsyncSmtpTransport<Tokio1Executor>,
) -> Result<usize, sqlx::Error> {
    let Some(settings) = &state.settings.outcome_email else {
        return Ok(0);
    };
    let due: Vec<DueEmail> = {
        let mut conn = state.store.read.acquire().await?;
        sqlx::query_as(
            "SELECT id, session, recipient, attempts, expires_at FROM outcome_emails \
             WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT 16",
        )
        .bind(now_ms())
        .fetch_all(&mut *conn)
        .await?
    };
    for email in &due {
        let message = {
            let mut conn = state.store.read.acquire().await?;
            outcome_message(&mut conn, state, settings, &email.session, &email.recipient).await?
        };
        let result = match message {
            Ok(message) => mailer
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| format!("SMTP {}: {error}", settings.smtp.host)),
            Err(error) => Err(error),
        };
        let mut tx = state.store.begin().await?;
        match result {
            Ok(()) => {
                Queue::OutcomeEmails
                    .mark_delivered(&mut tx.tx, email.id as u64)
                    .await?;
                tracing::info!(session = %email.session, "session outcome email sent");
            }
            Err(error) if now_ms() >= email.expires_at => {
                Queue::OutcomeEmails
                    .mark_dead(&mut tx.tx, email.id as u64, &error)
                    .await?;
                tracing::error!(%error, session = %email.session, "session outcome email given up");
            }
            Err(error) => {
                let delay = crate::outbox::retry_delay(
                    u32::try_from(email.attempts + 1).unwrap_or(u32::MAX),
                    1_000,
                    10 * 60 * 1_000,
                    rand::random::<f64>(),
                );
                Queue::OutcomeEmails
                    .mark_retry(
                        &mut tx.tx,
                        email.id as u64,
                        &error,
                        now_ms().saturating_add(delay as i64),
                    )
                    .await?;
                tracing::warn!(%error, session = %email.session, "session outcome email not sent; retrying");
            }
        }
        tx.commit(&state.hub).await?;
    }
    Ok(due.len())
}

/// The email for `session`, built from the store now; `Err` with the reason when it cannot be
/// built (the session is gone, an address does not parse).
async fn outcome_message(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    settings: &OutcomeEmailSettings,
    session: &str,
    recipient: &str,
) -> Result<Result<Message, String>, sqlx::Error> {
    let Some(metadata) = crate::storage::build(conn, state, session, "metadata").await? else {
        return Ok(Err("the session no longer exists".to_owned()));
    };
    let transcript = if session.starts_with("chat:") {
        crate::storage::build(conn, state, session, "transcript").await?
    } else {
        None
    };
    let metadata: Value = match serde_json::from_slice(&metadata) {
        Ok(value) => value,
        Err(error) => return Ok(Err(format!("unreadable metadata: {error}"))),
    };
    Ok(compose(settings, session, recipient, &metadata, transcript))
}

/// The message: subject, a plain-text body with the summary and the metadata JSON, and for a
/// chat the transcript as a TXT attachment.
pub fn compose(
    settings: &OutcomeEmailSettings,
    session: &str,
    recipient: &str,
    metadata: &Value,
    transcript: Option<Vec<u8>>,
) -> Result<Message, String> {
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|error| format!("outcome_email.from: {error}"))?;
    let to: Mailbox = recipient
        .parse()
        .map_err(|error| format!("recipient `{recipient}`: {error}"))?;
    let domain = from.email.domain().to_owned();
    let key = session.replace(':', "-");
    let json = serde_json::to_string_pretty(metadata).unwrap_or_default();
    let body = format!(
        "{}\nSession metadata (JSON):\n\n{json}\n",
        summary(metadata)
    );
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(body);
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject(metadata))
        .message_id(Some(format!("<outcome-{key}@{domain}>")));
    let message = match transcript {
        Some(transcript) => builder.multipart(MultiPart::mixed().singlepart(text).singlepart(
            Attachment::new(format!("{key}.txt")).body(transcript, ContentType::TEXT_PLAIN),
        )),
        None => builder.singlepart(text),
    };
    message.map_err(|error| format!("the message cannot be built: {error}"))
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// `Session outcome: call 12, Sales / FR, resolved`.
pub fn subject(metadata: &Value) -> String {
    let mut parts = vec![format!(
        "{} {}",
        text(&metadata["type"]).unwrap_or_else(|| "session".to_owned()),
        text(&metadata["id"]).unwrap_or_default()
    )];
    parts.extend(text(&metadata["queue"]["path"]));
    parts.extend(text(&metadata["disposition"]));
    format!("Session outcome: {}", parts.join(", "))
}

/// The data points a person reads first, one per line.
pub fn summary(metadata: &Value) -> String {
    let agents = metadata["agents"]
        .as_array()
        .map(|agents| {
            agents
                .iter()
                .filter_map(|a| match (text(&a["name"]), text(&a["email"])) {
                    (Some(name), Some(email)) => Some(format!("{name} <{email}>")),
                    (name, email) => name.or(email),
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let customer = text(&metadata["caller_display"])
        .or_else(|| text(&metadata["end_user"]["name"]))
        .unwrap_or_default();
    let secs = |key: &str| text(&metadata[key]).map(|s| format!("{s} s"));
    let lines = [
        ("Session", text(&metadata["session_id"])),
        ("Type", text(&metadata["session_type"])),
        ("Queue", text(&metadata["queue"]["path"])),
        ("Customer", Some(customer)),
        ("Agents", Some(agents)),
        ("Started", text(&metadata["started_at"])),
        ("Answered", text(&metadata["answered_at"])),
        ("Ended", text(&metadata["ended_at"])),
        ("Wait", secs("wait_secs")),
        ("Hold", secs("hold_secs")),
        ("Handle", secs("handle_secs")),
        ("Disposition", text(&metadata["disposition"])),
        ("Notes", text(&metadata["notes"])),
        ("Disconnected by", text(&metadata["disconnected_by"])),
        ("CRM record", text(&metadata["crm"]["record_id"])),
        ("CRM record URL", text(&metadata["crm"]["record_url"])),
    ];
    let mut out = String::new();
    for (label, value) in lines {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            out.push_str(&format!("{label}: {value}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(enabled: bool, address: &str) -> QueueOutcomeEmail {
        QueueOutcomeEmail {
            enabled,
            address: address.to_owned(),
        }
    }

    #[test]
    fn global_off_and_queue_off_sends_nothing() {
        assert_eq!(
            recipient(false, "global@example.com", &queue(false, "")),
            None
        );
    }

    #[test]
    fn global_off_and_queue_on_sends_to_the_queue_address() {
        assert_eq!(
            recipient(
                false,
                "global@example.com",
                &queue(true, "sales@example.com")
            ),
            Some("sales@example.com".to_owned())
        );
    }

    #[test]
    fn global_on_and_queue_off_inherits_the_global_address() {
        assert_eq!(
            recipient(
                true,
                "global@example.com",
                &queue(false, "sales@example.com")
            ),
            Some("global@example.com".to_owned())
        );
    }

    #[test]
    fn global_on_and_queue_on_sends_to_the_queue_address() {
        assert_eq!(
            recipient(
                true,
                "global@example.com",
                &queue(true, "sales@example.com")
            ),
            Some("sales@example.com".to_owned())
        );
    }

    #[test]
    fn global_on_and_queue_on_with_an_empty_queue_address_sends_nothing() {
        assert_eq!(
            recipient(true, "global@example.com", &queue(true, "  ")),
            None
        );
    }

    #[test]
    fn global_off_and_queue_on_with_an_empty_queue_address_sends_nothing() {
        assert_eq!(
            recipient(false, "global@example.com", &queue(true, "")),
            None
        );
    }

    #[test]
    fn global_on_with_an_empty_global_address_sends_nothing_for_an_inheriting_queue() {
        assert_eq!(recipient(true, "", &queue(false, "")), None);
    }

    fn settings() -> OutcomeEmailSettings {
        OutcomeEmailSettings {
            enabled: true,
            address: "crm@example.com".to_owned(),
            from: default_from(),
            delay_secs: 0,
            retry_window_secs: 60,
            smtp: SmtpSettings {
                host: "127.0.0.1".to_owned(),
                port: Some(2525),
                tls: SmtpTls::None,
                username: None,
                password: None,
                timeout_secs: 5,
            },
        }
    }

    fn call_metadata() -> Value {
        serde_json::json!({
            "id": 12, "type": "call", "session_id": "call-12", "session_type": "Voice Inbound",
            "queue": {"path": "Sales / FR"}, "caller_display": "+33 6 12 34 56 78",
            "agents": [{"name": "Kim Lee", "email": "kim@example.com"}],
            "disposition": "resolved", "notes": "Refund promised", "handle_secs": 42,
            "crm": null,
        })
    }

    #[test]
    fn the_subject_names_the_session_queue_and_disposition() {
        assert_eq!(
            subject(&call_metadata()),
            "Session outcome: call 12, Sales / FR, resolved"
        );
    }

    #[test]
    fn the_summary_lists_the_known_data_points_and_leaves_out_the_unknown() {
        let summary = summary(&call_metadata());

        assert!(
            summary.contains("Agents: Kim Lee <kim@example.com>\n"),
            "{summary}"
        );
        assert!(summary.contains("Handle: 42 s\n"), "{summary}");
        assert!(summary.contains("Notes: Refund promised\n"), "{summary}");
        assert!(!summary.contains("CRM record"), "{summary}");
    }

    #[test]
    fn a_chat_outcome_carries_the_transcript_as_an_attachment() {
        let message = compose(
            &settings(),
            "chat:5",
            "crm@example.com",
            &serde_json::json!({"id": 5, "type": "chat"}),
            Some(b"[t] Kim Lee: hello\n".to_vec()),
        )
        .expect("message");
        let raw = String::from_utf8(message.formatted()).expect("utf-8");

        assert!(raw.contains("filename=\"chat-5.txt\""), "{raw}");
        assert!(
            raw.contains("Message-ID: <outcome-chat-5@agent-adapter.invalid>"),
            "{raw}"
        );
    }

    #[test]
    fn a_recipient_that_is_not_an_address_is_reported() {
        let error = compose(
            &settings(),
            "call:1",
            "not an address",
            &call_metadata(),
            None,
        )
        .expect_err("refused");

        assert!(error.contains("not an address"), "{error}");
    }

    #[test]
    fn settings_with_an_invalid_sender_are_refused() {
        let mut settings = settings();
        settings.from = "nobody".to_owned();

        let error = settings.validate().expect_err("refused").to_string();

        assert!(error.contains("outcome_email.from"), "{error}");
    }

    /// The demo configuration with `[outcome_email]` and the sales queue's own address.
    fn configured(queue_setting: &str, section: &str) -> anyhow::Result<crate::config::Settings> {
        let toml = crate::config::DEMO_TOML.replace(
            "name = \"sales-fr\"\n",
            &format!("name = \"sales-fr\"\n{queue_setting}\n"),
        );
        crate::config::Settings::from_toml(&format!("{toml}\n{section}"))
    }

    const SECTION: &str = r#"
[outcome_email]
enabled = true
address = "crm-inbox@example.com"
from = "Contact center <no-reply@example.com>"

[outcome_email.smtp]
host = "smtp.example.com"
tls = "starttls"
username = "adapter"
password = "secret"
"#;

    #[test]
    fn the_configuration_resolves_each_queue_recipient() {
        let settings = configured(
            r#"outcome_email = { enabled = true, address = "sales-crm@example.com" }"#,
            SECTION,
        )
        .expect("valid");
        let email = settings.outcome_email.as_ref().expect("the section");

        assert_eq!(
            email.recipient_for(&settings, Some("sales-fr")).as_deref(),
            Some("sales-crm@example.com")
        );
        assert_eq!(
            email.recipient_for(&settings, Some("support")).as_deref(),
            Some("crm-inbox@example.com")
        );
        assert_eq!(email.delay_secs, 900);
        email.mailer().expect("an SMTP client");
    }

    #[test]
    fn a_queue_enabling_outcome_emails_without_an_smtp_server_is_refused() {
        let error = configured(
            r#"outcome_email = { enabled = true, address = "a@example.com" }"#,
            "",
        )
        .expect_err("refused")
        .to_string();

        assert!(
            error.contains("queue `sales-fr` enables outcome_email"),
            "{error}"
        );
    }

    #[test]
    fn a_queue_address_that_is_not_an_address_is_refused() {
        let error = configured(
            r#"outcome_email = { enabled = true, address = "sales" }"#,
            SECTION,
        )
        .expect_err("refused")
        .to_string();

        assert!(
            error.contains("queue `sales-fr` outcome_email.address `sales`"),
            "{error}"
        );
    }

    #[test]
    fn the_smtp_password_never_shows_in_debug_output() {
        let settings = configured("", SECTION).expect("valid");

        assert!(!format!("{:?}", settings.outcome_email).contains("\"secret\""));
    }
}
