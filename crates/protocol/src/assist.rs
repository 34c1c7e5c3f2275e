//! Agent assist as the agent sees it: the AI suggestion for a chat (`assist_updated` stream
//! events, `GET /api/v1/chats/{id}/assist`), and the lead and appointment forms of the call and
//! chat adapters (`POST /api/v1/assist/lead`, `POST /api/v1/assist/appointment`).
//!
//! The form checks live here so that the widget (before sending) and the gateway (before
//! calling Optimly) apply the same rules.

use serde::{Deserialize, Serialize};

use crate::crm::CrmSessionRef;

/// Where the suggestion for a chat's latest customer message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssistState {
    /// Asked (or waiting for its turn under the rate limit): the agent sees a typing
    /// indicator.
    Waiting,
    /// The suggestion is there.
    Ready,
    /// No suggestion this time (`error` says why); the chat goes on without one.
    Unavailable,
}

/// One suggested reply. Never sent by itself: the agent inserts it into the composer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Suggestion id (unique per gateway).
    pub id: u64,
    /// The customer message it answers.
    pub message_id: u64,
    /// The suggested reply, as plain text.
    pub text: String,
    /// Tools the AI agent ran while answering (readable names).
    #[serde(default)]
    pub tools: Vec<String>,
}

/// The assist side of one chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistView {
    /// The chat.
    pub chat_id: u64,
    /// Where the latest suggestion is.
    pub state: AssistState,
    /// The suggestion, when ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    /// Why there is none, when unavailable (a sentence for the agent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The Optimly conversation of the chat, once created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// The language of the chat's queue (`queue_language_id` of `Agent_Assist_Started`).
    pub language: String,
}

/// `POST /api/v1/assist/lead`: a lead for the customer of a call or chat of the agent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadForm {
    /// The session it comes from.
    pub session: Option<CrmSessionRef>,
    /// Full name (required).
    pub full_name: String,
    /// Email address (this or the phone number is required).
    #[serde(default)]
    pub email: String,
    /// Phone number.
    #[serde(default)]
    pub phone: String,
    /// Company.
    #[serde(default)]
    pub company: String,
    /// What the lead is about.
    #[serde(default)]
    pub message: String,
}

/// `POST /api/v1/assist/appointment`: an appointment for the customer of a call or chat.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentForm {
    /// The session it comes from.
    pub session: Option<CrmSessionRef>,
    /// Who it is for (required).
    pub name: String,
    /// Their email address (required).
    pub email: String,
    /// Day, `YYYY-MM-DD`, today or later.
    pub date: String,
    /// Start, `HH:MM` (24 h).
    pub time: String,
    /// Length in minutes, 5 to 480.
    pub duration_minutes: u32,
    /// Notes.
    #[serde(default)]
    pub notes: String,
}

/// What Optimly answered to a lead or an appointment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolOutcome {
    /// The id Optimly gave it, when it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Optimly's own sentence about it, when it wrote one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// One field a form cannot be sent with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name as in the form type.
    pub field: String,
    /// What is wrong, as a kind (the widget words it in the agent's language).
    pub problem: Problem,
    /// What is wrong, in English.
    pub message: String,
}

/// What is wrong with a form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Problem {
    /// Empty, and it may not be.
    Required,
    /// Neither an email address nor a phone number was given.
    EmailOrPhone,
    /// Not an email address.
    InvalidEmail,
    /// Not a phone number.
    InvalidPhone,
    /// Not a `YYYY-MM-DD` day.
    InvalidDate,
    /// A day before today.
    PastDate,
    /// Not an `HH:MM` time.
    InvalidTime,
    /// A length outside 5 to 480 minutes.
    DurationRange,
    /// Longer than `max` characters.
    TooLong {
        /// The longest accepted, in characters.
        max: usize,
    },
}

impl FieldError {
    fn new(field: &str, problem: Problem, message: &str) -> Self {
        Self {
            field: field.to_owned(),
            problem,
            message: message.to_owned(),
        }
    }
}

/// Longest name, email or company accepted.
pub const MAX_SHORT_FIELD: usize = 200;
/// Longest message or notes accepted.
pub const MAX_LONG_FIELD: usize = 2_000;

impl LeadForm {
    /// What keeps the form from being sent; empty when it can be.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        required(
            &mut problems,
            "full_name",
            &self.full_name,
            "Enter the name.",
        );
        if self.email.trim().is_empty() && self.phone.trim().is_empty() {
            problems.push(FieldError::new(
                "email",
                Problem::EmailOrPhone,
                "Enter an email address or a phone number.",
            ));
        }
        if !self.email.trim().is_empty() && !is_email(&self.email) {
            problems.push(FieldError::new(
                "email",
                Problem::InvalidEmail,
                "This email address is not valid.",
            ));
        }
        if !self.phone.trim().is_empty() && !is_phone(&self.phone) {
            problems.push(FieldError::new(
                "phone",
                Problem::InvalidPhone,
                "Use 6 to 20 digits, with + - ( ) and spaces if needed.",
            ));
        }
        too_long(&mut problems, "company", &self.company, MAX_SHORT_FIELD);
        too_long(&mut problems, "message", &self.message, MAX_LONG_FIELD);
        problems
    }
}

impl AppointmentForm {
    /// What keeps the form from being sent, `today` being `YYYY-MM-DD`; empty when it can be.
    pub fn problems(&self, today: &str) -> Vec<FieldError> {
        let mut problems = Vec::new();
        required(&mut problems, "name", &self.name, "Enter the name.");
        if self.email.trim().is_empty() {
            problems.push(FieldError::new(
                "email",
                Problem::Required,
                "Enter the email address.",
            ));
        } else if !is_email(&self.email) {
            problems.push(FieldError::new(
                "email",
                Problem::InvalidEmail,
                "This email address is not valid.",
            ));
        }
        match parse_date(&self.date) {
            None => problems.push(FieldError::new(
                "date",
                Problem::InvalidDate,
                "Choose a day (YYYY-MM-DD).",
            )),
            Some(day) if parse_date(today).is_some_and(|today| day < today) => {
                problems.push(FieldError::new(
                    "date",
                    Problem::PastDate,
                    "Choose today or a later day.",
                ));
            }
            Some(_) => {}
        }
        if parse_time(&self.time).is_none() {
            problems.push(FieldError::new(
                "time",
                Problem::InvalidTime,
                "Choose a time (HH:MM).",
            ));
        }
        if !(5..=480).contains(&self.duration_minutes) {
            problems.push(FieldError::new(
                "duration_minutes",
                Problem::DurationRange,
                "The length is 5 to 480 minutes.",
            ));
        }
        too_long(&mut problems, "notes", &self.notes, MAX_LONG_FIELD);
        problems
    }
}

fn required(problems: &mut Vec<FieldError>, field: &str, value: &str, message: &str) {
    if value.trim().is_empty() {
        problems.push(FieldError::new(field, Problem::Required, message));
    } else {
        too_long(problems, field, value, MAX_SHORT_FIELD);
    }
}

fn too_long(problems: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        problems.push(FieldError {
            field: field.to_owned(),
            problem: Problem::TooLong { max },
            message: format!("At most {max} characters."),
        });
    }
}

/// A plausible email address: one `@`, something before it, a dotted domain after it, no
/// spaces.
pub fn is_email(value: &str) -> bool {
    let value = value.trim();
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !value.chars().any(char::is_whitespace)
        && value.chars().count() <= MAX_SHORT_FIELD
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
        && domain.contains('.')
}

/// A phone number as agents type it: 6 to 20 digits, optionally with a leading `+` and
/// spaces, dashes, dots and parentheses between them.
pub fn is_phone(value: &str) -> bool {
    let value = value.trim();
    let body = value.strip_prefix('+').unwrap_or(value);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
}

/// `(year, month, day)` of a real calendar day written `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Option<(u32, u32, u32)> {
    let mut parts = value.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1970 && (1..=days).contains(&d)).then_some((y, m, d))
}

/// `(hour, minute)` of a time written `HH:MM` (24 h).
pub fn parse_time(value: &str) -> Option<(u32, u32)> {
    let (h, m) = value.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead() -> LeadForm {
        LeadForm {
            session: Some(CrmSessionRef::Chat(1)),
            full_name: "Ada Martin".into(),
            email: "ada@example.com".into(),
            ..LeadForm::default()
        }
    }

    fn appointment() -> AppointmentForm {
        AppointmentForm {
            session: Some(CrmSessionRef::Call(4)),
            name: "Ada Martin".into(),
            email: "ada@example.com".into(),
            date: "2026-12-03".into(),
            time: "14:30".into(),
            duration_minutes: 30,
            notes: String::new(),
        }
    }

    fn fields(problems: &[FieldError]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_lead_with_a_name_and_an_email_can_be_sent() {
        assert!(lead().problems().is_empty());
    }

    #[test]
    fn a_lead_needs_a_name() {
        let form = LeadForm {
            full_name: "  ".into(),
            ..lead()
        };
        assert_eq!(fields(&form.problems()), ["full_name"]);
    }

    #[test]
    fn a_lead_needs_an_email_or_a_phone_number() {
        let form = LeadForm {
            email: String::new(),
            ..lead()
        };
        assert_eq!(fields(&form.problems()), ["email"]);
        let phoned = LeadForm {
            email: String::new(),
            phone: "+33 6 12 34 56 78".into(),
            ..lead()
        };
        assert!(phoned.problems().is_empty());
    }

    #[test]
    fn a_lead_with_a_malformed_email_or_phone_is_refused() {
        let form = LeadForm {
            email: "ada@".into(),
            phone: "call me".into(),
            ..lead()
        };
        assert_eq!(fields(&form.problems()), ["email", "phone"]);
    }

    #[test]
    fn email_addresses_are_checked_for_their_shape() {
        for good in ["a@b.co", "first.last+tag@mail.example.org"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "", "a", "a@b", "@b.co", "a@b..co", "a b@c.de", "a@b@c.de", "a@-b.co",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn overlong_fields_are_refused() {
        let form = LeadForm {
            message: "x".repeat(MAX_LONG_FIELD + 1),
            ..lead()
        };
        assert_eq!(fields(&form.problems()), ["message"]);
    }

    #[test]
    fn an_appointment_for_a_later_day_can_be_sent() {
        assert!(appointment().problems("2026-12-01").is_empty());
        assert!(appointment().problems("2026-12-03").is_empty());
    }

    #[test]
    fn an_appointment_in_the_past_is_refused() {
        assert_eq!(fields(&appointment().problems("2026-12-04")), ["date"]);
    }

    #[test]
    fn an_appointment_needs_a_real_day_and_time() {
        let form = AppointmentForm {
            date: "2026-02-30".into(),
            time: "24:00".into(),
            ..appointment()
        };
        assert_eq!(fields(&form.problems("2026-01-01")), ["date", "time"]);
    }

    #[test]
    fn an_appointment_length_is_bounded() {
        for minutes in [0, 4, 481] {
            let form = AppointmentForm {
                duration_minutes: minutes,
                ..appointment()
            };
            assert_eq!(
                fields(&form.problems("2026-12-01")),
                ["duration_minutes"],
                "{minutes}"
            );
        }
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(parse_date("2027-02-29"), None);
        assert_eq!(parse_date("2000-02-29"), Some((2000, 2, 29)));
        assert_eq!(parse_date("2100-02-29"), None);
    }
}
