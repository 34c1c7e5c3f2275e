//! The signed-in session: what is kept in `localStorage` so a reload of the iframe restores it
//! without a second login, and what a signed-in adapter starts from.

use protocol::api::{AgentSnapshot, LoginResponse};
use serde::{Deserialize, Serialize};

/// `localStorage` key of the stored session.
pub const STORAGE_KEY: &str = "agent-adapter.session";

/// What survives a reload: the bearer token and when it stops being accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    /// Bearer token.
    pub token: String,
    /// Expiry (Unix ms).
    pub expires_at: i64,
}

impl StoredSession {
    /// The part of a login answer worth keeping.
    pub fn from_login(login: &LoginResponse) -> Self {
        Self {
            token: login.token.clone(),
            expires_at: login.expires_at,
        }
    }

    /// Whether the token is past its expiry at `now_ms`.
    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.expires_at <= now_ms
    }

    /// Reads the stored session; a missing, unreadable or expired entry is `None` (and an
    /// unusable one is removed).
    pub fn load(now_ms: i64) -> Option<Self> {
        let storage = local_storage()?;
        let raw = storage.get_item(STORAGE_KEY).ok()??;
        match serde_json::from_str::<Self>(&raw) {
            Ok(session) if !session.is_expired(now_ms) => Some(session),
            _ => {
                Self::clear();
                None
            }
        }
    }

    /// Keeps the session for the next load.
    pub fn save(&self) {
        let Some(storage) = local_storage() else {
            return;
        };
        let stored = serde_json::to_string(self).map(|raw| storage.set_item(STORAGE_KEY, &raw));
        if !matches!(stored, Ok(Ok(()))) {
            leptos::logging::warn!("could not store the session: a reload will ask to sign in");
        }
    }

    /// Forgets the stored session.
    pub fn clear() {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

/// `localStorage`, when the browser grants it (it may not in a sandboxed or privacy-restricted
/// frame; the widget then simply asks to sign in after a reload).
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A signed-in agent: the token and the snapshot to start from.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    /// Bearer token.
    pub token: String,
    /// `GET /api/v1/me` at sign-in.
    pub snapshot: AgentSnapshot,
}

/// Why a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignOutReason {
    /// The agent logged out.
    LoggedOut,
    /// The gateway no longer accepts the token (401).
    Expired,
}
