//! The CRM flows of the seed's "Custom CRM generic API: Flows": on answer of a call or accept
//! of a chat, find or create the account, then find (an open one, when configured) or create
//! the record, and tell the agent's widget the record URL to pop; comments on start, transfer,
//! end and wrap-up; a record update at the end and after the wrap-up.
//!
//! Every CRM call is a job in `crm_jobs`, queued in the same transaction as the change it
//! reports. The worker ([`run`]) attempts only the oldest pending job of each session, so a
//! session's calls reach the CRM in order (the record exists before its comments). A failure
//! that the policy retries (HTTP 400 per the seed, plus transport failures and timeouts) is
//! tried again with exponential backoff and jitter (the outbox's [`retry_delay`]) until the
//! job's retry window (a week) ends; any other failure gives the job up at once. Given-up jobs
//! stay as dead letters (`GET /api/v1/crm/dead`). Every request of a job carries the job's
//! `Idempotency-Key` (see [`super::client`]), so a CRM can recognise the repeat of an attempt
//! whose answer was lost. The agent sees the lookup go `pending` →
//! `ready`, or `retrying` → `ready` / `failed`, through `crm_updated` stream events.

use std::collections::BTreeMap;
use std::time::Duration;

use protocol::api::CallTransfer;
use protocol::crm::{CrmLookupState, CrmSessionRef, CrmSessionView};
use protocol::stream::StreamEvent;
use serde::{Deserialize, Serialize};

use super::client::FileData;
use super::client::{CrmClient, CrmError, CrmResponse};
use super::settings::{AttachmentType, CrmSettings, Endpoint, UploadFile};
use super::template::{self, PhonePurpose, Variables};
use crate::outbox::retry_delay;
use crate::state::AppState;
use crate::store::queue::Queue;
use crate::store::{WriteTx, calls, chats, crm as store, now_ms};

/// How many due jobs one pass picks up.
const BATCH: u32 = 32;

/// How long the worker rests when nothing was due.
const IDLE: Duration = Duration::from_millis(100);

/// One queued step of a session's CRM flow.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Find or create the account, then the record; pop the record.
    Link,
    /// Add a comment to the record.
    Comment {
        /// The comment text.
        body: String,
    },
    /// Update the record (subject, description, durations).
    Update,
    /// Upload a session file from the storage to the record.
    Upload {
        /// Object path in the storage.
        path: String,
        /// MIME type.
        content_type: String,
    },
}

impl Step {
    fn name(&self) -> &'static str {
        match self {
            Self::Link => "link",
            Self::Comment { .. } => "comment",
            Self::Update => "update",
            Self::Upload { .. } => "upload",
        }
    }
}

/// What a job carries: its step and the session's variables when it was queued.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Job {
    #[serde(flatten)]
    step: Step,
    vars: BTreeMap<String, String>,
}

/// The variables of a call, as the seed's table names them. `ACCOUNT_ID` and `RECORD_ID` are
/// added when the job runs.
pub fn call_variables(state: &AppState, call: &calls::CallRow) -> Variables {
    let mut vars = Variables::new();
    let agent_id = call.agent_id.map(|id| id as u64);
    agent_variables(state, agent_id, &mut vars);
    if let Some(phone) = &call.caller_phone {
        vars.set("PHONE_NUMBER", phone.clone());
        vars.set("ANI", phone.clone());
    }
    vars.set("OUTBOUND_PHONE_NUMBER", call.destination_phone.clone());
    vars.set("Call_ID", call.id.to_string());
    vars.set("SESSION_ID", format!("call-{}", call.id));
    vars.set("SESSION_TYPE", call.session_type.clone());
    vars.set("CHANNEL", "voice_call");
    vars.set("TYPE", "IVR_Call");
    vars.set_opt("QUEUE_NAME", call.queue_name.clone());
    vars.set_opt("QUEUE_ID", call.queue_id.map(|id| id.to_string()));
    vars.set_opt("MENU_ID", call.queue_id.map(|id| id.to_string()));
    vars.set_opt("MENU_PATH", call.queue_path.clone());
    vars.set(
        "TICKET_SUBJECT",
        format!("Call from {}", call.caller_display),
    );
    vars.set(
        "TICKET_DESCRIPTION",
        format!(
            "{} call from {} to {}",
            call.session_type, call.caller_display, call.destination_phone
        ),
    );
    let answered = call.answered_at.unwrap_or(call.started_at);
    vars.set(
        "WAIT_TIME",
        template::mm_ss(secs(answered - call.started_at)),
    );
    if let (Some(answered), Some(ended)) = (call.answered_at, call.ended_at) {
        vars.set("CALL_DURATION", template::mm_ss(secs(ended - answered)));
    }
    let hold = call.hold_ms
        + call
            .hold_started_at
            .map(|since| call.ended_at.unwrap_or_else(now_ms) - since)
            .unwrap_or(0);
    vars.set("HOLD_TIME", template::mm_ss(secs(hold)));
    vars.set_opt(
        "DISCONNECTED_BY",
        call.end_reason.as_deref().map(|reason| match reason {
            "agent_hung_up" => "agent",
            "caller_hung_up" => "end_user",
            other => other,
        }),
    );
    vars
}

/// The variables of a chat. Pre-chat attributes `name`, `email`, `phone`, `cuid` (or
/// `custom_user_id`), `lang` and `account_id` fill the end user's variables when present.
pub fn chat_variables(state: &AppState, chat: &chats::ChatRow) -> Variables {
    let mut vars = Variables::new();
    agent_variables(state, chat.agent_id.map(|id| id as u64), &mut vars);
    let attributes: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&chat.attributes).unwrap_or_default();
    let attribute = |names: &[&str]| {
        names.iter().find_map(|name| {
            attributes
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| template::scalar_text(v))
        })
    };
    let name = attribute(&["name", "userName"]).unwrap_or_else(|| chat.user_name.clone());
    vars.set_name(&name);
    vars.set("SDK_NAME", name.clone());
    if let Some(email) = attribute(&["email"]) {
        vars.set("EMAIL", email.clone());
        vars.set("SDK_EMAIL", email.clone());
        vars.set(
            "CUSTOM_USER_ID",
            email.split('@').next().unwrap_or_default().to_owned(),
        );
    }
    if let Some(phone) = attribute(&["phone", "phone_number"]) {
        vars.set("PHONE_NUMBER", phone.clone());
        vars.set("SDK_PHONE", phone);
    }
    vars.set_opt("CUID", attribute(&["cuid", "custom_user_id"]));
    if let Some(cuid) = attribute(&["cuid", "custom_user_id"]) {
        vars.set("CUSTOM_USER_ID", cuid);
    }
    vars.set_opt("LANG", attribute(&["lang", "language"]));
    vars.set_opt("ACCOUNT_ID", attribute(&["account_id"]));
    vars.set("UJET_ID", chat.user_id.clone());
    vars.set("SDK_IDENTIFIER", chat.user_id.clone());
    vars.set("Chat_ID", chat.id.to_string());
    vars.set("SESSION_ID", format!("chat-{}", chat.id));
    vars.set("SESSION_TYPE", chat.session_type.clone());
    vars.set("CHANNEL", "chat");
    vars.set("TYPE", "Web");
    vars.set("QUEUE_NAME", chat.queue_name.clone());
    vars.set("QUEUE_ID", chat.queue_id.to_string());
    vars.set("MENU_ID", chat.queue_id.to_string());
    vars.set("MENU_PATH", chat.queue_path.clone());
    vars.set("TICKET_SUBJECT", format!("Chat with {name}"));
    vars.set(
        "TICKET_DESCRIPTION",
        format!("{} chat with {name}", chat.session_type),
    );
    let accepted = chat.accepted_at.unwrap_or(chat.created_at);
    vars.set(
        "WAIT_TIME",
        template::mm_ss(secs(accepted - chat.created_at)),
    );
    if let (Some(accepted), Some(closed)) = (chat.accepted_at, chat.closed_at) {
        vars.set("CALL_DURATION", template::mm_ss(secs(closed - accepted)));
    }
    vars.set_opt(
        "DISCONNECTED_BY",
        chat.closed_by.as_deref().map(|by| match by {
            "customer" => "end_user",
            other => other,
        }),
    );
    vars
}

fn agent_variables(state: &AppState, agent_id: Option<u64>, vars: &mut Variables) {
    let Some(agent) = agent_id.and_then(|id| state.settings.agent(id)) else {
        return;
    };
    vars.set("AGENT_ID", agent.id.to_string());
    vars.set("AGENT_EMAIL", agent.email.clone());
    vars.set_opt("AGENT_CUSTOM_ID", agent.custom_id.clone());
}

fn secs(ms: i64) -> u64 {
    u64::try_from(ms.max(0) / 1000).unwrap_or(0)
}

/// The CRM side of a session for `GET /api/v1/crm/sessions/…`: with the custom lookup URL
/// while the session is open, built now and not stored.
pub async fn live_view(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    session: CrmSessionRef,
) -> Result<Option<(CrmSessionView, Option<u64>)>, sqlx::Error> {
    let Some(settings) = state.settings.crm.as_ref() else {
        return Ok(None);
    };
    let (vars, open) = match session {
        CrmSessionRef::Call(id) => match calls::by_id(conn, id).await? {
            Some(call) => (call_variables(state, &call), call.ended_at.is_none()),
            None => return Ok(None),
        },
        CrmSessionRef::Chat(id) => match chats::by_id(conn, id).await? {
            Some(chat) => (chat_variables(state, &chat), chat.closed_at.is_none()),
            None => return Ok(None),
        },
    };
    let row = store::session(conn, &store::key(session)).await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut crm = view(settings, session, Some(&row), &vars);
    if open {
        crm.lookup_url = lookup_url(settings, session, &vars);
    }
    Ok(Some((crm, row.agent_id.map(|id| id as u64))))
}

/// The custom lookup URL of a session (voice template for calls, chat template for chats),
/// with the phone number written in the configured format.
pub fn lookup_url(
    settings: &CrmSettings,
    session: CrmSessionRef,
    vars: &Variables,
) -> Option<String> {
    let template = match session {
        CrmSessionRef::Call(_) => settings.lookup_url_voice.as_deref(),
        CrmSessionRef::Chat(_) => settings.lookup_url_chat.as_deref(),
    }?;
    let vars = phone_formatted(settings, vars, PhonePurpose::Search);
    template::render_url(template, &vars)
}

/// `vars` with `PHONE_NUMBER`, `OUTBOUND_PHONE_NUMBER`, `SDK_PHONE` and `ANI` written in the
/// configured format for `purpose`.
fn phone_formatted(settings: &CrmSettings, vars: &Variables, purpose: PhonePurpose) -> Variables {
    let mut vars = vars.clone();
    for name in ["PHONE_NUMBER", "OUTBOUND_PHONE_NUMBER", "SDK_PHONE", "ANI"] {
        if let Some(value) = vars.get(name).map(str::to_owned) {
            vars.set(
                name,
                template::format_phone(&value, settings.phone_format, purpose),
            );
        }
    }
    vars
}

/// The widget's view of a session's CRM side. Stream events (kept for replay) carry no custom
/// lookup URL: it holds the caller's number or email, and the seed keeps it only while the
/// session lasts; [`live_view`] adds it.
pub fn view(
    settings: &CrmSettings,
    session: CrmSessionRef,
    row: Option<&store::CrmSessionRow>,
    vars: &Variables,
) -> CrmSessionView {
    let mut vars = vars.clone();
    if let Some(row) = row {
        if let Some(id) = &row.account_id {
            vars.set("ACCOUNT_ID", id.clone());
        }
        if let Some(id) = &row.record_id {
            vars.set("RECORD_ID", id.clone());
        }
    }
    let state = row
        .map(store::CrmSessionRow::lookup_state)
        .unwrap_or(CrmLookupState::NotConfigured);
    let ready = state == CrmLookupState::Ready;
    let write = phone_formatted(settings, &vars, PhonePurpose::Write);
    let url = |template: &Option<String>| {
        template
            .as_deref()
            .filter(|_| ready)
            .and_then(|t| template::render_url(t, &write))
    };
    let account_created = row.is_some_and(|r| r.account_created);
    CrmSessionView {
        session,
        state,
        lookup_url: None,
        account_id: row.and_then(|r| r.account_id.clone()),
        record_id: row.and_then(|r| r.record_id.clone()),
        account_url: url(&settings.account_lookup_url),
        record_url: url(&settings.record_lookup_url),
        screen_pop_url: url(&settings.open_custom_url).filter(|_| account_created),
        error: row
            .filter(|_| matches!(state, CrmLookupState::Retrying | CrmLookupState::Failed))
            .and_then(|r| r.last_error.clone()),
    }
}

fn api_configured(settings: &CrmSettings) -> bool {
    settings.endpoints.create_account.is_some()
}

async fn enqueue(
    tx: &mut WriteTx,
    settings: &CrmSettings,
    session: &str,
    step: Step,
    vars: &Variables,
) -> Result<(), sqlx::Error> {
    let name = step.name();
    let job = Job {
        step,
        vars: vars.clone().into_map(),
    };
    let payload = serde_json::to_string(&job).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let window_ms = settings
        .retry
        .window_secs
        .saturating_mul(1000)
        .min(i64::MAX as u64) as i64;
    store::enqueue(&mut tx.tx, session, name, &payload, window_ms).await?;
    Ok(())
}

/// A session was answered (call) or accepted (chat) by `agent_id`: the first time, queues the
/// lookup and the start comment and tells the agent the lookup is pending; after a transfer,
/// the new agent takes over the CRM side and is told what is known.
pub async fn session_started(
    tx: &mut WriteTx,
    state: &AppState,
    session: CrmSessionRef,
    agent_id: u64,
    vars: &Variables,
) -> Result<(), sqlx::Error> {
    let Some(settings) = state.settings.crm.as_ref() else {
        return Ok(());
    };
    let key = store::key(session);
    let existing = store::session(&mut tx.tx, &key).await?;
    let initial = if api_configured(settings) {
        CrmLookupState::Pending
    } else {
        CrmLookupState::NotConfigured
    };
    store::open(&mut tx.tx, &key, agent_id, initial).await?;
    if existing.is_none() && api_configured(settings) {
        enqueue(tx, settings, &key, Step::Link, vars).await?;
        if settings.endpoints.comment.is_some() {
            let body = match session {
                CrmSessionRef::Call(id) => format!("Call {id} started"),
                CrmSessionRef::Chat(id) => format!("Chat {id} started"),
            };
            let with_agent = match vars.get("AGENT_EMAIL") {
                Some(email) => format!("{body}, answered by {email}."),
                None => format!("{body}."),
            };
            enqueue(tx, settings, &key, Step::Comment { body: with_agent }, vars).await?;
        }
    } else if existing.is_some()
        && settings.endpoints.comment.is_some()
        && let Some(email) = vars.get("AGENT_EMAIL")
    {
        let body = format!("{email} joined after a transfer.");
        enqueue(tx, settings, &key, Step::Comment { body }, vars).await?;
    }
    let row = store::session(&mut tx.tx, &key).await?;
    let crm = view(settings, session, row.as_ref(), vars);
    tx.emit(agent_id, StreamEvent::CrmUpdated { crm }).await?;
    Ok(())
}

/// Queues a comment on the session's record, if the session has a CRM side and comments are
/// configured.
pub async fn comment(
    tx: &mut WriteTx,
    state: &AppState,
    session: CrmSessionRef,
    body: String,
    vars: &Variables,
) -> Result<(), sqlx::Error> {
    let Some(settings) = state.settings.crm.as_ref() else {
        return Ok(());
    };
    if settings.endpoints.comment.is_none() || !api_configured(settings) {
        return Ok(());
    }
    let key = store::key(session);
    if store::session(&mut tx.tx, &key).await?.is_none() {
        return Ok(());
    }
    enqueue(tx, settings, &key, Step::Comment { body }, vars).await
}

/// A transfer: a comment naming who handed the session over and where it went.
pub async fn transferred(
    tx: &mut WriteTx,
    state: &AppState,
    session: CrmSessionRef,
    transfer: &CallTransfer,
    vars: &Variables,
) -> Result<(), sqlx::Error> {
    let from_queue = transfer
        .from_queue
        .as_ref()
        .map(|q| format!(" (queue {})", q.path))
        .unwrap_or_default();
    let body = format!(
        "Transferred by {}{from_queue} to {}.",
        transfer.from_agent.email,
        transfer.destination()
    );
    comment(tx, state, session, body, vars).await
}

/// The session ended: an end comment and a record update with the final durations.
pub async fn session_ended(
    tx: &mut WriteTx,
    state: &AppState,
    session: CrmSessionRef,
    vars: &Variables,
) -> Result<(), sqlx::Error> {
    let Some(settings) = state.settings.crm.as_ref() else {
        return Ok(());
    };
    let key = store::key(session);
    if !api_configured(settings) || store::session(&mut tx.tx, &key).await?.is_none() {
        return Ok(());
    }
    let kind = match session {
        CrmSessionRef::Call(id) => format!("Call {id}"),
        CrmSessionRef::Chat(id) => format!("Chat {id}"),
    };
    let mut body = format!("{kind} ended");
    if let Some(duration) = vars.get("CALL_DURATION") {
        body.push_str(&format!(" after {duration}"));
    }
    if let Some(by) = vars.get("DISCONNECTED_BY") {
        body.push_str(&format!(", disconnected by {by}"));
    }
    body.push('.');
    comment(tx, state, session, body, vars).await?;
    if settings.endpoints.update_record.is_some() {
        enqueue(tx, settings, &key, Step::Update, vars).await?;
    }
    Ok(())
}

/// A call ended: reads it back (with its end time and reason) and runs [`session_ended`].
pub async fn call_ended(
    tx: &mut WriteTx,
    state: &AppState,
    call_id: u64,
) -> Result<(), sqlx::Error> {
    if state.settings.crm.is_none() {
        return Ok(());
    }
    if let Some(call) = calls::by_id(&mut tx.tx, call_id).await? {
        let vars = call_variables(state, &call);
        session_ended(tx, state, CrmSessionRef::Call(call_id), &vars).await?;
    }
    Ok(())
}

/// A chat was closed: reads it back and runs [`session_ended`].
pub async fn chat_ended(
    tx: &mut WriteTx,
    state: &AppState,
    chat_id: u64,
) -> Result<(), sqlx::Error> {
    if state.settings.crm.is_none() {
        return Ok(());
    }
    if let Some(chat) = chats::by_id(&mut tx.tx, chat_id).await? {
        let vars = chat_variables(state, &chat);
        session_ended(tx, state, CrmSessionRef::Chat(chat_id), &vars).await?;
    }
    Ok(())
}

/// The agent saved the wrap-up: a comment with the disposition (label and code) and notes, and
/// a record update whose description carries them (`{TICKET_DESCRIPTION}`, and our
/// `{DISPOSITION}`: the disposition's code).
pub async fn wrapped_up(
    tx: &mut WriteTx,
    state: &AppState,
    session: CrmSessionRef,
    disposition: (&str, &str),
    notes: &str,
    vars: &Variables,
) -> Result<(), sqlx::Error> {
    let (code, label) = disposition;
    let Some(settings) = state.settings.crm.as_ref() else {
        return Ok(());
    };
    let key = store::key(session);
    if !api_configured(settings) || store::session(&mut tx.tx, &key).await?.is_none() {
        return Ok(());
    }
    let mut vars = vars.clone();
    vars.set("DISPOSITION", code);
    let body = if notes.is_empty() {
        format!("Disposition: {label} ({code}).")
    } else {
        format!("Disposition: {label} ({code}). Notes: {notes}")
    };
    let description = match vars.get("TICKET_DESCRIPTION") {
        Some(description) => format!("{description}\n{body}"),
        None => body.clone(),
    };
    vars.set("TICKET_DESCRIPTION", description);
    comment(tx, state, session, body, &vars).await?;
    if settings.endpoints.update_record.is_some() {
        enqueue(tx, settings, &key, Step::Update, &vars).await?;
    }
    Ok(())
}

/// A session file was written to the storage: queues its upload to the record when the upload
/// endpoint takes files of this kind.
pub async fn file_stored(
    tx: &mut WriteTx,
    state: &AppState,
    session: &str,
    kind: &str,
    path: &str,
) -> Result<(), sqlx::Error> {
    let Some(settings) = state.settings.crm.as_ref() else {
        return Ok(());
    };
    let Some(upload) = &settings.endpoints.upload else {
        return Ok(());
    };
    let (wanted, content_type) = match kind {
        "metadata" => (UploadFile::SessionMetadata, "application/json"),
        _ => (UploadFile::ChatTranscript, "text/plain; charset=utf-8"),
    };
    if !upload.files.contains(&wanted) || store::session(&mut tx.tx, session).await?.is_none() {
        return Ok(());
    }
    let mut vars = Variables::new();
    if let Some(parsed) = store::parse_key(session) {
        match parsed {
            CrmSessionRef::Call(id) => vars.set("Call_ID", id.to_string()),
            CrmSessionRef::Chat(id) => vars.set("Chat_ID", id.to_string()),
        };
    }
    let step = Step::Upload {
        path: path.to_owned(),
        content_type: content_type.to_owned(),
    };
    enqueue(tx, settings, session, step, &vars).await
}

/// Escapes text for the HTML comment format.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Background task: runs due CRM jobs until the process stops.
pub async fn run(state: AppState, client: CrmClient) {
    crate::worker::poll("crm_jobs", IDLE, || run_due(&state, &client)).await;
}

/// One pass: attempts the due head of every session once, sessions side by side.
pub async fn run_due(state: &AppState, client: &CrmClient) -> Result<usize, sqlx::Error> {
    let heads = {
        let mut conn = state.store.read.acquire().await?;
        store::due_heads(&mut conn, BATCH).await?
    };
    let count = heads.len();
    let mut attempts = tokio::task::JoinSet::new();
    for row in heads {
        let (state, client) = (state.clone(), client.clone());
        attempts.spawn(async move { attempt(&state, &client, &row).await });
    }
    while let Some(joined) = attempts.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, "a CRM job could not be recorded"),
            Err(error) => tracing::error!(%error, "a CRM job task failed"),
        }
    }
    Ok(count)
}

/// Runs one job and records the outcome.
#[tracing::instrument(skip_all, fields(job_id = row.id, session = %row.session, step = %row.step))]
async fn attempt(
    state: &AppState,
    client: &CrmClient,
    row: &store::CrmJobRow,
) -> Result<(), sqlx::Error> {
    let client = &client.for_job(row.id as u64);
    let settings = client.settings();
    let Some(session) = store::parse_key(&row.session) else {
        let mut tx = state.store.begin().await?;
        Queue::CrmJobs
            .mark_dead(&mut tx.tx, row.id as u64, "unknown session key")
            .await?;
        return tx.commit(&state.hub).await;
    };
    let job: Job = match serde_json::from_str(&row.payload) {
        Ok(job) => job,
        Err(error) => {
            let mut tx = state.store.begin().await?;
            Queue::CrmJobs
                .mark_dead(
                    &mut tx.tx,
                    row.id as u64,
                    &format!("unreadable job: {error}"),
                )
                .await?;
            return tx.commit(&state.hub).await;
        }
    };
    let mut vars = Variables::from_map(job.vars.clone());
    let link = {
        let mut conn = state.store.read.acquire().await?;
        store::session(&mut conn, &row.session).await?
    };
    if let Some(link) = &link {
        if let Some(id) = &link.account_id {
            vars.set("ACCOUNT_ID", id.clone());
        }
        if let Some(id) = &link.record_id {
            vars.set("RECORD_ID", id.clone());
        }
    }
    let result = match &job.step {
        Step::Link => link_session(state, client, &row.session, link.as_ref(), &mut vars).await,
        Step::Comment { body } => {
            let body = if settings.comment_html {
                html_escape(body)
            } else {
                body.clone()
            };
            vars.set("COMMENT_BODY", body);
            call_optional(
                client,
                settings.endpoints.comment.as_ref(),
                &vars,
                PhonePurpose::Write,
            )
            .await
        }
        Step::Update => {
            call_optional(
                client,
                settings.endpoints.update_record.as_ref(),
                &vars,
                PhonePurpose::Write,
            )
            .await
        }
        Step::Upload { path, content_type } => {
            upload(state, client, &mut vars, path, content_type).await
        }
    };
    let mut tx = state.store.begin().await?;
    let is_link = matches!(job.step, Step::Link);
    let lookup_state = match &result {
        Ok(()) => {
            Queue::CrmJobs
                .mark_delivered(&mut tx.tx, row.id as u64)
                .await?;
            tracing::info!("CRM call delivered");
            if let (Step::Upload { path, .. }, Some(upload)) =
                (&job.step, &settings.endpoints.upload)
                && upload.comment
                && settings.endpoints.comment.is_some()
            {
                let name = path.rsplit('/').next().unwrap_or(path);
                let body = match vars.get("ATTACHMENT_URL") {
                    Some(url) => format!("Attached {name}: {url}"),
                    None => format!("Attached {name}."),
                };
                enqueue(
                    &mut tx,
                    settings,
                    &row.session,
                    Step::Comment { body },
                    &Variables::from_map(job.vars.clone()),
                )
                .await?;
            }
            CrmLookupState::Ready
        }
        Err(error)
            if !error.is_retryable(&settings.retry.statuses) || now_ms() >= row.expires_at =>
        {
            let text = error.to_string();
            Queue::CrmJobs
                .mark_dead(&mut tx.tx, row.id as u64, &text)
                .await?;
            tracing::error!(error = %text, "CRM call given up");
            CrmLookupState::Failed
        }
        Err(error) => {
            let text = error.to_string();
            let failures = u32::try_from(row.attempts + 1).unwrap_or(u32::MAX);
            let delay = retry_delay(
                failures,
                settings.retry.min_delay_ms,
                settings.retry.max_delay_ms,
                rand::random::<f64>(),
            );
            let next = now_ms().saturating_add(i64::try_from(delay).unwrap_or(i64::MAX));
            Queue::CrmJobs
                .mark_retry(&mut tx.tx, row.id as u64, &text, next)
                .await?;
            tracing::warn!(error = %text, failures, delay_ms = delay, "CRM call will be retried");
            CrmLookupState::Retrying
        }
    };
    if is_link {
        let error = result.as_ref().err().map(ToString::to_string);
        store::set_state(&mut tx.tx, &row.session, lookup_state, error.as_deref()).await?;
        let current = store::session(&mut tx.tx, &row.session).await?;
        let was = link.as_ref().map(store::CrmSessionRow::lookup_state);
        let changed = was != Some(lookup_state) || lookup_state == CrmLookupState::Ready;
        if let (true, Some(agent_id)) = (changed, current.as_ref().and_then(|c| c.agent_id)) {
            let crm = view(
                settings,
                session,
                current.as_ref(),
                &Variables::from_map(job.vars),
            );
            tx.emit(agent_id as u64, StreamEvent::CrmUpdated { crm })
                .await?;
        }
    }
    tx.commit(&state.hub).await
}

/// Calls `endpoint` when it is configured (steps of an unconfigured endpoint are not queued,
/// but the configuration may have changed since).
async fn call_optional(
    client: &CrmClient,
    endpoint: Option<&Endpoint>,
    vars: &Variables,
    purpose: PhonePurpose,
) -> Result<(), CrmError> {
    let Some(endpoint) = endpoint else {
        return Ok(());
    };
    let vars = phone_formatted(client.settings(), vars, purpose);
    client.call(endpoint, &vars, None).await.map(|_| ())
}

async fn call(
    client: &CrmClient,
    endpoint: &Endpoint,
    vars: &Variables,
    purpose: PhonePurpose,
) -> Result<CrmResponse, CrmError> {
    let vars = phone_formatted(client.settings(), vars, purpose);
    client.call(endpoint, &vars, None).await
}

/// Uploads a stored session file; sets `ATTACHMENT_ID` / `ATTACHMENT_URL` from the answer.
async fn upload(
    state: &AppState,
    client: &CrmClient,
    vars: &mut Variables,
    path: &str,
    content_type: &str,
) -> Result<(), CrmError> {
    let Some(upload) = &client.settings().endpoints.upload else {
        return Ok(());
    };
    let Some(storage) = &state.storage else {
        return Err(CrmError::Request("no storage is configured".to_owned()));
    };
    let bytes = storage.get(path).await.map_err(|error| {
        tracing::error!(%error, path, "a stored session file could not be read");
        CrmError::Internal
    })?;
    let name = path.rsplit('/').next().unwrap_or(path).to_owned();
    vars.set("FILE_NAME", name.clone());
    let file = FileData {
        name,
        content_type: content_type.to_owned(),
        bytes,
    };
    let formatted = phone_formatted(client.settings(), vars, PhonePurpose::Write);
    let response = client
        .call(&upload.endpoint, &formatted, Some((&file, upload.encoding)))
        .await?;
    let located = response
        .located(&upload.endpoint)
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    let found =
        template::locate(&located, &upload.attachment_location).and_then(template::scalar_text);
    match upload.attachment_type {
        AttachmentType::Id => {
            vars.set_opt("ATTACHMENT_ID", found);
            if let Some(builder) = &upload.attachment_url
                && let Some(url) = template::render_url(builder, vars)
            {
                vars.set("ATTACHMENT_URL", url);
            }
        }
        AttachmentType::Url => {
            vars.set_opt("ATTACHMENT_URL", found);
        }
    }
    Ok(())
}

/// Finds or creates the account, then the record, saving each id as soon as it is known so
/// that a retry goes on from there.
async fn link_session(
    state: &AppState,
    client: &CrmClient,
    key: &str,
    link: Option<&store::CrmSessionRow>,
    vars: &mut Variables,
) -> Result<(), CrmError> {
    let settings = client.settings();
    let endpoints = &settings.endpoints;
    if link.and_then(|l| l.account_id.as_ref()).is_none() {
        let (account_id, created) = find_or_create_account(client, vars).await?;
        vars.set("ACCOUNT_ID", account_id.clone());
        let mut tx = state.store.begin().await.map_err(not_saved)?;
        store::set_account(&mut tx.tx, key, &account_id, created)
            .await
            .map_err(not_saved)?;
        tx.commit(&state.hub).await.map_err(not_saved)?;
    }
    let record_known = link.and_then(|l| l.record_id.as_ref()).is_some();
    if !record_known && endpoints.create_record.is_some() {
        let record_id = find_or_create_record(client, vars).await?;
        vars.set("RECORD_ID", record_id.clone());
        let mut tx = state.store.begin().await.map_err(not_saved)?;
        store::set_record(&mut tx.tx, key, &record_id)
            .await
            .map_err(not_saved)?;
        tx.commit(&state.hub).await.map_err(not_saved)?;
    }
    Ok(())
}

/// A found or created id that the store could not save; the step is retried.
fn not_saved(error: sqlx::Error) -> CrmError {
    tracing::error!(%error, "a CRM id could not be saved");
    CrmError::Internal
}

async fn find_or_create_account(
    client: &CrmClient,
    vars: &Variables,
) -> Result<(String, bool), CrmError> {
    let endpoints = &client.settings().endpoints;
    if let (Some(by_id), Some(_)) = (&endpoints.find_account_by_id, vars.get("ACCOUNT_ID")) {
        match call(client, by_id, vars, PhonePurpose::Search).await {
            Ok(response) => {
                if let Some(id) = response
                    .id(by_id)
                    .or_else(|| vars.get("ACCOUNT_ID").map(str::to_owned))
                {
                    return Ok((id, false));
                }
            }
            // REST: 404 is "no such account"; the query comes next.
            Err(CrmError::Status { status: 404 }) => {}
            Err(error) => return Err(error),
        }
    }
    if let Some(find) = &endpoints.find_account {
        match call(client, find, vars, PhonePurpose::Search).await {
            Ok(response) => {
                if let Some(id) = response.id(find) {
                    return Ok((id, false));
                }
            }
            Err(CrmError::Status { status: 404 }) => {}
            Err(error) => return Err(error),
        }
    }
    let Some(create) = &endpoints.create_account else {
        return Err(CrmError::Request("no create_account endpoint".to_owned()));
    };
    let response = call(client, create, vars, PhonePurpose::Write).await?;
    let id = response.id(create).ok_or_else(|| {
        CrmError::Decode(format!(
            "create_account answered without `{}` at `{}`",
            create.id_field, create.response_location
        ))
    })?;
    Ok((id, true))
}

async fn find_or_create_record(client: &CrmClient, vars: &Variables) -> Result<String, CrmError> {
    let settings = client.settings();
    let endpoints = &settings.endpoints;
    if let (true, Some(find)) = (settings.reuse_open_record, &endpoints.find_record) {
        match call(client, find, vars, PhonePurpose::Search).await {
            Ok(response) => {
                if let Some(id) = open_record(settings, find, &response) {
                    return Ok(id);
                }
            }
            Err(CrmError::Status { status: 404 }) => {}
            Err(error) => return Err(error),
        }
    }
    let Some(create) = &endpoints.create_record else {
        return Err(CrmError::Request("no create_record endpoint".to_owned()));
    };
    let response = call(client, create, vars, PhonePurpose::Write).await?;
    response.id(create).ok_or_else(|| {
        CrmError::Decode(format!(
            "create_record answered without `{}` at `{}`",
            create.id_field, create.response_location
        ))
    })
}

/// The id of the first open record among those the search found.
pub fn open_record(
    settings: &CrmSettings,
    find: &Endpoint,
    response: &CrmResponse,
) -> Option<String> {
    let mut at = &response.json;
    for step in find.response_location.split('.').filter(|s| !s.is_empty()) {
        at = match at {
            serde_json::Value::Array(items) => match step.parse::<usize>() {
                Ok(index) => items.get(index)?,
                Err(_) => items.first()?.get(step)?,
            },
            other => other.get(step)?,
        };
    }
    let candidates: Vec<&serde_json::Value> = match at {
        serde_json::Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    candidates.into_iter().find_map(|record| {
        let status = template::locate(record, &settings.record_status_field)
            .and_then(template::scalar_text)?;
        let open = settings
            .open_status_values
            .iter()
            .any(|v| v.eq_ignore_ascii_case(&status));
        open.then(|| template::locate(record, &find.id_field).and_then(template::scalar_text))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_comments_escape_markup_and_keep_line_breaks() {
        assert_eq!(
            html_escape("Notes: <b>late</b> & \"angry\"\nsecond"),
            "Notes: &lt;b&gt;late&lt;/b&gt; &amp; &quot;angry&quot;<br>second"
        );
    }
}
