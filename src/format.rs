//! Formatting of times, amounts, days and phone numbers shown to the agent, in the agent's
//! language ([`crate::i18n`]): the `*_in` functions take the language, the others use the
//! current one.

use crate::i18n::{self, Lang};

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

/// A long duration for tables: `45 s`, `36 min`, `5 h 02 min`, `143 d 02 h` (`143 j 02 h` in
/// French).
pub fn duration(seconds: u64) -> String {
    duration_in(i18n::current(), seconds)
}

/// [`duration`] in `lang`.
pub fn duration_in(lang: Lang, seconds: u64) -> String {
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60);
    let day = if lang == Lang::Fr { "j" } else { "d" };
    match (days, seconds / 3600, seconds / 60) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, _) => format!("{minutes} min"),
        (0, total_hours, _) => format!("{total_hours} h {minutes:02} min"),
        _ => format!("{days} {day} {hours:02} h"),
    }
}

/// Whole seconds between two instants in milliseconds, never negative.
pub fn whole_seconds(from_ms: i64, now_ms: i64) -> i64 {
    elapsed_ms(from_ms, now_ms) / 1000
}

/// Initials for an avatar: the first letter of the first two words, upper-case.
pub fn initials(name: &str) -> String {
    let firsts: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .take(2)
        .collect();
    upper(&firsts)
}

// Case and letters beyond ASCII are the browser's: its `toLowerCase`, `toUpperCase` and `\p{L}`
// know all of Unicode, and the standard library's tables for the same (about 30 KiB) would
// be downloaded with every adapter. ASCII text, most of it, never leaves wasm.

/// `text` in lower case: `Élodie` → `élodie`.
pub fn lower(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        js_sys::JsString::from(text).to_lower_case().into()
    }
}

/// `text` in upper case: `élodie` → `ÉLODIE`, `straße` → `STRASSE`.
pub fn upper(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_uppercase()
    } else {
        js_sys::JsString::from(text).to_upper_case().into()
    }
}

/// `text` with its first letter in upper case: `élodie lee` → `Élodie lee`.
pub fn capitalised(text: &str) -> String {
    let (first, rest) = text.split_at(text.chars().next().map_or(0, char::len_utf8));
    upper(first) + rest
}

/// Whether `text` holds a letter of any script: `Kim`, `Zoë`, `李` do; `+44 20 7946 0018` does
/// not.
pub fn has_letter(text: &str) -> bool {
    if text.is_ascii() {
        text.bytes().any(|byte| byte.is_ascii_alphabetic())
    } else {
        js_sys::RegExp::new("\\p{L}", "u").test(text)
    }
}

/// An amount of money for people in the agent's language: `€1,000.00`, `-$5.50`, `CHF 12.00`
/// in English; `1 000,00 €`, `-5,50 $`, `12,00 CHF` in French; the number alone when the
/// currency is unknown.
pub fn money(amount: &serde_json::Number, currency: Option<&str>) -> String {
    money_in(i18n::current(), amount, currency)
}

/// [`money`] in `lang`.
pub fn money_in(lang: Lang, amount: &serde_json::Number, currency: Option<&str>) -> String {
    let value = amount.as_f64().unwrap_or(0.0);
    // Rounded to cents, then split in integer arithmetic so no float digits leak into the text.
    let cents = (value * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let code = currency
        .map(str::trim)
        .map(str::to_ascii_uppercase)
        .filter(|code| !code.is_empty());
    let symbol = code.as_deref().map(|code| match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    });
    match lang {
        Lang::En => {
            let number = format!("{}.{:02}", grouped(cents / 100, ','), cents % 100);
            match (code.as_deref(), symbol) {
                (Some("EUR" | "USD" | "GBP"), Some(symbol)) => format!("{sign}{symbol}{number}"),
                (_, Some(symbol)) => format!("{sign}{symbol} {number}"),
                (_, None) => format!("{sign}{number}"),
            }
        }
        Lang::Fr => {
            // French groups thousands with a narrow no-break space and puts the currency after
            // the amount, after a no-break space.
            let number = format!("{},{:02}", grouped(cents / 100, '\u{202f}'), cents % 100);
            match symbol {
                Some(symbol) => format!("{sign}{number}\u{a0}{symbol}"),
                None => format!("{sign}{number}"),
            }
        }
    }
}

/// `1234567` → `1,234,567` with `separator` between groups of three digits.
fn grouped(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// `value` with `places` decimals and the agent's decimal separator: `12.5`, `12,5` in French.
pub fn decimal(value: f64, places: u32) -> String {
    decimal_in(i18n::current(), value, places)
}

/// [`decimal`] in `lang`. Rounded to `places`, then written in integer arithmetic, as
/// [`money_in`] does, so the widget carries no float formatting; a value that rounds to zero
/// has no sign.
pub fn decimal_in(lang: Lang, value: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    let whole = scaled / scale;
    if places == 0 {
        return format!("{sign}{whole}");
    }
    let separator = match lang {
        Lang::En => '.',
        Lang::Fr => ',',
    };
    let fraction = scaled % scale;
    let width = places as usize;
    format!("{sign}{whole}{separator}{fraction:0width$}")
}

/// A `YYYY-MM-DD` day for people: `2 Jan 2024`, `2 janv. 2024` in French; `None` when it is
/// not such a day.
pub fn day_for_people(day: &str) -> Option<String> {
    day_for_people_in(i18n::current(), day)
}

/// [`day_for_people`] in `lang`.
pub fn day_for_people_in(lang: Lang, day: &str) -> Option<String> {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let mut parts = day.trim().splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: usize = parts.next()?.parse().ok()?;
    let date: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&date) {
        return None;
    }
    let names = if lang == Lang::Fr { FR } else { EN };
    Some(format!("{date} {} {year}", names[month - 1]))
}

/// A caller's number for people. French agents see French numbers (`+33`) in their national
/// form, `06 12 34 56 78`; every other number, and every number for English agents, is the
/// gateway's international form (`display`).
pub fn phone(e164: Option<&str>, display: &str) -> String {
    phone_in(i18n::current(), e164, display)
}

/// [`phone`] in `lang`.
pub fn phone_in(lang: Lang, e164: Option<&str>, display: &str) -> String {
    let national = e164
        .filter(|_| lang == Lang::Fr)
        .and_then(|number| number.strip_prefix("+33"))
        .filter(|rest| rest.len() == 9 && rest.bytes().all(|b| b.is_ascii_digit()));
    match national {
        Some(rest) => {
            let digits = format!("0{rest}");
            let pairs: Vec<&str> = (0..5).map(|i| &digits[i * 2..i * 2 + 2]).collect();
            pairs.join(" ")
        }
        None => display.to_owned(),
    }
}

/// A quantity as sent (`1`, `2.5`); `1` when absent.
pub fn quantity(value: Option<&serde_json::Number>) -> String {
    value.map_or_else(|| "1".to_owned(), ToString::to_string)
}

/// Parses Optico's `Y-m-d H:i:s` (a wall-clock time without zone) into Unix milliseconds,
/// reading it as UTC shifted by `offset_minutes` (the zone's offset *behind* UTC, as
/// `Date.getTimezoneOffset()` gives it: -60 for Paris in winter). `None` when malformed.
pub fn optico_time_ms(text: &str, offset_minutes: i64) -> Option<i64> {
    let (date, time) = text.trim().split_once(' ')?;
    let mut date = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let mut time = time.splitn(3, ':').map(str::parse::<i64>);
    let (hour, minute, second) = (time.next()?.ok()?, time.next()?.ok()?, time.next()?.ok()?);
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..=60).contains(&second);
    if !valid {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    Some((seconds + offset_minutes * 60) * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The link target for a visitor-supplied URL: `Some` only for an absolute `http:` or `https:`
/// URL with a host and no whitespace or control characters (so `javascript:`, `data:` and
/// relative URLs are shown as plain text).
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let host = rest.strip_prefix("//")?.split(['/', '?', '#']).next()?;
    (web && !host.is_empty()).then(|| url.to_owned())
}

/// The wall-clock time `HH:MM` of the instant `ms` (Unix milliseconds) in a zone
/// `offset_minutes` behind UTC (as `Date.getTimezoneOffset()` gives it: -60 for Paris in
/// winter).
pub fn clock_time(ms: i64, offset_minutes: i64) -> String {
    let minutes = (ms.div_euclid(60_000) - offset_minutes).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The wall-clock time `HH:MM:SS` of the instant `ms` in a zone `offset_minutes` behind UTC
/// (see [`clock_time`]).
pub fn clock_time_seconds(ms: i64, offset_minutes: i64) -> String {
    let local = ms.div_euclid(1000) - offset_minutes * 60;
    let seconds = local.rem_euclid(24 * 3600);
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The calendar day `YYYY-MM-DD` of the instant `ms` in a zone `offset_minutes` behind UTC,
/// `days_later` days on.
pub fn calendar_day(ms: i64, offset_minutes: i64, days_later: i64) -> String {
    let days = (ms.div_euclid(1000) - offset_minutes * 60).div_euclid(86_400) + days_later;
    // Days since 1970-01-01 to a civil date (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// How the agent sees who called: "Private number" in their language for a withheld number,
/// else [`phone`] of the caller's number.
pub fn caller(call: &protocol::api::CallView) -> String {
    match call.caller_phone.as_deref() {
        None => crate::text::private_number().to_owned(),
        Some(number) => phone(Some(number), &call.caller_display),
    }
}
