//! Timers and other formatting shown to the agent, and the realtime stream's retry schedule.
#![cfg(target_arch = "wasm32")]

use agent_adapter::format::{
    capitalised, decimal_in, elapsed_ms, has_letter, initials, lower, timer, upper, whole_seconds,
};
use agent_adapter::i18n::Lang;
use agent_adapter::params::{AdapterParams, UnknownType};
use agent_adapter::stream::{Backoff, ConnectionState, stream_url};
use agent_adapter::text;
use protocol::host::AdapterKind;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_timer_under_an_hour_shows_minutes_and_seconds() {
    assert_eq!(timer(0), "00:00");
    assert_eq!(timer(9_999), "00:09");
    assert_eq!(timer(65_000), "01:05");
    assert_eq!(timer(3_599_999), "59:59");
}

#[wasm_bindgen_test]
fn a_timer_from_one_hour_on_shows_hours() {
    assert_eq!(timer(3_600_000), "1:00:00");
    assert_eq!(timer(4_530_000), "1:15:30");
    assert_eq!(timer(36_000_000 + 61_000), "10:01:01");
}

#[wasm_bindgen_test]
fn a_clock_behind_the_gateway_never_shows_a_negative_time() {
    assert_eq!(elapsed_ms(10_000, 9_000), 0);
    assert_eq!(timer(-5_000), "00:00");
    assert_eq!(whole_seconds(10_000, 12_900), 2);
}

#[wasm_bindgen_test]
fn initials_take_the_first_letter_of_two_words() {
    assert_eq!(initials("Kim Lee"), "KL");
    assert_eq!(initials("ariel"), "A");
    assert_eq!(initials("Sam Okafor Jr"), "SO");
    assert_eq!(initials(""), "");
}

#[wasm_bindgen_test]
fn initials_of_names_beyond_ascii_are_upper_case() {
    assert_eq!(initials("élodie zoë"), "ÉZ");
}

#[wasm_bindgen_test]
fn case_follows_unicode_beyond_ascii() {
    assert_eq!(lower("ÉLODIE Ørsted"), "élodie ørsted");
    assert_eq!(upper("straße"), "STRASSE");
    assert_eq!(lower("Kim LEE"), "kim lee");
}

#[wasm_bindgen_test]
fn capitalised_upper_cases_only_the_first_letter() {
    assert_eq!(capitalised("été indien"), "Été indien");
    assert_eq!(
        capitalised("ce n’est plus possible"),
        "Ce n’est plus possible"
    );
    assert_eq!(capitalised(""), "");
}

#[wasm_bindgen_test]
fn a_name_in_any_script_has_a_letter_and_a_phone_number_has_none() {
    assert!(has_letter("Kim"));
    assert!(has_letter("李明"));
    assert!(has_letter("+33 Zoë"));
    assert!(!has_letter("+44 20 7946 0018"));
    assert!(!has_letter("+33 1 23 45 67 89 ☎"));
}

#[wasm_bindgen_test]
fn a_decimal_is_rounded_to_its_places() {
    assert_eq!(decimal_in(Lang::En, 12.46, 1), "12.5");
    assert_eq!(decimal_in(Lang::En, 7.6, 0), "8");
}

#[wasm_bindgen_test]
fn a_decimal_that_rounds_up_carries_into_the_whole_part() {
    assert_eq!(decimal_in(Lang::En, 3.999, 2), "4.00");
}

#[wasm_bindgen_test]
fn a_decimal_in_french_has_a_comma() {
    assert_eq!(decimal_in(Lang::Fr, 12.5, 1), "12,5");
}

#[wasm_bindgen_test]
fn a_negative_decimal_keeps_its_sign_unless_it_rounds_to_zero() {
    assert_eq!(decimal_in(Lang::En, -2.26, 1), "-2.3");
    assert_eq!(decimal_in(Lang::En, -0.04, 1), "0.0");
}

#[wasm_bindgen_test]
fn freshness_reads_naturally() {
    assert_eq!(text::updated_ago(0), "Updated just now");
    assert_eq!(text::updated_ago(7), "Updated 7 s ago");
}

#[wasm_bindgen_test]
fn retries_wait_longer_each_time_up_to_thirty_seconds() {
    let mut backoff = Backoff::default();
    let delays: Vec<u32> = (0..7).map(|_| backoff.failed(true).1).collect();
    assert_eq!(
        delays,
        vec![1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]
    );
}

#[wasm_bindgen_test]
fn a_lost_connection_shows_reconnecting_then_offline_after_three_failures() {
    let mut backoff = Backoff::default();
    backoff.connected();
    assert_eq!(backoff.failed(true).0, ConnectionState::Reconnecting);
    assert_eq!(backoff.failed(true).0, ConnectionState::Reconnecting);
    assert_eq!(backoff.failed(true).0, ConnectionState::Offline);
    backoff.connected();
    assert_eq!(
        backoff.failed(true).0,
        ConnectionState::Reconnecting,
        "schedule starts over"
    );
}

#[wasm_bindgen_test]
fn a_first_connection_that_fails_keeps_connecting_unless_the_browser_is_offline() {
    let mut backoff = Backoff::default();
    assert_eq!(backoff.failed(true).0, ConnectionState::Connecting);
    assert_eq!(backoff.failed(false).0, ConnectionState::Offline);
}

#[wasm_bindgen_test]
fn the_stream_url_carries_the_encoded_ticket_and_the_last_event_id() {
    assert_eq!(
        stream_url("abc-123", 42),
        "/api/v1/stream?ticket=abc-123&since=42"
    );
    assert_eq!(
        stream_url("a+b/c=", 0),
        "/api/v1/stream?ticket=a%2Bb%2Fc%3D&since=0"
    );
}

#[wasm_bindgen_test]
fn the_url_names_the_adapter_and_the_integration() {
    let params = AdapterParams::from_query("?type=call&from=custom").expect("valid");
    assert_eq!(
        params,
        AdapterParams {
            kind: AdapterKind::Call,
            from: Some("custom".into())
        }
    );
    assert_eq!(
        AdapterParams::from_query("?type=supervisor").map(|p| p.kind),
        Ok(AdapterKind::Supervisor)
    );
}

#[wasm_bindgen_test]
fn a_missing_or_unknown_type_is_reported_with_its_value() {
    assert_eq!(
        AdapterParams::from_query("?from=custom"),
        Err(UnknownType(None))
    );
    assert_eq!(
        AdapterParams::from_query("?type=fax"),
        Err(UnknownType(Some("fax".into())))
    );
    assert_eq!(
        AdapterParams::from_query("?type=Call"),
        Err(UnknownType(Some("Call".into())))
    );
}

#[wasm_bindgen_test]
fn money_has_its_currency_symbol_thousands_separators_and_cents() {
    use agent_adapter::format::money;
    let number = |json: &str| serde_json::from_str::<serde_json::Number>(json).expect("number");
    assert_eq!(money(&number("1000"), Some("EUR")), "€1,000.00");
    assert_eq!(money(&number("896"), Some("eur")), "€896.00");
    assert_eq!(money(&number("1234567.891"), Some("USD")), "$1,234,567.89");
    assert_eq!(money(&number("0.5"), Some("GBP")), "£0.50");
    assert_eq!(money(&number("-5.5"), Some("EUR")), "-€5.50");
    assert_eq!(money(&number("12"), Some("CHF")), "CHF 12.00");
    assert_eq!(money(&number("0"), None), "0.00");
}

#[wasm_bindgen_test]
fn relative_times_read_naturally_and_fall_back_to_the_date() {
    assert_eq!(text::time_ago(0, "2018-01-02 09:25:41"), "just now");
    assert_eq!(text::time_ago(59, "x"), "just now");
    assert_eq!(text::time_ago(150, "x"), "2 min ago");
    assert_eq!(text::time_ago(3 * 3_600 + 5, "x"), "3 h ago");
    assert_eq!(text::time_ago(2 * 86_400, "x"), "2 d ago");
    assert_eq!(
        text::time_ago(400 * 86_400, "2018-01-02 09:25:41"),
        "2 Jan 2018"
    );
}

#[wasm_bindgen_test]
fn optico_timestamps_are_read_in_the_given_zone() {
    use agent_adapter::format::optico_time_ms;
    // 2018-01-02 09:25:41 UTC is 1514885141 s after the epoch.
    assert_eq!(
        optico_time_ms("2018-01-02 09:25:41", 0),
        Some(1_514_885_141_000)
    );
    // Paris in winter is UTC+1 (getTimezoneOffset() = -60): 09:25:41 there is 08:25:41 UTC.
    assert_eq!(
        optico_time_ms("2018-01-02 09:25:41", -60),
        Some(1_514_881_541_000)
    );
    assert_eq!(
        optico_time_ms("2024-02-29 00:00:00", 0),
        Some(1_709_164_800_000)
    );
    assert_eq!(optico_time_ms("yesterday", 0), None);
    assert_eq!(optico_time_ms("2018-13-02 09:25:41", 0), None);
}

#[wasm_bindgen_test]
fn only_http_and_https_urls_become_links() {
    use agent_adapter::format::safe_link;
    assert_eq!(
        safe_link("http://www.test.com/test.html").as_deref(),
        Some("http://www.test.com/test.html")
    );
    assert!(safe_link("HTTPS://shop.example/cart?x=1").is_some());
    for unsafe_url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "/relative/page",
        "http:/missing-slash",
        "https://",
        "http://exa mple.com/",
    ] {
        assert_eq!(safe_link(unsafe_url), None, "{unsafe_url} became a link");
    }
}
