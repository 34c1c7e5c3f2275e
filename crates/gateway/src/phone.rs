//! Caller numbers from telephony, parsed at the edge.

use phonenumber::Mode;
/// A country whose numbering plan reads numbers written without a country code.
pub use phonenumber::country::Id as Region;

/// A caller as the agent sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallerNumber {
    /// E.164 when the number is a valid public number.
    pub e164: Option<String>,
    /// For people: international format, the raw digits for an extension, or "Private number".
    pub display: String,
}

/// What people see for a withheld number.
pub const PRIVATE_NUMBER: &str = "Private number";

impl CallerNumber {
    /// Parses what telephony sent. Absent, empty and `anonymous` mean a private number; a valid
    /// number gets E.164 and international formatting (numbers without a country code are read
    /// in `region`); a short dialable string such as an internal extension is kept as sent;
    /// anything else is rejected with the reason.
    pub fn parse(raw: Option<&str>, region: Region) -> Result<Self, String> {
        let raw = raw.map(str::trim).unwrap_or_default();
        if raw.is_empty() || raw.eq_ignore_ascii_case("anonymous") {
            return Ok(Self {
                e164: None,
                display: PRIVATE_NUMBER.to_owned(),
            });
        }
        if let Ok(number) = phonenumber::parse(Some(region), raw)
            && phonenumber::is_valid(&number)
        {
            return Ok(Self {
                e164: Some(number.format().mode(Mode::E164).to_string()),
                display: number.format().mode(Mode::International).to_string(),
            });
        }
        let dialable = raw
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().*#".contains(c));
        if dialable && raw.chars().any(|c| c.is_ascii_digit()) && raw.len() <= 24 {
            return Ok(Self {
                e164: None,
                display: raw.to_owned(),
            });
        }
        Err(format!(
            "callerPhone `{raw}` is not a phone number (send it empty or `anonymous` \
                     for a private number)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> Region {
        Region::FR
    }

    #[test]
    fn international_prefix_00_is_read_as_a_country_code() {
        let caller = CallerNumber::parse(Some("0033612345678"), fr()).expect("valid");
        assert_eq!(caller.e164.as_deref(), Some("+33612345678"));
        assert_eq!(caller.display, "+33 6 12 34 56 78");
    }

    #[test]
    fn national_number_is_read_in_the_default_region() {
        let caller = CallerNumber::parse(Some("06 12 34 56 78"), fr()).expect("valid");
        assert_eq!(caller.e164.as_deref(), Some("+33612345678"));
    }

    #[test]
    fn anonymous_and_missing_numbers_are_private() {
        for raw in [None, Some(""), Some("anonymous"), Some("Anonymous")] {
            let caller = CallerNumber::parse(raw, fr()).expect("private");
            assert_eq!(
                caller,
                CallerNumber {
                    e164: None,
                    display: PRIVATE_NUMBER.into()
                }
            );
        }
    }

    #[test]
    fn an_internal_extension_is_kept_as_sent() {
        let caller = CallerNumber::parse(Some("1042"), fr()).expect("extension");
        assert_eq!((caller.e164, caller.display.as_str()), (None, "1042"));
    }

    #[test]
    fn text_that_is_not_a_number_is_rejected_with_the_reason() {
        let error = CallerNumber::parse(Some("<script>"), fr()).expect_err("rejected");
        assert!(error.contains("not a phone number"), "{error}");
    }
}
