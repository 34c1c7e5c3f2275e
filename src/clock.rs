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

/// The browser's offset from UTC in minutes, as `Date.getTimezoneOffset()` gives it (-60 in
/// Paris in winter): Optico's timestamps carry no zone and are read as the agent's local time.
pub fn local_offset_minutes() -> i64 {
    js_sys::Date::new_0().get_timezone_offset() as i64
}

/// "2 min ago" for an Optico `Y-m-d H:i:s` timestamp at `now_ms`; the text as sent when it
/// cannot be read.
pub fn optico_ago(created_at: &str, now_ms: i64) -> String {
    match crate::format::optico_time_ms(created_at, local_offset_minutes()) {
        Some(at) => crate::text::time_ago(crate::format::whole_seconds(at, now_ms), created_at),
        None => created_at.to_owned(),
    }
}
