//! Host commands: strict parsing, and the Ack / Error answers.

use protocol::api::AgentStatus;
use protocol::command::{
    AckData, ErrorData, HostCommand, Parsed, parse_command, theme_variable_problem,
};
use protocol::host::HostEvent;
use serde_json::json;

fn command(text: &str) -> HostCommand {
    match parse_command(text) {
        Parsed::Command(command) => command.command,
        other => panic!("not a command: {other:?}"),
    }
}

fn error_code(text: &str) -> &'static str {
    match parse_command(text) {
        Parsed::Invalid(error) => error.code,
        other => panic!("not an invalid command: {other:?}"),
    }
}

#[test]
fn a_sync_request_carries_the_last_seq_the_host_saw() {
    let parsed = parse_command(r#"{"type":"Sync_Request","id":"c1","data":{"since_seq":7}}"#);
    let Parsed::Command(parsed) = parsed else {
        panic!("{parsed:?}")
    };
    assert_eq!(parsed.id, "c1");
    assert_eq!(parsed.command.type_name(), "Sync_Request");
}

#[test]
fn set_agent_status_takes_a_known_status() {
    assert_eq!(
        command(r#"{"type":"Set_Agent_Status","id":"c2","data":{"status":"break"}}"#),
        HostCommand::SetAgentStatus(protocol::command::SetAgentStatus {
            status: AgentStatus::Break
        })
    );
    assert_eq!(
        error_code(r#"{"type":"Set_Agent_Status","id":"c2","data":{"status":"asleep"}}"#),
        "invalid_data"
    );
}

#[test]
fn focus_session_needs_exactly_one_id() {
    assert!(matches!(
        command(r#"{"type":"Focus_Session","id":"c3","data":{"call_id":12}}"#),
        HostCommand::FocusSession(_)
    ));
    assert_eq!(
        error_code(r#"{"type":"Focus_Session","id":"c3","data":{"call_id":1,"chat_id":2}}"#),
        "invalid_data"
    );
    assert_eq!(
        error_code(r#"{"type":"Focus_Session","id":"c3","data":{}}"#),
        "invalid_data"
    );
}

#[test]
fn logout_takes_no_data() {
    assert_eq!(
        command(r#"{"type":"Logout","id":"c4"}"#),
        HostCommand::Logout
    );
    assert_eq!(
        error_code(r#"{"type":"Logout","id":"c4","data":{"force":true}}"#),
        "invalid_data"
    );
}

#[test]
fn unknown_fields_are_refused() {
    assert_eq!(
        error_code(r#"{"type":"Sync_Request","id":"c5","data":{"since_seq":1,"all":true}}"#),
        "invalid_data"
    );
    assert_eq!(
        error_code(r#"{"type":"Logout","id":"c5","extra":1}"#),
        "invalid_data"
    );
}

#[test]
fn an_unknown_type_with_an_id_is_answered_with_unknown_command() {
    assert_eq!(
        error_code(r#"{"type":"Reboot","id":"c6"}"#),
        "unknown_command"
    );
}

#[test]
fn messages_without_a_type_and_an_id_are_not_commands() {
    for text in [
        "not json",
        r#"{"type":"Logout"}"#,
        r#"{"id":"c7"}"#,
        r#"{"type":3,"id":"c7"}"#,
        r#"[1,2]"#,
        r#""Logout""#,
    ] {
        assert_eq!(parse_command(text), Parsed::NotACommand, "{text}");
    }
}

#[test]
fn an_overlong_or_empty_id_is_refused() {
    let long = "x".repeat(65);
    assert_eq!(
        error_code(&format!(r#"{{"type":"Logout","id":"{long}"}}"#)),
        "invalid_data"
    );
    assert_eq!(error_code(r#"{"type":"Logout","id":""}"#), "invalid_data");
}

#[test]
fn theme_variables_must_be_widget_properties_with_plain_values() {
    assert_eq!(
        theme_variable_problem("--aa-color-primary", "#0b5cad"),
        None
    );
    assert_eq!(theme_variable_problem("--aa-radius-md", "4px"), None);
    assert!(theme_variable_problem("color", "red").is_some());
    assert!(theme_variable_problem("--other-color", "red").is_some());
    assert!(theme_variable_problem("--aa-Color", "red").is_some());
    for value in [
        "url(https://evil.test/x.png)",
        "red; background: url(x)",
        "expression(alert(1))",
        "}</style><script>",
        "\\75 rl(x)",
    ] {
        assert!(
            theme_variable_problem("--aa-color-bg", value).is_some(),
            "{value}"
        );
    }
}

#[test]
fn ack_and_error_events_carry_the_command_id() {
    let ack = serde_json::to_value(HostEvent::Ack(AckData {
        id: "c9".into(),
        command: "Set_Theme".into(),
        result: None,
    }))
    .expect("serializes");
    assert_eq!(
        ack,
        json!({"type": "Ack", "data": {"id": "c9", "command": "Set_Theme"}})
    );
    let error = serde_json::to_value(HostEvent::Error(ErrorData {
        id: "c10".into(),
        command: "Logout".into(),
        code: "not_signed_in".into(),
        message: "No agent is signed in.".into(),
    }))
    .expect("serializes");
    assert_eq!(error["type"], "Error");
    assert_eq!(error["data"]["id"], "c10");
}

#[test]
fn set_theme_takes_a_mode_and_vars_either_optional() {
    let HostCommand::SetTheme(theme) =
        command(r#"{"type":"Set_Theme","id":"t","data":{"mode":"dark"}}"#)
    else {
        panic!("not Set_Theme")
    };
    assert_eq!(theme.mode, Some(protocol::command::ThemeMode::Dark));
    assert!(theme.vars.is_empty());
    assert_eq!(
        error_code(r#"{"type":"Set_Theme","id":"t","data":{"mode":"sepia"}}"#),
        "invalid_data"
    );
}

/// The host-command rows of `docs/bad-input.md`: what the parser makes of each bad input.
fn invalid_message(text: &str) -> String {
    match parse_command(text) {
        Parsed::Invalid(error) => {
            assert_eq!(error.code, "invalid_data", "{text}");
            error.message
        }
        other => panic!("{text}: not an invalid command: {other:?}"),
    }
}

#[test]
fn truncated_or_deeply_nested_messages_are_not_commands() {
    let nested = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    for text in [
        r#"{"type":"Logout","id":"c-1""#.to_owned(),
        r#"{"type":"Sync_Request","id":"c-1","data":{"since_seq":"#.to_owned(),
        nested.clone(),
        format!(r#"{{"type":"Set_Theme","id":"c-1","data":{nested}}}"#),
    ] {
        assert_eq!(
            parse_command(&text),
            Parsed::NotACommand,
            "{}",
            &text[..40.min(text.len())]
        );
    }
}

#[test]
fn wrong_types_and_unknown_values_in_data_are_refused_with_the_reason() {
    for (text, says) in [
        (
            r#"{"type":"Sync_Request","id":"c-1","data":{"since_seq":"7"}}"#,
            "invalid type",
        ),
        (
            r#"{"type":"Sync_Request","id":"c-1","data":{"since_seq":-1}}"#,
            "invalid value",
        ),
        (
            r#"{"type":"Set_Agent_Status","id":"c-1","data":{"status":"lunch"}}"#,
            "unknown variant `lunch`",
        ),
        (
            r#"{"type":"Set_Theme","id":"c-1","data":{"mode":"neon"}}"#,
            "unknown variant `neon`",
        ),
        (
            r#"{"type":"Focus_Session","id":"c-1","data":{"call_id":"12"}}"#,
            "invalid type",
        ),
        (
            r#"{"type":"Focus_Session","id":"c-1","data":{}}"#,
            "exactly one of call_id and chat_id",
        ),
    ] {
        let message = invalid_message(text);
        assert!(message.contains(says), "{text}: {message}");
    }
}

#[test]
fn an_id_with_control_characters_is_refused() {
    assert!(invalid_message(r#"{"type":"Logout","id":"c\u0000-1"}"#).contains("printable"));
}

#[test]
fn script_and_javascript_urls_in_theme_values_are_refused() {
    for value in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "<script>alert(1)</script>",
        "url(javascript:alert(1))",
    ] {
        assert!(
            theme_variable_problem("--aa-color-primary", value).is_some(),
            "{value}"
        );
    }
}

#[test]
fn a_command_may_give_its_data_before_its_type_and_id() {
    assert_eq!(
        command(r#"{"data":{"since_seq":7},"id":"c1","type":"Sync_Request"}"#),
        HostCommand::SyncRequest(protocol::command::SyncRequest { since_seq: 7 })
    );
}

#[test]
fn a_command_that_needs_data_and_has_none_is_refused_naming_it() {
    let message = invalid_message(r#"{"type":"Set_Theme","id":"t"}"#);

    assert!(message.contains("missing field `data`"), "{message}");
}
