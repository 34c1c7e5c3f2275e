//! The signed-in session as seen by components: the token for API calls, and the way back to
//! the sign-in form when the gateway answers 401.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;

/// Provided by the workspace to everything that calls authenticated endpoints.
#[derive(Clone)]
pub struct Auth {
    token: Arc<str>,
    on_expired: Callback<()>,
}

impl Auth {
    /// A session with `token`; `on_expired` runs when any call answers 401.
    pub fn new(token: &str, on_expired: Callback<()>) -> Self {
        Self {
            token: Arc::from(token),
            on_expired,
        }
    }

    /// The context provided by the enclosing workspace.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Ends the session when `error` is a 401; returns whether it did (the caller then shows
    /// nothing more: the sign-in form replaces the view).
    pub fn session_lost(&self, error: &ApiError) -> bool {
        if error.is_unauthorized() {
            self.on_expired.try_run(());
            true
        } else {
            false
        }
    }

    /// Ends the session (the gateway refused the token).
    pub fn expire(&self) {
        self.on_expired.try_run(());
    }
}
