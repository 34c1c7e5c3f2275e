//! The DeepCall document's example answer, and the quirks it shows.

use protocol::deepcall::{
    AgentActivity, Hms, LiveAuth, LiveError, LiveRequest, LiveResponse, Numeric, describe_error,
    error_meaning,
};
use serde_json::{Value, json};

const SEED: &str = include_str!("fixtures/deepcall/live-response.json");

fn seed() -> LiveResponse {
    serde_json::from_str(SEED).expect("the seed's example parses")
}

#[test]
fn the_live_example_round_trips_exactly() {
    let expected: Value = serde_json::from_str(SEED).expect("valid JSON");
    let actual = serde_json::to_value(seed()).expect("serializes");
    assert_eq!(actual, expected);
}

#[test]
fn a_login_object_and_the_word_no_both_parse() {
    let stats = seed().message.to_team_stats(0);
    let aakansha = &stats.agents[0];
    let bhawesh = &stats.agents[2];
    let login = aakansha.login.as_ref().expect("logged in");
    assert_eq!(login.kind, "Web");
    assert_eq!(login.duration_secs, Some(3434 * 3600 + 36 * 60 + 12));
    assert_eq!(aakansha.state, AgentActivity::Available);
    assert_eq!(bhawesh.login, None);
    assert_eq!(bhawesh.state, AgentActivity::LoggedOut);
}

#[test]
fn durations_of_numeric_strings_with_leading_zeros_are_read() {
    let stats = seed().message.to_team_stats(0);
    // bhawesh: ["2978","05","26"]
    assert_eq!(
        stats.agents[2].available_secs,
        Some(2978 * 3600 + 5 * 60 + 26)
    );
}

#[test]
fn available_since_is_turned_from_unix_seconds_into_milliseconds() {
    let stats = seed().message.to_team_stats(0);
    assert_eq!(stats.agents[0].available_since, Some(1_719_394_993_000));
}

#[test]
fn summary_counts_come_from_the_message() {
    let stats = seed().message.to_team_stats(42);
    assert_eq!(stats.summary.logged_in, 4);
    assert_eq!(stats.summary.on_call, 0);
    assert_eq!(stats.agents.len(), 10);
    assert_eq!(stats.fetched_at, 42);
}

#[test]
fn an_occupied_agent_is_on_a_call_and_one_with_a_break_is_on_break() {
    let mut answer = seed();
    answer.message.pr[0].is_occupied = Some(1);
    answer.message.pr[1].br = Some(json!({"name": "Lunch", "since": 1731755383}));
    let stats = answer.message.to_team_stats(0);
    assert_eq!(stats.agents[0].state, AgentActivity::OnCall);
    assert_eq!(stats.agents[1].state, AgentActivity::OnBreak);
}

#[test]
fn unknown_extra_fields_are_tolerated() {
    let mut value: Value = serde_json::from_str(SEED).expect("valid JSON");
    value["message"]["pr"][0]["newField"] = json!({"x": 1});
    value["message"]["extra"] = json!(3);
    let parsed: LiveResponse = serde_json::from_value(value).expect("still parses");
    assert_eq!(parsed.message.pr.len(), 10);
}

#[test]
fn token_authentication_sends_user_id_and_token_but_no_ssid() {
    let request = LiveRequest::new(&LiveAuth::Token {
        user_id: "u1".into(),
        token: "t1".into(),
    });
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({"userId": "u1", "token": "t1"})
    );
}

#[test]
fn session_authentication_sends_only_the_ssid() {
    let request = LiveRequest::new(&LiveAuth::Session { ssid: "s1".into() });
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({"ssid": "s1"})
    );
}

#[test]
fn the_documented_error_codes_read_as_sentences() {
    let invalid: LiveError = serde_json::from_value(
        json!({"status": "error", "code": 1014, "message": "Invalid token"}),
    )
    .expect("parses");
    assert_eq!(
        describe_error(&invalid),
        "the session or token is invalid (code 1014)"
    );
    assert_eq!(error_meaning(1006), Some("the agent group does not exist"));
    assert_eq!(error_meaning(1015), Some("permission denied"));
    for code in 1501..=1530 {
        assert!(error_meaning(code).is_some(), "{code} has no meaning");
    }
}

#[test]
fn an_unknown_error_code_keeps_deepcalls_own_message() {
    let odd: LiveError =
        serde_json::from_value(json!({"code": "1999", "message": "Quota exceeded"}))
            .expect("parses");
    assert_eq!(describe_error(&odd), "Quota exceeded (code 1999)");
    assert_eq!(Numeric::Text("07".into()).value(), Some(7));
}

#[test]
fn secrets_do_not_appear_in_the_debug_output_of_the_authentication() {
    let auth = LiveAuth::Token {
        user_id: "u1".into(),
        token: "very-secret".into(),
    };
    assert!(!format!("{auth:?}").contains("very-secret"));
}

// Regression, found by the `deepcall_response` fuzz target: a duration whose parts overflow a
// u64 once counted in seconds panicked (debug builds) or wrapped to a wrong number (release).
#[test]
fn a_duration_too_long_to_count_in_seconds_is_unknown() {
    let overflowing = [
        json!(["3434", "3777777777777777776", "12"]),
        json!([u64::MAX / 3600 + 1, 0, 0]),
        json!([u64::MAX / 3600, 59, 59]),
        json!([1, 0, u64::MAX]),
    ];
    for duration in overflowing {
        let hms: Hms = serde_json::from_value(duration.clone()).expect("a duration");
        assert_eq!(hms.seconds(), None, "{duration}");
    }
    let largest: Hms = serde_json::from_value(json!([0, 0, u64::MAX])).expect("a duration");
    assert_eq!(largest.seconds(), Some(u64::MAX));
}
