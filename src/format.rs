//! Pure formatting helpers for times shown to the agent.

/// Milliseconds between `from_ms` and `now_ms`, never negative (a browser clock slightly behind
/// the gateway's must not show a negative timer).
pub fn elapsed_ms(from_ms: i64, now_ms: i64) -> i64 {
    now_ms.saturating_sub(from_ms).max(0)
}

/// A running timer: `mm:ss` under an hour, `h:mm:ss` from one hour on. Negative input is `00:00`.
pub fn timer(elapsed_ms: i64) -> String {
    let total = elapsed_ms.max(0) / 1000;
    let (hours, minutes, seconds) = (total / 3600, (total % 3600) / 60, total % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes:02}:{seconds:02}")
    }
}

/// Whole seconds between two instants in milliseconds, never negative.
pub fn whole_seconds(from_ms: i64, now_ms: i64) -> i64 {
    elapsed_ms(from_ms, now_ms) / 1000
}

/// Initials for an avatar: the first letter of the first two words, upper-case.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}
