//! Co-browsing: `POST /webhooks/cobrowse/{secret}` takes the provider's session events, and
//! `POST /api/v1/cobrowse/{id}/{remote-control|full-device|end}` passes the agent's requests to
//! the provider ([`crate::connectors::cobrowse`]). The agent's widget
//! hears of every change through `cobrowse_updated` and posts the CCAI `Cobrowse_Session_*`
//! events to its host page.
//!
//! A delivery that repeats the state already stored is acknowledged with `duplicate: true` and
//! changes nothing, so the provider may retry freely.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::post;
use axum::{Json, Router};
use protocol::cobrowse::{
    CobrowseAsk, CobrowseChange, CobrowseEventKind, CobrowseMode, CobrowseParty, CobrowseView,
    CobrowseWebhook,
};
use protocol::crm::CrmSessionRef;
use protocol::stream::StreamEvent;
use secrecy::ExposeSecret;
use serde::Serialize;

use crate::auth::{AuthAgent, secrets_match};
use crate::config::CobrowseSettings;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{WriteTx, calls, chats, cobrowse as store};

/// Largest webhook body accepted.
const MAX_BODY: usize = 16 * 1024;

/// The co-browse routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/webhooks/cobrowse/{secret}",
            post(webhook).layer(DefaultBodyLimit::max(MAX_BODY)),
        )
        .route("/api/v1/cobrowse/{id}/{ask}", post(ask))
}

fn settings(state: &AppState) -> Result<&CobrowseSettings, ApiError> {
    state
        .settings
        .cobrowse
        .as_ref()
        .ok_or(ApiError::NotConfigured("co-browsing is not configured"))
}

/// Answer to the provider.
#[derive(Debug, Serialize)]
struct Receipt {
    ok: bool,
    /// True when the delivery repeated the state already known.
    duplicate: bool,
}

#[tracing::instrument(skip_all)]
async fn webhook(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Receipt>, ApiError> {
    let result = match body {
        Ok(body) => receive(&state, &secret, &body).await,
        Err(rejection) => Err(super::body_error(rejection, MAX_BODY)),
    };
    match &result {
        Ok(_) => state.metrics.webhook_accepted(),
        Err(
            ApiError::Unauthorized(_)
            | ApiError::InvalidBody(_)
            | ApiError::PayloadTooLarge(_)
            | ApiError::NotFound(_),
        ) => state.metrics.webhook_rejected(),
        Err(_) => {}
    }
    result.map(Json)
}

async fn receive(state: &AppState, secret: &str, body: &[u8]) -> Result<Receipt, ApiError> {
    let settings = settings(state)?;
    if !secrets_match(secret, settings.webhook_secret.expose_secret()) {
        tracing::warn!("co-browse webhook with a wrong secret rejected");
        return Err(ApiError::Unauthorized("wrong webhook secret"));
    }
    let (hook, session) = parse_webhook(body)?;
    let mut tx = state.store.begin().await?;
    let agent_id = session_agent(&mut tx, session).await?;
    let known = store::by_id(&mut tx.tx, &hook.session_id).await?;
    let Some((view, change)) = apply(known.map(|k| k.view), &hook, session)? else {
        return Ok(Receipt {
            ok: true,
            duplicate: true,
        });
    };
    record(&mut tx, &view, change, agent_id).await?;
    tx.commit(&state.hub).await?;
    tracing::info!(session = %view.id, ?change, "co-browse session changed");
    Ok(Receipt {
        ok: true,
        duplicate: false,
    })
}

/// A webhook body as a validated [`CobrowseWebhook`] and the session it belongs to, or the 400
/// saying what is wrong. Public for the fuzz targets (`fuzz/`).
pub fn parse_webhook(body: &[u8]) -> Result<(CobrowseWebhook, CrmSessionRef), ApiError> {
    let hook: CobrowseWebhook = serde_json::from_slice(body)
        .map_err(|e| ApiError::InvalidBody(format!("co-browse webhook body: {e}")))?;
    let session = hook
        .session()
        .map_err(|reason| ApiError::InvalidBody(reason.to_owned()))?;
    if hook.session_id.trim().is_empty() || hook.session_id.len() > 200 {
        return Err(ApiError::InvalidBody(
            "`session_id` must be 1 to 200 characters".into(),
        ));
    }
    Ok((hook, session))
}

/// The agent handling the call or chat.
async fn session_agent(tx: &mut WriteTx, session: CrmSessionRef) -> Result<u64, ApiError> {
    let agent = match session {
        CrmSessionRef::Call(id) => {
            calls::by_id(&mut tx.tx, id)
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("no call {id}")))?
                .agent_id
        }
        CrmSessionRef::Chat(id) => {
            chats::by_id(&mut tx.tx, id)
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("no chat {id}")))?
                .agent_id
        }
    };
    agent
        .map(|id| id as u64)
        .ok_or_else(|| ApiError::Conflict("no agent handles that session yet".into()))
}

/// The session after `hook`, and what changed; `None` when nothing did (a repeated delivery).
/// Public for the fuzz targets.
pub fn apply(
    known: Option<CobrowseView>,
    hook: &CobrowseWebhook,
    session: CrmSessionRef,
) -> Result<Option<(CobrowseView, CobrowseChange)>, ApiError> {
    let unknown = || ApiError::NotFound(format!("no co-browse session {}", hook.session_id));
    if let Some(view) = &known
        && view.session != session
    {
        return Err(ApiError::InvalidBody(format!(
            "co-browse session {} belongs to another session",
            hook.session_id
        )));
    }
    let mode = |given: Option<CobrowseMode>, field: &str| {
        given.ok_or_else(|| ApiError::InvalidBody(format!("`{field}` is required for this event")))
    };
    let live = |view: Option<CobrowseView>| -> Result<CobrowseView, ApiError> {
        let view = view.ok_or_else(unknown)?;
        if view.active() {
            Ok(view)
        } else {
            Err(ApiError::Conflict(format!(
                "co-browse session {} has ended",
                view.id
            )))
        }
    };
    let changed = match hook.event {
        CobrowseEventKind::SessionStarted => match known {
            Some(_) => None,
            None => Some((
                CobrowseView {
                    id: hook.session_id.clone(),
                    session,
                    requested_by: hook.requested_by.unwrap_or(CobrowseParty::EndUser),
                    remote_control: hook.remote_control.unwrap_or_default(),
                    full_device: hook.full_device.unwrap_or_default(),
                    ended_by: None,
                },
                CobrowseChange::Started,
            )),
        },
        CobrowseEventKind::RemoteControlChanged => {
            let wanted = mode(hook.remote_control, "remote_control")?;
            let mut view = live(known)?;
            (view.remote_control != wanted).then(|| {
                view.remote_control = wanted;
                (view, CobrowseChange::RemoteControl)
            })
        }
        CobrowseEventKind::FullDeviceChanged => {
            let wanted = mode(hook.full_device, "full_device")?;
            let mut view = live(known)?;
            (view.full_device != wanted).then(|| {
                view.full_device = wanted;
                (view, CobrowseChange::FullDevice)
            })
        }
        CobrowseEventKind::SessionEnded => {
            let mut view = known.ok_or_else(unknown)?;
            view.active().then(|| {
                view.ended_by = Some(hook.ended_by.unwrap_or(CobrowseParty::Api));
                if let Some(mode) = hook.remote_control {
                    view.remote_control = mode;
                }
                if let Some(mode) = hook.full_device {
                    view.full_device = mode;
                }
                (view, CobrowseChange::Ended)
            })
        }
    };
    Ok(changed)
}

/// Stores `view` and tells the agent.
async fn record(
    tx: &mut WriteTx,
    view: &CobrowseView,
    change: CobrowseChange,
    agent_id: u64,
) -> Result<(), sqlx::Error> {
    store::save(&mut tx.tx, view, agent_id).await?;
    tx.emit(
        agent_id,
        StreamEvent::CobrowseUpdated {
            cobrowse: view.clone(),
            change,
        },
    )
    .await?;
    Ok(())
}

/// The agent asks for remote control or the full device, or ends the session.
#[tracing::instrument(skip_all, fields(agent_id = auth.id(), cobrowse = %id))]
async fn ask(
    State(state): State<AppState>,
    auth: AuthAgent,
    Path((id, ask)): Path<(String, String)>,
) -> Result<Json<CobrowseView>, ApiError> {
    let provider = state
        .cobrowse
        .as_ref()
        .ok_or(ApiError::NotConfigured("co-browsing is not configured"))?;
    let ask = CobrowseAsk::parse(&ask).ok_or_else(|| {
        ApiError::NotFound(format!(
            "`{ask}` is not a co-browse request; use remote-control, full-device or end"
        ))
    })?;
    let current = {
        let mut conn = state.store.read.acquire().await?;
        store::by_id(&mut conn, &id).await?
    }
    .filter(|row| row.agent_id == auth.id())
    .ok_or_else(|| ApiError::NotFound(format!("no co-browse session {id} of yours")))?
    .view;
    if !current.active() {
        return Err(ApiError::Conflict(format!(
            "co-browse session {id} has ended"
        )));
    }
    let already = match ask {
        CobrowseAsk::RemoteControl => current.remote_control,
        CobrowseAsk::FullDevice => current.full_device,
        CobrowseAsk::End => CobrowseMode::Off,
    };
    if matches!(already, CobrowseMode::On | CobrowseMode::Requested) {
        return Err(ApiError::Conflict(format!(
            "that is already {} in co-browse session {id}",
            already.as_str()
        )));
    }
    provider.ask(&id, ask).await?;
    let mut view = current;
    let change = match ask {
        CobrowseAsk::RemoteControl => {
            view.remote_control = CobrowseMode::Requested;
            CobrowseChange::RemoteControl
        }
        CobrowseAsk::FullDevice => {
            view.full_device = CobrowseMode::Requested;
            CobrowseChange::FullDevice
        }
        CobrowseAsk::End => {
            view.ended_by = Some(CobrowseParty::Agent);
            CobrowseChange::Ended
        }
    };
    let mut tx = state.store.begin().await?;
    // The provider's own answer may have come in meanwhile: keep whatever is newer.
    let latest = store::by_id(&mut tx.tx, &id).await?.map(|row| row.view);
    if latest.as_ref().is_some_and(|l| l.active()) {
        record(&mut tx, &view, change, auth.id()).await?;
    } else if let Some(latest) = latest {
        view = latest;
    }
    tx.commit(&state.hub).await?;
    Ok(Json(view))
}
