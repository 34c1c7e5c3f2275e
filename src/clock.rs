//! Wall-clock time for timers shown to the agent.

use std::time::Duration;

use leptos::prelude::*;

/// Now, in Unix milliseconds (the gateway's timestamps use the same unit).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A signal holding [`now_ms`], refreshed every second while the current owner lives (one timer
/// for every timer on screen).
pub fn ticking_clock() -> ReadSignal<i64> {
    let (now, set_now) = signal(now_ms());
    match set_interval_with_handle(move || set_now.set(now_ms()), Duration::from_secs(1)) {
        Ok(handle) => on_cleanup(move || handle.clear()),
        Err(_) => leptos::logging::warn!("could not start the clock: timers will not move"),
    }
    now
}
