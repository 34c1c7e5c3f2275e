//! Session files in the configured storage (seed 004 "Session metadata", "External storage"):
//! for every finished call and chat a metadata file `metadata/call-{id}.json` /
//! `metadata/chat-{id}.json` with the session's data points, and for chats the transcript
//! `chat-transcripts/chat-{id}.txt`. The folders `metadata/`, `chat-transcripts/`, `media/`,
//! `voice-recordings/` and `voicemails/` exist in the storage (optionally with a prefix such as
//! the seed's `ujet-`).
//!
//! The storage is an [`object_store`]: a local directory by default, or an S3-compatible bucket
//! (`kind = "s3"`) or a Google Cloud Storage bucket (`kind = "gcs"`); in a bucket the folders
//! are key prefixes. A file is scheduled in `session_files` in the same
//! transaction as the session's end (one row per session and kind: scheduled once), then the
//! worker ([`run`]) builds it from the store and writes it, and marks it written. A crash
//! between the write and the mark writes the same object again, so each file exists once.
//! A call's metadata is due when its agent saves the wrap-up, or `metadata_delay_secs` after
//! the end at the latest (the seed sends it 15 minutes after the session); a chat's files are
//! due when it closes. When the CRM's upload endpoint takes the file, a CRM upload job is queued
//! with the mark.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use object_store::aws::AmazonS3Builder;
use object_store::gcp::GoogleCloudStorageBuilder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig};
use protocol::chat::MessageDirection;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::SqliteConnection;

use crate::state::AppState;
use crate::store::{WriteTx, calls, chats, crm as crm_store, legs, now_ms};

/// Folders of the storage, as the seed lists them.
pub const FOLDERS: [&str; 5] = [
    "chat-transcripts",
    "media",
    "metadata",
    "voice-recordings",
    "voicemails",
];

/// The `[storage]` section.
#[derive(Clone, Debug, Deserialize)]
pub struct StorageSettings {
    /// Which storage the files go to: `local` (default), `s3` or `gcs`.
    #[serde(default)]
    pub kind: StorageKind,
    /// The local directory the files go to (`kind = "local"`).
    #[serde(default = "default_path")]
    pub path: PathBuf,
    /// Prefix of the folder names (`ujet-` gives the seed's `ujet-metadata`, …). In a bucket it
    /// is the start of every key: `archive/` puts the folders under `archive/`.
    #[serde(default)]
    pub folder_prefix: String,
    /// Seconds after a call's end at which its metadata is written if the agent has not wrapped
    /// up by then (the seed: 15 minutes).
    #[serde(default = "default_delay")]
    pub metadata_delay_secs: u64,
    /// The S3-compatible bucket (`kind = "s3"`).
    #[serde(default)]
    pub s3: Option<S3Settings>,
    /// The Google Cloud Storage bucket (`kind = "gcs"`).
    #[serde(default)]
    pub gcs: Option<GcsSettings>,
}

/// Where session files are kept.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// A local directory (`[storage] path`).
    #[default]
    Local,
    /// An S3 or S3-compatible bucket (`[storage.s3]`).
    S3,
    /// A Google Cloud Storage bucket (`[storage.gcs]`).
    Gcs,
}

/// `[storage.s3]`: an Amazon S3 bucket or any S3-compatible server (MinIO, Ceph, …).
#[derive(Clone, Debug, Deserialize)]
pub struct S3Settings {
    /// Bucket name.
    pub bucket: String,
    /// Region; `us-east-1` when absent.
    #[serde(default)]
    pub region: Option<String>,
    /// Endpoint of an S3-compatible server, e.g. `http://127.0.0.1:9000`; Amazon's regional
    /// endpoint when absent.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Access key id; with `secret_access_key`. When both are absent the standard `AWS_*`
    /// environment variables and instance credentials are used.
    #[serde(default)]
    pub access_key_id: Option<String>,
    /// Secret access key.
    #[serde(default)]
    pub secret_access_key: Option<SecretString>,
    /// Allow a plain-HTTP endpoint (a server on loopback); HTTPS only when false.
    #[serde(default)]
    pub allow_http: bool,
    /// Address the bucket as `https://{bucket}.{endpoint}` (virtual-hosted style) instead of
    /// `https://{endpoint}/{bucket}` (path style, the default). With an `endpoint`, the endpoint
    /// must then include the bucket name.
    #[serde(default)]
    pub virtual_hosted_style: bool,
}

/// `[storage.gcs]`: a Google Cloud Storage bucket.
#[derive(Clone, Debug, Deserialize)]
pub struct GcsSettings {
    /// Bucket name.
    pub bucket: String,
    /// Path of a service account key file (JSON). At most one of this and
    /// `service_account_key`; with neither, the application default credentials
    /// (`GOOGLE_APPLICATION_CREDENTIALS`) or the instance's are used.
    #[serde(default)]
    pub service_account_path: Option<PathBuf>,
    /// The service account key itself (the JSON document).
    #[serde(default)]
    pub service_account_key: Option<SecretString>,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            kind: StorageKind::Local,
            path: default_path(),
            folder_prefix: String::new(),
            metadata_delay_secs: default_delay(),
            s3: None,
            gcs: None,
        }
    }
}

fn default_path() -> PathBuf {
    PathBuf::from(".data/storage")
}

fn default_delay() -> u64 {
    15 * 60
}

/// S3 and GCS bucket names: 3–63 characters, lower-case letters, digits, `-`, `.` and (GCS)
/// `_`, starting and ending with a letter or digit.
fn is_bucket_name(name: &str) -> bool {
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
        && edge_ok(name.chars().next())
        && edge_ok(name.chars().last())
}

impl StorageSettings {
    /// The object path of `name` in `folder`.
    pub fn object_path(&self, folder: &str, name: &str) -> String {
        format!("{}{folder}/{name}", self.folder_prefix)
    }
}

/// The storage: a handle to the object store.
#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// `file:///…`, `s3://bucket`, `gs://bucket`: for logs.
    location: String,
}

/// How long one request to a bucket may take, and how often the client retries it by itself
/// before the attempt counts as failed (the worker then retries with its own backoff, durably).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CLIENT_RETRIES: usize = 2;

fn client_options(allow_http: bool) -> ClientOptions {
    ClientOptions::new()
        .with_allow_http(allow_http)
        .with_timeout(REQUEST_TIMEOUT)
        .with_connect_timeout(Duration::from_secs(5))
}

fn retry_config() -> RetryConfig {
    RetryConfig {
        max_retries: CLIENT_RETRIES,
        retry_timeout: Duration::from_secs(60),
        ..RetryConfig::default()
    }
}

impl Storage {
    /// Opens the storage `settings` name. A local directory is created with its folders; a
    /// bucket is not contacted here (a bucket that is unreachable or refuses the credentials
    /// shows in the worker's retries and `session_files.last_error`).
    pub fn open(settings: &StorageSettings) -> anyhow::Result<Self> {
        match settings.kind {
            StorageKind::Local => Self::open_local(settings),
            StorageKind::S3 => {
                let s3 = settings.s3.as_ref().context(
                    "storage.kind is \"s3\" but there is no [storage.s3] section (bucket, \
                     region, endpoint, access_key_id, secret_access_key)",
                )?;
                Self::open_s3(s3)
            }
            StorageKind::Gcs => {
                let gcs = settings.gcs.as_ref().context(
                    "storage.kind is \"gcs\" but there is no [storage.gcs] section (bucket, \
                     service_account_path or service_account_key)",
                )?;
                Self::open_gcs(gcs)
            }
        }
    }

    fn open_local(settings: &StorageSettings) -> anyhow::Result<Self> {
        for folder in FOLDERS {
            let dir = settings
                .path
                .join(format!("{}{folder}", settings.folder_prefix));
            std::fs::create_dir_all(&dir).with_context(|| {
                format!("Failed to create the storage folder {}", dir.display())
            })?;
        }
        let local = LocalFileSystem::new_with_prefix(&settings.path)
            .with_context(|| format!("Failed to open the storage {}", settings.path.display()))?;
        Ok(Self {
            store: Arc::new(local),
            location: format!("file://{}", settings.path.display()),
        })
    }

    fn open_s3(s3: &S3Settings) -> anyhow::Result<Self> {
        anyhow::ensure!(
            is_bucket_name(&s3.bucket),
            "storage.s3.bucket `{}` is not a bucket name",
            s3.bucket
        );
        let mut builder = match (&s3.access_key_id, &s3.secret_access_key) {
            (Some(id), Some(secret)) => {
                anyhow::ensure!(!id.trim().is_empty(), "storage.s3.access_key_id is empty");
                AmazonS3Builder::new()
                    .with_access_key_id(id)
                    .with_secret_access_key(secret.expose_secret())
            }
            (None, None) => AmazonS3Builder::from_env(),
            (Some(_), None) => {
                anyhow::bail!(
                    "storage.s3.access_key_id is set without storage.s3.secret_access_key"
                )
            }
            (None, Some(_)) => {
                anyhow::bail!(
                    "storage.s3.secret_access_key is set without storage.s3.access_key_id"
                )
            }
        };
        builder = builder
            .with_bucket_name(&s3.bucket)
            .with_virtual_hosted_style_request(s3.virtual_hosted_style)
            .with_client_options(client_options(s3.allow_http))
            .with_retry(retry_config());
        if let Some(region) = &s3.region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = &s3.endpoint {
            let scheme = endpoint.split_once("://").map(|(scheme, _)| scheme);
            match scheme {
                Some("https") => {}
                Some("http") => anyhow::ensure!(
                    s3.allow_http,
                    "storage.s3.endpoint `{endpoint}` is plain HTTP: set storage.s3.allow_http \
                     = true to allow it (loopback or a trusted network only)"
                ),
                _ => anyhow::bail!(
                    "storage.s3.endpoint `{endpoint}` must start with https:// (or http:// with \
                     allow_http)"
                ),
            }
            builder = builder.with_endpoint(endpoint);
        }
        let store = builder.build().map_err(|error| {
            anyhow::anyhow!("Failed to configure the S3 storage ([storage.s3]): {error}")
        })?;
        Ok(Self {
            store: Arc::new(store),
            location: format!("s3://{}", s3.bucket),
        })
    }

    fn open_gcs(gcs: &GcsSettings) -> anyhow::Result<Self> {
        anyhow::ensure!(
            is_bucket_name(&gcs.bucket),
            "storage.gcs.bucket `{}` is not a bucket name",
            gcs.bucket
        );
        let mut builder = GoogleCloudStorageBuilder::new()
            .with_bucket_name(&gcs.bucket)
            .with_client_options(client_options(false))
            .with_retry(retry_config());
        match (&gcs.service_account_path, &gcs.service_account_key) {
            (Some(_), Some(_)) => anyhow::bail!(
                "storage.gcs: set service_account_path or service_account_key, not both"
            ),
            (Some(path), None) => {
                anyhow::ensure!(
                    path.is_file(),
                    "storage.gcs.service_account_path {} is not a readable file",
                    path.display()
                );
                builder = builder.with_service_account_path(path.to_string_lossy());
            }
            (None, Some(key)) => {
                builder = builder.with_service_account_key(key.expose_secret());
            }
            (None, None) => {}
        }
        let store = builder.build().map_err(|error| {
            anyhow::anyhow!("Failed to configure the Google Cloud Storage ([storage.gcs]): {error}")
        })?;
        Ok(Self {
            store: Arc::new(store),
            location: format!("gs://{}", gcs.bucket),
        })
    }

    /// Where the files go: `file:///…`, `s3://bucket` or `gs://bucket`.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Writes `bytes` at `path` (replacing what is there).
    pub async fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        self.store
            .put(&ObjectPath::from(path), bytes.into())
            .await
            .map(|_| ())
    }

    /// Reads the object at `path`.
    pub async fn get(&self, path: &str) -> Result<Vec<u8>, object_store::Error> {
        let result = self.store.get(&ObjectPath::from(path)).await?;
        Ok(result.bytes().await?.to_vec())
    }
}

/// Schedules the metadata file of a call that ended (due after the configured delay).
pub async fn call_ended(
    tx: &mut WriteTx,
    state: &AppState,
    call_id: u64,
) -> Result<(), sqlx::Error> {
    let settings = &state.settings.storage;
    let due = now_ms()
        .saturating_add((settings.metadata_delay_secs.min(i64::MAX as u64 / 1000) * 1000) as i64);
    let path = settings.object_path("metadata", &format!("call-{call_id}.json"));
    schedule(
        &mut tx.tx,
        &format!("call:{call_id}"),
        "metadata",
        &path,
        due,
    )
    .await?;
    crate::outcome_email::call_ended(tx, state, call_id).await
}

/// The agent wrapped the call up: its metadata is due now.
pub async fn call_wrapped_up(tx: &mut WriteTx, call_id: u64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE session_files SET due_at = MIN(due_at, ?) WHERE session = ? AND state = 'due'",
    )
    .bind(now_ms())
    .bind(format!("call:{call_id}"))
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

/// Schedules the metadata and transcript of a chat that closed (due now).
pub async fn chat_ended(
    tx: &mut WriteTx,
    state: &AppState,
    chat_id: u64,
) -> Result<(), sqlx::Error> {
    let settings = &state.settings.storage;
    let session = format!("chat:{chat_id}");
    let metadata = settings.object_path("metadata", &format!("chat-{chat_id}.json"));
    let transcript = settings.object_path("chat-transcripts", &format!("chat-{chat_id}.txt"));
    schedule(&mut tx.tx, &session, "metadata", &metadata, now_ms()).await?;
    schedule(&mut tx.tx, &session, "transcript", &transcript, now_ms()).await?;
    crate::outcome_email::chat_ended(tx, state, chat_id).await
}

async fn schedule(
    conn: &mut SqliteConnection,
    session: &str,
    kind: &str,
    path: &str,
    due_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO session_files (session, kind, path, state, due_at) VALUES (?, ?, ?, 'due', ?) \
         ON CONFLICT (session, kind) DO NOTHING",
    )
    .bind(session)
    .bind(kind)
    .bind(path)
    .bind(due_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
struct DueFile {
    id: i64,
    session: String,
    kind: String,
    path: String,
    attempts: i64,
}

/// Background task: writes due files until the process stops.
pub async fn run(state: AppState, storage: Storage) {
    tracing::info!(
        location = storage.location(),
        "session files go to the storage"
    );
    crate::worker::poll("session_files", Duration::from_millis(200), || {
        write_due(&state, &storage)
    })
    .await;
}

/// One pass over the due files; returns how many were attempted.
pub async fn write_due(state: &AppState, storage: &Storage) -> Result<usize, sqlx::Error> {
    let due: Vec<DueFile> = {
        let mut conn = state.store.read.acquire().await?;
        sqlx::query_as(
            "SELECT id, session, kind, path, attempts FROM session_files \
             WHERE state = 'due' AND due_at <= ? ORDER BY id LIMIT 16",
        )
        .bind(now_ms())
        .fetch_all(&mut *conn)
        .await?
    };
    for file in &due {
        let content = {
            let mut conn = state.store.read.acquire().await?;
            build(&mut conn, state, &file.session, &file.kind).await?
        };
        let result = match content {
            Some(bytes) => storage
                .put(&file.path, bytes)
                .await
                .map_err(|e| e.to_string()),
            None => Err("the session no longer exists".to_owned()),
        };
        let mut tx = state.store.begin().await?;
        match result {
            Ok(()) => {
                sqlx::query(
                    "UPDATE session_files SET state = 'written', written_at = ?, \
                         attempts = attempts + 1, last_error = NULL WHERE id = ? AND state = 'due'",
                )
                .bind(now_ms())
                .bind(file.id)
                .execute(&mut *tx.tx)
                .await?;
                tracing::info!(path = %file.path, "session file written");
                crate::crm::flows::file_stored(
                    &mut tx,
                    state,
                    &file.session,
                    &file.kind,
                    &file.path,
                )
                .await?;
            }
            Err(error) => {
                let delay = crate::outbox::retry_delay(
                    u32::try_from(file.attempts + 1).unwrap_or(u32::MAX),
                    1_000,
                    10 * 60 * 1_000,
                    rand::random::<f64>(),
                );
                sqlx::query(
                    "UPDATE session_files SET attempts = attempts + 1, last_error = ?, \
                         due_at = ? WHERE id = ?",
                )
                .bind(&error)
                .bind(now_ms().saturating_add(delay as i64))
                .bind(file.id)
                .execute(&mut *tx.tx)
                .await?;
                tracing::error!(
                    %error,
                    location = storage.location(),
                    path = %file.path,
                    "session file not written; retrying"
                );
            }
        }
        tx.commit(&state.hub).await?;
    }
    Ok(due.len())
}

/// The bytes of a session file, built from the store now.
pub async fn build(
    conn: &mut SqliteConnection,
    state: &AppState,
    session: &str,
    kind: &str,
) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let Some((kind_name, id)) = session.split_once(':') else {
        return Ok(None);
    };
    let Ok(id) = id.parse::<u64>() else {
        return Ok(None);
    };
    let crm = crm_store::session(conn, session).await?;
    let value = match (kind_name, kind) {
        ("call", "metadata") => match calls::by_id(conn, id).await? {
            Some(call) => {
                let legs = legs::for_call(conn, id).await?;
                call_metadata(state, &call, &legs, crm.as_ref())
            }
            None => return Ok(None),
        },
        ("chat", "metadata") => match chats::by_id(conn, id).await? {
            Some(chat) => {
                let messages = chats::messages(conn, id).await?;
                chat_metadata(state, &chat, &messages, crm.as_ref())
            }
            None => return Ok(None),
        },
        ("chat", "transcript") => match chats::by_id(conn, id).await? {
            Some(chat) => {
                let messages = chats::messages(conn, id).await?;
                return Ok(Some(transcript(state, &chat, &messages).into_bytes()));
            }
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(serde_json::to_vec_pretty(&value).ok())
}

fn rfc3339(ms: Option<i64>) -> Value {
    ms.and_then(|ms| {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
    })
    .and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    })
    .map_or(Value::Null, Value::String)
}

fn secs_between(from: Option<i64>, to: Option<i64>) -> Value {
    match (from, to) {
        (Some(from), Some(to)) if to >= from => json!((to - from) / 1000),
        _ => Value::Null,
    }
}

fn agent_json(state: &AppState, agent_id: i64) -> Value {
    match state.settings.agent(agent_id as u64) {
        Some(agent) => json!({
            "id": agent.id,
            "email": agent.email,
            "name": format!("{} {}", agent.first_name, agent.last_name),
            "custom_id": agent.custom_id,
        }),
        None => json!({"id": agent_id}),
    }
}

fn crm_json(state: &AppState, crm: Option<&crm_store::CrmSessionRow>) -> Value {
    let Some(crm) = crm else {
        return Value::Null;
    };
    let record_url = state
        .settings
        .crm
        .as_ref()
        .and_then(|s| s.record_lookup_url.as_deref())
        .zip(crm.record_id.as_deref())
        .map(|(template, id)| template.replace("{RECORD_ID}", id));
    json!({
        "state": crm.state,
        "account_id": crm.account_id,
        "record_id": crm.record_id,
        "account_created": crm.account_created,
        "record_url": record_url,
    })
}

/// The metadata of a call: ids, type, channel, queue and path, agents and transfers,
/// participants, times, durations, disposition and notes, CRM ids, Optico context summary, who
/// disconnected.
pub fn call_metadata(
    state: &AppState,
    call: &calls::CallRow,
    legs: &[legs::LegRow],
    crm: Option<&crm_store::CrmSessionRow>,
) -> Value {
    let view = call.view();
    let last = legs.last();
    let hold_ms = call.hold_ms;
    let agents: Vec<Value> = legs
        .iter()
        .map(|leg| {
            let mut agent = agent_json(state, leg.agent_id);
            agent["answered_at"] = rfc3339(Some(leg.answered_at));
            agent["ended_at"] = rfc3339(leg.ended_at);
            agent["outcome"] = json!(leg.outcome);
            agent["transferred_to"] = json!(leg.transferred_to);
            agent["disposition"] = json!(leg.disposition);
            agent["notes"] = json!(leg.notes);
            agent["wrapped_up_at"] = rfc3339(leg.wrapped_up_at);
            agent
        })
        .collect();
    let transfers: Vec<Value> = legs
        .iter()
        .filter(|leg| leg.outcome.as_deref() == Some("transferred"))
        .map(|leg| {
            json!({
                "from_agent": agent_json(state, leg.agent_id),
                "to": leg.transferred_to,
                "at": rfc3339(leg.ended_at),
            })
        })
        .collect();
    let mut participants = vec![json!({
        "type": "end_user",
        "phone_number": call.caller_phone,
        "display": call.caller_display,
    })];
    participants.extend(legs.iter().map(|leg| {
        let mut agent = agent_json(state, leg.agent_id);
        agent["type"] = json!("agent");
        agent
    }));
    let context = view
        .context
        .as_ref()
        .map(|c| json!({"status": c.status, "reason": c.reason, "matches": c.matches.len()}));
    json!({
        "id": call.id,
        "session_id": format!("call-{}", call.id),
        "type": "call",
        "session_type": call.session_type,
        "channel": "voice_call",
        "external_id": call.external_id,
        "status": call.state,
        "queue": {"id": call.queue_id, "name": call.queue_name, "path": call.queue_path},
        "menu_path": call.queue_path,
        "caller_phone": call.caller_phone,
        "caller_display": call.caller_display,
        "destination_phone": call.destination_phone,
        "agent": call.agent_id.map(|id| agent_json(state, id)),
        "agents": agents,
        "transfers": transfers,
        "participants": participants,
        "started_at": rfc3339(Some(call.started_at)),
        "answered_at": rfc3339(call.answered_at),
        "ended_at": rfc3339(call.ended_at),
        "wait_secs": secs_between(Some(call.started_at), call.answered_at.or(call.ended_at)),
        "hold_secs": hold_ms / 1000,
        "handle_secs": secs_between(call.answered_at, call.ended_at),
        "talk_secs": secs_between(call.answered_at, call.ended_at)
            .as_i64()
            .map(|handle| json!((handle - hold_ms / 1000).max(0)))
            .unwrap_or(Value::Null),
        "end_reason": call.end_reason,
        "disconnected_by": match call.end_reason.as_deref() {
            Some("agent_hung_up") => json!("agent"),
            Some("caller_hung_up") => json!("end_user"),
            Some(other) => json!(other),
            None => Value::Null,
        },
        "recording_paused_at_end": call.redacted,
        "disposition": last.and_then(|l| l.disposition.clone()),
        "notes": last.map(|l| l.notes.clone()),
        "crm": crm_json(state, crm),
        "optico_context": context,
        "rating": Value::Null,
        "feedback": Value::Null,
    })
}

/// The metadata of a chat.
pub fn chat_metadata(
    state: &AppState,
    chat: &chats::ChatRow,
    messages: &[protocol::chat::ChatMessage],
    crm: Option<&crm_store::CrmSessionRow>,
) -> Value {
    let count =
        |direction: MessageDirection| messages.iter().filter(|m| m.direction == direction).count();
    let first_reply = messages
        .iter()
        .find(|m| m.direction == MessageDirection::Outbound)
        .map(|m| m.created_at);
    let attributes: Value = serde_json::from_str(&chat.attributes).unwrap_or(Value::Null);
    let agents: Vec<Value> = {
        let mut ids: Vec<u64> = messages.iter().filter_map(|m| m.agent_id).collect();
        if let Some(id) = chat.agent_id {
            ids.push(id as u64);
        }
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|id| agent_json(state, id as i64))
            .collect()
    };
    let mut participants = vec![json!({
        "type": "end_user",
        "end_user_id": chat.user_id,
        "name": chat.user_name,
    })];
    participants.extend(agents.iter().map(|a| {
        let mut a = a.clone();
        a["type"] = json!("agent");
        a
    }));
    let transfers: Vec<Value> = messages
        .iter()
        .filter(|m| {
            m.direction == MessageDirection::System && m.text.contains(" transferred the chat to ")
        })
        .map(|m| json!({"text": m.text, "at": rfc3339(Some(m.created_at))}))
        .collect();
    json!({
        "id": chat.id,
        "session_id": format!("chat-{}", chat.id),
        "type": "chat",
        "session_type": chat.session_type,
        "channel": "chat",
        "channel_id": chat.channel_id,
        "status": chat.state,
        "queue": {"id": chat.queue_id, "name": chat.queue_name, "path": chat.queue_path},
        "menu_path": chat.queue_path,
        "end_user": {"id": chat.user_id, "name": chat.user_name},
        "attributes": attributes,
        "agent": chat.agent_id.map(|id| agent_json(state, id)),
        "agents": agents,
        "transfers": transfers,
        "participants": participants,
        "started_at": rfc3339(Some(chat.created_at)),
        "answered_at": rfc3339(chat.accepted_at),
        "ended_at": rfc3339(chat.closed_at),
        "wait_secs": secs_between(Some(chat.created_at), chat.accepted_at.or(chat.closed_at)),
        "first_response_secs": secs_between(chat.accepted_at, first_reply),
        "handle_secs": secs_between(chat.accepted_at, chat.closed_at),
        "messages": {
            "inbound": count(MessageDirection::Inbound),
            "outbound": count(MessageDirection::Outbound),
            "system": count(MessageDirection::System),
            "files": messages.iter().filter(|m| m.file.is_some()).count(),
        },
        "disconnected_by": match chat.closed_by.as_deref() {
            Some("customer") => json!("end_user"),
            Some(other) => json!(other),
            None => Value::Null,
        },
        "crm": crm_json(state, crm),
        "transcript": state.settings.storage.object_path("chat-transcripts", &format!("chat-{}.txt", chat.id)),
        "rating": Value::Null,
        "feedback": Value::Null,
    })
}

/// The transcript: one line per message, `[time] who: text`, files as their name and link.
pub fn transcript(
    state: &AppState,
    chat: &chats::ChatRow,
    messages: &[protocol::chat::ChatMessage],
) -> String {
    let mut out = format!(
        "Chat {} with {} ({}), queue {}\n",
        chat.id, chat.user_name, chat.session_type, chat.queue_path
    );
    for message in messages {
        let when = rfc3339(Some(message.created_at));
        let when = when.as_str().unwrap_or_default();
        let who = match message.direction {
            MessageDirection::Inbound => chat.user_name.clone(),
            MessageDirection::Outbound => message
                .agent_id
                .and_then(|id| state.settings.agent(id))
                .map(|a| format!("{} {}", a.first_name, a.last_name))
                .unwrap_or_else(|| "Agent".to_owned()),
            MessageDirection::System => "System".to_owned(),
        };
        let mut text = message.text.replace('\n', "\n    ");
        if let Some(file) = &message.file {
            let name = file.name.clone().unwrap_or_else(|| "file".to_owned());
            text = format!("{text} [file {name}: {}]", file.url)
                .trim()
                .to_owned();
        }
        out.push_str(&format!("[{when}] {who}: {text}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `[storage]` section of `toml` (a document with that section only).
    fn storage_settings(toml: &str) -> StorageSettings {
        config::Config::builder()
            .add_source(config::File::from_str(toml, config::FileFormat::Toml))
            .build()
            .and_then(|c| c.get::<StorageSettings>("storage"))
            .expect("a valid [storage] section")
    }

    fn open_error(toml: &str) -> String {
        Storage::open(&storage_settings(toml))
            .map(|storage| storage.location().to_owned())
            .expect_err("refused")
            .to_string()
    }

    const S3: &str = r#"
        [storage]
        kind = "s3"
        [storage.s3]
        bucket = "session-files"
        endpoint = "http://127.0.0.1:9000"
        allow_http = true
        access_key_id = "id"
        secret_access_key = "secret"
    "#;

    #[test]
    fn the_storage_is_a_local_directory_unless_configured_otherwise() {
        assert_eq!(StorageSettings::default().kind, StorageKind::Local);
        assert_eq!(
            crate::config::Settings::demo().storage.kind,
            StorageKind::Local
        );
    }

    #[test]
    fn s3_settings_build_a_store_for_the_bucket() {
        let settings = storage_settings(S3);

        let storage = Storage::open(&settings).expect("opens");

        assert_eq!(storage.location(), "s3://session-files");
    }

    #[test]
    fn the_s3_secret_never_shows_in_debug_output() {
        let settings = storage_settings(S3);

        assert!(!format!("{settings:?}").contains("\"secret\""));
    }

    #[test]
    fn the_s3_kind_without_its_section_is_refused() {
        let error = open_error("[storage]\nkind = \"s3\"\n");

        assert!(error.contains("[storage.s3]"), "{error}");
    }

    #[test]
    fn a_plain_http_s3_endpoint_needs_allow_http() {
        let error = open_error(&S3.replace("allow_http = true", "allow_http = false"));

        assert!(error.contains("storage.s3.allow_http"), "{error}");
    }

    #[test]
    fn an_s3_endpoint_without_a_scheme_is_refused() {
        let error = open_error(&S3.replace("http://127.0.0.1:9000", "127.0.0.1:9000"));

        assert!(error.contains("storage.s3.endpoint"), "{error}");
    }

    #[test]
    fn an_s3_access_key_without_its_secret_is_refused() {
        let error = open_error(&S3.replace("secret_access_key = \"secret\"", ""));

        assert!(error.contains("storage.s3.secret_access_key"), "{error}");
    }

    #[test]
    fn a_bucket_name_with_capitals_is_refused() {
        let error = open_error(&S3.replace("session-files", "Session_Files"));

        assert!(
            error.contains("storage.s3.bucket `Session_Files`"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_storage_kind_is_refused_when_the_config_is_read() {
        let result = config::Config::builder()
            .add_source(config::File::from_str(
                "[storage]\nkind = \"sftp\"\n",
                config::FileFormat::Toml,
            ))
            .build()
            .and_then(|c| c.get::<StorageSettings>("storage"));

        assert!(result.is_err());
    }

    /// A key in the service-account format that the emulator setup of the GCS client takes: no
    /// OAuth, requests to a given base URL.
    const EMULATOR_KEY: &str = r#"{"private_key": "", "private_key_id": "", "client_email": "",
        "disable_oauth": true, "gcs_base_url": "http://127.0.0.1:4443"}"#;

    fn gcs(extra: &str) -> String {
        format!("[storage]\nkind = \"gcs\"\n[storage.gcs]\nbucket = \"session-files\"\n{extra}\n")
    }

    #[test]
    fn gcs_settings_with_a_service_account_key_build_a_store_for_the_bucket() {
        let settings =
            storage_settings(&gcs(&format!("service_account_key = '''{EMULATOR_KEY}'''")));

        let storage = Storage::open(&settings).expect("opens");

        assert_eq!(storage.location(), "gs://session-files");
    }

    #[test]
    fn gcs_settings_with_a_service_account_file_build_a_store_for_the_bucket() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("key.json");
        std::fs::write(&path, EMULATOR_KEY).expect("key file");
        let settings = storage_settings(&gcs(&format!(
            "service_account_path = '{}'",
            path.display()
        )));

        let storage = Storage::open(&settings).expect("opens");

        assert_eq!(storage.location(), "gs://session-files");
    }

    #[test]
    fn the_gcs_kind_without_its_section_is_refused() {
        let error = open_error("[storage]\nkind = \"gcs\"\n");

        assert!(error.contains("[storage.gcs]"), "{error}");
    }

    #[test]
    fn a_missing_gcs_service_account_file_is_named() {
        let error = open_error(&gcs("service_account_path = '/nonexistent/key.json'"));

        assert!(
            error.contains("storage.gcs.service_account_path /nonexistent/key.json"),
            "{error}"
        );
    }

    #[test]
    fn a_gcs_service_account_key_that_is_not_a_key_is_refused() {
        let error = open_error(&gcs("service_account_key = 'not json'"));

        assert!(error.contains("[storage.gcs]"), "{error}");
    }

    #[test]
    fn a_gcs_key_with_an_unreadable_private_key_is_refused() {
        let key = r#"{"private_key": "not a key", "private_key_id": "1",
            "client_email": "files@project.iam.gserviceaccount.com"}"#;

        let error = open_error(&gcs(&format!("service_account_key = '''{key}'''")));

        assert!(error.contains("[storage.gcs]"), "{error}");
    }

    #[test]
    fn gcs_with_both_a_key_file_and_a_key_is_refused() {
        let error = open_error(&gcs(&format!(
            "service_account_path = '/tmp/key.json'\nservice_account_key = '''{EMULATOR_KEY}'''"
        )));

        assert!(error.contains("not both"), "{error}");
    }
}
