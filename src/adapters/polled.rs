//! Data the adapters fetch on a timer (presence, live statistics): the latest answer, when it
//! came, and why the latest refresh failed — the last good data stays on screen meanwhile.

use std::future::Future;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::auth::Auth;
use crate::clock::now_ms;

/// The reactive state of one polled endpoint. Cheap to copy.
pub struct Polled<T: Send + Sync + 'static> {
    /// The latest successful answer.
    pub data: RwSignal<Option<T>>,
    /// When it came (Unix ms).
    pub updated_at: RwSignal<Option<i64>>,
    /// Why the latest refresh failed (cleared by the next success).
    pub problem: RwSignal<Option<ApiError>>,
}

impl<T: Send + Sync + 'static> Clone for Polled<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Polled<T> {}

/// Fetches now and then every `every` while the calling view lives. `fetch` gets the bearer
/// token. A 401 ends the session; an answer for which `is_final` holds (403, 503 …) stops the
/// polling, since asking again would get the same.
pub fn poll<T, F, Fut>(every: Duration, is_final: fn(&ApiError) -> bool, fetch: F) -> Polled<T>
where
    T: Send + Sync + 'static,
    F: Fn(String) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let auth = Auth::expect();
    let polled = Polled {
        data: RwSignal::new(None),
        updated_at: RwSignal::new(None),
        problem: RwSignal::new(None),
    };
    let in_flight = StoredValue::new(false);
    let poller = StoredValue::new(None::<IntervalHandle>);
    let refresh = move || {
        let stopped = polled
            .problem
            .with_untracked(|p| p.as_ref().is_some_and(is_final));
        if in_flight.get_value() || stopped {
            return;
        }
        in_flight.set_value(true);
        let (auth, fetch) = (auth.clone(), fetch.clone());
        spawn_local(async move {
            let result = fetch(auth.token().to_owned()).await;
            in_flight.try_set_value(false);
            match result {
                Ok(latest) => {
                    polled.data.try_set(Some(latest));
                    polled.updated_at.try_set(Some(now_ms()));
                    polled.problem.try_set(None);
                }
                Err(error) if auth.session_lost(&error) => {}
                Err(error) => {
                    if is_final(&error)
                        && let Some(Some(handle)) = poller.try_get_value()
                    {
                        handle.clear();
                    }
                    polled.problem.try_set(Some(error));
                }
            }
        });
    };
    refresh();
    if let Ok(handle) = set_interval_with_handle(refresh.clone(), every) {
        poller.set_value(Some(handle));
        on_cleanup(move || handle.clear());
    }
    polled
}
