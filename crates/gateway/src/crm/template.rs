//! Templating for the generic CRM API (seed 004): `{VARIABLE}` substitution, the request
//! parameter functions `=DEFAULT_VALUE(a, b)`, `=CONCAT_OR(…)`, `=CONCAT_AND(…)`, phone number
//! formats, and URL templates whose empty query parameters are left out.
//!
//! Everything here is pure: the flows build a [`Variables`] map from a session, and these
//! functions turn the configured templates into values, URLs and request parameters.
//!
//! A value *resolves empty* when it uses a variable that has no value (or when the result is
//! blank): such a request parameter is removed, such a function argument is skipped, and such a
//! URL query parameter is left out. `=DEFAULT_VALUE` gives fallbacks.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use phonenumber::Mode;
use serde::Deserialize;

/// Characters left as they are in an encoded URL component (RFC 3986 unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The values of the seed's request variables for one session (`AGENT_ID`, `PHONE_NUMBER`,
/// `Call_ID`, …), by exact name. Absent and empty are the same: no value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variables(BTreeMap<String, String>);

impl Variables {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` (an empty value is the same as none).
    pub fn set(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        let value = value.into();
        if value.trim().is_empty() {
            self.0.remove(name);
        } else {
            self.0.insert(name.to_owned(), value);
        }
        self
    }

    /// Sets `name` when `value` is some; `None` leaves what is there.
    pub fn set_opt(&mut self, name: &str, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(value) = value {
            self.set(name, value);
        }
        self
    }

    /// The value of `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Sets `NAME`, `FIRST_NAME` and `LAST_NAME` from a full name: the first word is the first
    /// name, the rest the last name, which is `--` when missing (as the seed says).
    pub fn set_name(&mut self, full_name: &str) -> &mut Self {
        let full_name = full_name.trim();
        if full_name.is_empty() {
            return self;
        }
        let (first, last) = match full_name.split_once(char::is_whitespace) {
            Some((first, last)) => (first, last.trim()),
            None => (full_name, ""),
        };
        self.set("NAME", full_name);
        self.set("FIRST_NAME", first);
        self.set("LAST_NAME", if last.is_empty() { "--" } else { last });
        self
    }

    /// The pairs, for storing a snapshot.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }

    /// From a stored snapshot.
    pub fn from_map(map: BTreeMap<String, String>) -> Self {
        let mut variables = Self::new();
        for (name, value) in map {
            variables.set(&name, value);
        }
        variables
    }
}

/// Formats a duration in whole seconds as `mm:ss` (minutes keep counting past 59).
pub fn mm_ss(total_secs: u64) -> String {
    format!("{:02}:{:02}", total_secs / 60, total_secs % 60)
}

/// How phone numbers are written in CRM requests and lookup URLs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneFormat {
    /// `+1 222 333 4444` when creating or updating, `*222*333*4444` when searching.
    #[default]
    Automatic,
    /// `+12223334444`.
    E164,
    /// `2223334444`.
    UsLocal,
    /// `(111) 222-3333`.
    UsLocalStandard,
    /// `+1 222 333 4444`.
    International,
}

/// Whether a number goes into a search (find endpoints, lookup URLs) or a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhonePurpose {
    /// Finding an account or record.
    Search,
    /// Creating or updating.
    Write,
}

/// Writes an E.164 number in `format`. Numbers the library cannot parse (anything without a
/// leading `+` and country code) are returned as given, so nothing is lost.
pub fn format_phone(e164: &str, format: PhoneFormat, purpose: PhonePurpose) -> String {
    // No default region: with one, the library strips a leading `1` of the national number as
    // if it were a national prefix (`+33123456789` became `+33 23456789`).
    let Ok(number) = phonenumber::parse(None, e164) else {
        return e164.to_owned();
    };
    let national = number.national().value().to_string();
    let code = number.code().value();
    let groups = || -> Vec<String> {
        // The library's international format groups the national number; its separators
        // vary by country (`-` in the US), so keep only the digit groups.
        let international = number.format().mode(Mode::International).to_string();
        let rest = international
            .strip_prefix(&format!("+{code}"))
            .unwrap_or(&international);
        let groups: Vec<String> = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .collect();
        if groups.concat() == national {
            groups
        } else {
            vec![national.clone()]
        }
    };
    match (format, purpose) {
        (PhoneFormat::E164, _) => format!("+{code}{national}"),
        (PhoneFormat::UsLocal, _) => national,
        (PhoneFormat::UsLocalStandard, _) if national.len() == 10 => {
            format!(
                "({}) {}-{}",
                &national[..3],
                &national[3..6],
                &national[6..]
            )
        }
        (PhoneFormat::UsLocalStandard, _) => national,
        (PhoneFormat::International, _) | (PhoneFormat::Automatic, PhonePurpose::Write) => {
            format!(
                "+{code} {}",
                us_groups(&national).unwrap_or_else(groups).join(" ")
            )
        }
        (PhoneFormat::Automatic, PhonePurpose::Search) => {
            let groups = us_groups(&national).unwrap_or_else(groups);
            format!("*{}", groups.join("*"))
        }
    }
}

/// North American numbers are grouped 3-3-4 even where the library's metadata has no pattern
/// (unassigned area codes such as the seed's `222`).
fn us_groups(national: &str) -> Option<Vec<String>> {
    (national.len() == 10 && national.bytes().all(|b| b.is_ascii_digit())).then(|| {
        vec![
            national[..3].to_owned(),
            national[3..6].to_owned(),
            national[6..].to_owned(),
        ]
    })
}

/// Replaces every `{NAME}` in `template`. `None` when a variable it names has no value or the
/// result is blank. `encode` percent-encodes each substituted value. Braces that do not enclose
/// a variable name (letters, digits, `_`) are kept as text.
pub fn substitute(template: &str, vars: &Variables, encode: bool) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('}') {
            let name = &after[..name_len];
            let value = vars.get(name)?;
            if encode {
                out.extend(utf8_percent_encode(value, COMPONENT));
            } else {
                out.push_str(value);
            }
            rest = &after[name_len + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    (!out.trim().is_empty()).then_some(out)
}

/// Resolves one request parameter value: a function (`=DEFAULT_VALUE(…)`, `=CONCAT_OR(…)`,
/// `=CONCAT_AND(…)`) or a template. `None` means the parameter is removed.
pub fn resolve(value: &str, vars: &Variables) -> Result<Option<String>, TemplateError> {
    let trimmed = value.trim();
    let Some(call) = trimmed.strip_prefix('=') else {
        return Ok(substitute(value, vars, false));
    };
    let (name, args) = parse_call(call)?;
    let values: Vec<Option<String>> = args.iter().map(|a| argument(a, vars)).collect();
    match name.to_ascii_uppercase().as_str() {
        "DEFAULT_VALUE" => {
            if values.len() != 2 {
                return Err(TemplateError(format!(
                    "=DEFAULT_VALUE takes 2 values, not {}: `{trimmed}`",
                    values.len()
                )));
            }
            Ok(values.into_iter().flatten().next())
        }
        "CONCAT_OR" => Ok(join(values, " or ")),
        "CONCAT_AND" => Ok(join(values, " and ")),
        other => Err(TemplateError(format!(
            "unknown function `{other}` in `{trimmed}`; use DEFAULT_VALUE, CONCAT_OR or CONCAT_AND"
        ))),
    }
}

/// Checks a parameter value without variables: functions must be known and well formed.
pub fn check(value: &str) -> Result<(), TemplateError> {
    resolve(value, &Variables::new()).map(|_| ())
}

/// A configuration value that is not a valid function call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(pub String);

fn join(values: Vec<Option<String>>, separator: &str) -> Option<String> {
    let present: Vec<String> = values.into_iter().flatten().collect();
    (!present.is_empty()).then(|| present.join(separator))
}

/// One function argument: surrounding quotes are removed, then variables substituted.
fn argument(raw: &str, vars: &Variables) -> Option<String> {
    let raw = raw.trim();
    let unquoted = ['\'', '"']
        .iter()
        .find_map(|q| raw.strip_prefix(*q).and_then(|r| r.strip_suffix(*q)))
        .unwrap_or(raw);
    substitute(unquoted, vars, false)
}

/// Splits `NAME(a, b, …)` into the name and its top-level arguments (commas inside parentheses
/// or quotes belong to an argument).
fn parse_call(call: &str) -> Result<(&str, Vec<&str>), TemplateError> {
    let malformed = || TemplateError(format!("`={call}` is not a function call like =NAME(a, b)"));
    let open = call.find('(').ok_or_else(malformed)?;
    let name = call[..open].trim();
    let body = call[open + 1..].strip_suffix(')').ok_or_else(malformed)?;
    if name.is_empty() {
        return Err(malformed());
    }
    let mut args = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0usize);
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                args.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return Err(malformed());
        }
    }
    if depth != 0 || quote.is_some() {
        return Err(malformed());
    }
    args.push(&body[start..]);
    Ok((name, args))
}

/// Resolves every parameter; those that resolve empty are removed. Keeps the configured order.
pub fn resolve_params(
    params: &[(String, String)],
    vars: &Variables,
) -> Result<Vec<(String, String)>, TemplateError> {
    let mut out = Vec::with_capacity(params.len());
    for (key, value) in params {
        if let Some(value) = resolve(value, vars)? {
            out.push((key.clone(), value));
        }
    }
    Ok(out)
}

/// Renders a URL template: values are percent-encoded; a query parameter (`name=value` after
/// `?`) whose value resolves empty is left out; `None` when the part before `?` resolves empty
/// (the URL cannot be built).
pub fn render_url(template: &str, vars: &Variables) -> Option<String> {
    let (base, query) = match template.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (template, None),
    };
    let mut url = substitute(base, vars, true)?;
    let Some(query) = query else {
        return Some(url);
    };
    let (query, fragment) = match query.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (query, None),
    };
    let pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| match pair.split_once('=') {
            Some((name, value)) => {
                let value = substitute(value, vars, true)?;
                Some(format!("{name}={value}"))
            }
            None => substitute(pair, vars, true),
        })
        .collect();
    if !pairs.is_empty() {
        url.push('?');
        url.push_str(&pairs.join("&"));
    }
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    Some(url)
}

/// The object at `location` in `json`: a dot-separated path of keys and array indexes
/// (`data.items.0`); empty means the whole document. A path that ends at an array takes its
/// first element (searches answer with lists). `None` when nothing is there.
pub fn locate<'a>(json: &'a serde_json::Value, location: &str) -> Option<&'a serde_json::Value> {
    let mut current = json;
    for step in location.split('.').map(str::trim).filter(|s| !s.is_empty()) {
        current = match current {
            serde_json::Value::Array(items) => match step.parse::<usize>() {
                Ok(index) => items.get(index)?,
                Err(_) => items.first()?.get(step)?,
            },
            other => other.get(step)?,
        };
    }
    match current {
        serde_json::Value::Array(items) => items.first(),
        serde_json::Value::Null => None,
        other => Some(other),
    }
}

/// A JSON scalar as text (ids may be numbers or strings); `None` for null, objects, arrays and
/// blank strings.
pub fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Variables {
        let mut v = Variables::new();
        for (k, val) in pairs {
            v.set(k, *val);
        }
        v
    }

    #[test]
    fn every_variable_of_the_seed_table_is_substituted_by_its_exact_name() {
        let names = [
            "AGENT_ID",
            "AGENT_CUSTOM_ID",
            "AGENT_EMAIL",
            "NAME",
            "FIRST_NAME",
            "LAST_NAME",
            "UJET_ID",
            "EMAIL",
            "SESSION_TYPE",
            "PHONE_NUMBER",
            "Call_ID",
            "Chat_ID",
            "LANG",
            "CUSTOM_USER_ID",
            "ACCOUNT_ID",
            "RECORD_ID",
            "SESSION_ID",
            "MENU_PATH",
            "OUTBOUND_PHONE_NUMBER",
            "QUEUE_NAME",
            "QUEUE_ID",
            "SDK_NAME",
            "SDK_EMAIL",
            "SDK_PHONE",
            "SDK_IDENTIFIER",
            "SMART_ACTION_SESSION_ID",
            "RATING",
            "FEEDBACK",
            "CALL_DURATION",
            "HOLD_TIME",
            "WAIT_TIME",
            "DEVICE_TYPE",
            "DISCONNECTED_BY",
            "CHANNEL",
            "TICKET_SUBJECT",
            "TICKET_DESCRIPTION",
            "TICKET_DESCRIPTION_HTML",
            "COMMENT_BODY",
            "FILE_DATA",
        ];
        let mut v = Variables::new();
        for name in names {
            v.set(name, format!("<{name}>"));
        }
        for name in names {
            assert_eq!(
                substitute(&format!("x{{{name}}}y"), &v, false).as_deref(),
                Some(format!("x<{name}>y").as_str()),
                "{name}"
            );
        }
    }

    #[test]
    fn variable_names_are_case_sensitive_like_call_id() {
        let v = vars(&[("Call_ID", "103646")]);
        assert_eq!(
            substitute("{Call_ID}", &v, false).as_deref(),
            Some("103646")
        );
        assert_eq!(substitute("{CALL_ID}", &v, false), None);
    }

    // Regression: `set_opt(name, None)` removed the value, which dropped a chat's pre-chat
    // `account_id` before the find-by-id lookup.
    #[test]
    fn set_opt_without_a_value_keeps_the_one_there() {
        let mut v = vars(&[("ACCOUNT_ID", "123")]);
        v.set_opt("ACCOUNT_ID", None::<String>);
        assert_eq!(v.get("ACCOUNT_ID"), Some("123"));
    }

    #[test]
    fn last_name_defaults_to_two_dashes_when_the_name_has_one_word() {
        let mut v = Variables::new();
        v.set_name("Kim");
        assert_eq!(v.get("FIRST_NAME"), Some("Kim"));
        assert_eq!(v.get("LAST_NAME"), Some("--"));
        assert_eq!(v.get("NAME"), Some("Kim"));
    }

    #[test]
    fn first_and_last_name_are_taken_from_the_name() {
        let mut v = Variables::new();
        v.set_name("  Kim  de la Cruz ");
        assert_eq!(v.get("FIRST_NAME"), Some("Kim"));
        assert_eq!(v.get("LAST_NAME"), Some("de la Cruz"));
    }

    #[test]
    fn call_duration_is_written_as_minutes_and_seconds() {
        assert_eq!(mm_ss(0), "00:00");
        assert_eq!(mm_ss(75), "01:15");
        assert_eq!(mm_ss(3_725), "62:05");
    }

    #[test]
    fn a_parameter_using_an_empty_variable_is_removed() {
        let v = vars(&[("PHONE_NUMBER", "+12223334444")]);
        let params = vec![
            ("phone".to_owned(), "{PHONE_NUMBER}".to_owned()),
            ("email".to_owned(), "{EMAIL}".to_owned()),
            ("source".to_owned(), "PHONE".to_owned()),
        ];
        let resolved = resolve_params(&params, &v).expect("valid");
        assert_eq!(
            resolved,
            vec![
                ("phone".to_owned(), "+12223334444".to_owned()),
                ("source".to_owned(), "PHONE".to_owned())
            ]
        );
    }

    #[test]
    fn default_value_uses_the_first_value_unless_it_is_empty() {
        let with = vars(&[("AGENT_EMAIL", "kim@example.com")]);
        let f = "=DEFAULT_VALUE({AGENT_EMAIL}, support@example.com)";
        assert_eq!(
            resolve(f, &with).expect("valid").as_deref(),
            Some("kim@example.com")
        );
        assert_eq!(
            resolve(f, &Variables::new()).expect("valid").as_deref(),
            Some("support@example.com")
        );
    }

    #[test]
    fn default_value_of_two_empty_values_removes_the_parameter() {
        let f = "=DEFAULT_VALUE({AGENT_EMAIL}, {EMAIL})";
        assert_eq!(resolve(f, &Variables::new()).expect("valid"), None);
    }

    #[test]
    fn default_value_needs_exactly_two_values() {
        let error = resolve("=DEFAULT_VALUE({EMAIL})", &Variables::new()).expect_err("invalid");
        assert!(error.0.contains("takes 2 values"), "{error}");
    }

    // The seed's CONCAT_OR table (Zoho CRM's Find an Account by Query), row by row.
    const ZOHO: &str = "=CONCAT_OR((Id:equals:{ACCOUNT_ID}), (Phone:equals:{PHONE_NUMBER}), \
                        (Email:equals:{EMAIL}))";

    #[test]
    fn concat_or_with_only_an_account_id_is_that_criterion() {
        let v = vars(&[("ACCOUNT_ID", "<uuid>")]);
        assert_eq!(
            resolve(ZOHO, &v).expect("valid").as_deref(),
            Some("(Id:equals:<uuid>)")
        );
    }

    #[test]
    fn concat_or_joins_account_id_and_email_with_or() {
        let v = vars(&[("ACCOUNT_ID", "<uuid>"), ("EMAIL", "kim@example")]);
        assert_eq!(
            resolve(ZOHO, &v).expect("valid").as_deref(),
            Some("(Id:equals:<uuid>) or (Email:equals:kim@example)")
        );
    }

    #[test]
    fn concat_or_joins_phone_and_email_with_or() {
        let v = vars(&[("PHONE_NUMBER", "+12223334444"), ("EMAIL", "kim@example")]);
        assert_eq!(
            resolve(ZOHO, &v).expect("valid").as_deref(),
            Some("(Phone:equals:+12223334444) or (Email:equals:kim@example)")
        );
    }

    #[test]
    fn concat_and_joins_with_and() {
        let v = vars(&[
            ("FIRST_NAME", "val1"),
            ("LAST_NAME", "val2"),
            ("EMAIL", "val3"),
        ]);
        let f = "=CONCAT_AND({FIRST_NAME}, {LAST_NAME}, {EMAIL})";
        assert_eq!(
            resolve(f, &v).expect("valid").as_deref(),
            Some("val1 and val2 and val3")
        );
    }

    #[test]
    fn a_concatenation_of_empty_values_removes_the_parameter() {
        assert_eq!(resolve(ZOHO, &Variables::new()).expect("valid"), None);
    }

    #[test]
    fn quoted_function_arguments_may_contain_commas() {
        let f = "=DEFAULT_VALUE({NAME}, 'Unknown, caller')";
        assert_eq!(
            resolve(f, &Variables::new()).expect("valid").as_deref(),
            Some("Unknown, caller")
        );
    }

    #[test]
    fn unknown_functions_are_rejected_with_the_known_ones() {
        let error = check("=CONCAT_XOR({EMAIL}, {NAME})").expect_err("invalid");
        assert!(
            error.0.contains("CONCAT_XOR") && error.0.contains("CONCAT_OR"),
            "{error}"
        );
    }

    #[test]
    fn unbalanced_function_calls_are_rejected() {
        assert!(check("=CONCAT_OR((a, b)").is_err());
        assert!(check("=CONCAT_OR a, b").is_err());
    }

    #[test]
    fn plain_text_and_numbers_are_kept_as_they_are() {
        assert_eq!(
            resolve("PHONE", &Variables::new())
                .expect("valid")
                .as_deref(),
            Some("PHONE")
        );
        assert_eq!(
            resolve("5", &Variables::new()).expect("valid").as_deref(),
            Some("5")
        );
    }

    #[test]
    fn braces_around_something_else_than_a_name_are_text() {
        let v = vars(&[("NAME", "Kim")]);
        assert_eq!(
            substitute("{\"a\": 1} {NAME}", &v, false).as_deref(),
            Some("{\"a\": 1} Kim")
        );
    }

    #[test]
    fn url_values_are_percent_encoded() {
        let v = vars(&[
            ("MENU_PATH", "Orders/Order confirmation"),
            ("ANI", "+12223334444"),
        ]);
        assert_eq!(
            render_url(
                "https://crm.example.com/find?ani={ANI}&menu={MENU_PATH}",
                &v
            )
            .as_deref(),
            Some(
                "https://crm.example.com/find?ani=%2B12223334444&menu=Orders%2FOrder%20confirmation"
            )
        );
    }

    #[test]
    fn empty_lookup_url_parameters_are_left_out() {
        let v = vars(&[("CUID", "test.user3"), ("CHANNEL", "chat")]);
        let template = "https://crm.example.com/lookup?cuid={CUID}&email={EMAIL}&channel={CHANNEL}&type={TYPE}";
        assert_eq!(
            render_url(template, &v).as_deref(),
            Some("https://crm.example.com/lookup?cuid=test.user3&channel=chat")
        );
    }

    #[test]
    fn a_lookup_url_with_every_parameter_empty_has_no_query() {
        let template = "https://crm.example.com/lookup?ani={ANI}&menu={MENU_ID}";
        assert_eq!(
            render_url(template, &Variables::new()).as_deref(),
            Some("https://crm.example.com/lookup")
        );
    }

    #[test]
    fn the_seed_record_lookup_url_inserts_the_record_id() {
        let v = vars(&[("RECORD_ID", "456"), ("ACCOUNT_ID", "123")]);
        assert_eq!(
            render_url("https://www.example.com/record/{RECORD_ID}", &v).as_deref(),
            Some("https://www.example.com/record/456")
        );
        assert_eq!(
            render_url("https://www.example.com/contact/{ACCOUNT_ID}", &v).as_deref(),
            Some("https://www.example.com/contact/123")
        );
    }

    #[test]
    fn a_url_whose_path_needs_a_missing_variable_cannot_be_built() {
        assert_eq!(
            render_url(
                "https://www.example.com/record/{RECORD_ID}",
                &Variables::new()
            ),
            None
        );
    }

    // The seed's examples for the Phone Number Format setting, all for +1 222 333 4444.
    const SEED_NUMBER: &str = "+12223334444";

    #[test]
    fn automatic_format_creates_with_spaces() {
        assert_eq!(
            format_phone(SEED_NUMBER, PhoneFormat::Automatic, PhonePurpose::Write),
            "+1 222 333 4444"
        );
    }

    #[test]
    fn automatic_format_searches_with_wildcards() {
        assert_eq!(
            format_phone(SEED_NUMBER, PhoneFormat::Automatic, PhonePurpose::Search),
            "*222*333*4444"
        );
    }

    #[test]
    fn e164_format_is_plus_and_digits() {
        assert_eq!(
            format_phone(SEED_NUMBER, PhoneFormat::E164, PhonePurpose::Search),
            "+12223334444"
        );
    }

    #[test]
    fn us_local_format_is_the_ten_digits() {
        assert_eq!(
            format_phone(SEED_NUMBER, PhoneFormat::UsLocal, PhonePurpose::Write),
            "2223334444"
        );
    }

    #[test]
    fn us_local_standard_format_matches_the_seed_example() {
        assert_eq!(
            format_phone(
                "+11112223333",
                PhoneFormat::UsLocalStandard,
                PhonePurpose::Write
            ),
            "(111) 222-3333"
        );
    }

    #[test]
    fn international_format_is_spaced_groups_after_the_country_code() {
        assert_eq!(
            format_phone(SEED_NUMBER, PhoneFormat::International, PhonePurpose::Write),
            "+1 222 333 4444"
        );
    }

    #[test]
    fn international_format_groups_other_countries_as_the_library_does() {
        assert_eq!(
            format_phone(
                "+33123456789",
                PhoneFormat::International,
                PhonePurpose::Write
            ),
            "+33 1 23 45 67 89"
        );
    }

    // Regression: parsing with a default region dropped the `1` after `+33`.
    #[test]
    fn a_national_number_starting_with_one_keeps_its_one() {
        assert_eq!(
            format_phone("+33123456789", PhoneFormat::E164, PhonePurpose::Write),
            "+33123456789"
        );
    }

    #[test]
    fn an_unparseable_number_is_kept_as_given() {
        assert_eq!(
            format_phone("1234", PhoneFormat::E164, PhonePurpose::Write),
            "1234"
        );
    }

    #[test]
    fn the_response_location_finds_a_nested_object() {
        let json = serde_json::json!({"data": {"items": [{"id": 123}, {"id": 124}]}});
        assert_eq!(
            locate(&json, "data.items.1"),
            Some(&serde_json::json!({"id": 124}))
        );
    }

    #[test]
    fn a_response_location_ending_at_a_list_takes_its_first_element() {
        let json = serde_json::json!({"data": [{"id": 123}]});
        assert_eq!(locate(&json, "data"), Some(&serde_json::json!({"id": 123})));
    }

    #[test]
    fn an_empty_response_location_is_the_whole_document() {
        let json = serde_json::json!({"id": 123, "name": "Kim"});
        assert_eq!(locate(&json, ""), Some(&json));
    }

    #[test]
    fn an_empty_list_or_missing_key_locates_nothing() {
        assert_eq!(locate(&serde_json::json!({"data": []}), "data"), None);
        assert_eq!(locate(&serde_json::json!({"data": {}}), "data.id"), None);
        assert_eq!(locate(&serde_json::json!({"data": null}), "data"), None);
    }

    #[test]
    fn ids_may_be_numbers_or_strings() {
        assert_eq!(scalar_text(&serde_json::json!(123)).as_deref(), Some("123"));
        assert_eq!(
            scalar_text(&serde_json::json!("abc")).as_deref(),
            Some("abc")
        );
        assert_eq!(scalar_text(&serde_json::json!("")), None);
        assert_eq!(scalar_text(&serde_json::json!({"id": 1})), None);
    }
}
