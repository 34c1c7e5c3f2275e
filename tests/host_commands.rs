//! Host commands: who may send them, strict handling, Ack / Error answers, Sync_Request replay;
//! and the exact embedding-origin check, one test per look-alike.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::host::{
    CommandOutcome, Embedding, HostBridge, HostHandle, HostTarget, Ignored, resolve_target,
};
use agent_adapter::host_commands::{self, CommandTarget};
use common::{Inbox, own_origin, window};
use leptos::prelude::*;
use protocol::host::{AdapterKind, HostEvent, HostMessage};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ALLOWED: &str = "https://crm.example.com";

fn refused(embedder: &str) -> bool {
    let embedding = Embedding::Framed {
        embedder: Some(embedder.to_owned()),
    };
    matches!(
        resolve_target(&embedding, &[ALLOWED.to_owned()]),
        HostTarget::Refused { .. }
    )
}

#[wasm_bindgen_test]
fn a_look_alike_suffix_domain_is_refused() {
    assert!(refused("https://crm.example.com.evil.test"));
}

#[wasm_bindgen_test]
fn another_port_of_the_allowed_host_is_refused() {
    assert!(refused("https://crm.example.com:8443"));
}

#[wasm_bindgen_test]
fn http_for_an_allowed_https_origin_is_refused() {
    assert!(refused("http://crm.example.com"));
}

#[wasm_bindgen_test]
fn the_opaque_origin_null_is_refused() {
    assert!(refused("null"));
}

#[wasm_bindgen_test]
fn a_punycode_look_alike_is_refused() {
    // "crm.exаmple.com" with a Cyrillic "а", as browsers serialize it.
    assert!(refused("https://crm.xn--exmple-4nf.com"));
    assert!(refused("https://crm.ex\u{0430}mple.com"));
}

#[wasm_bindgen_test]
fn a_subdomain_of_the_allowed_host_is_refused() {
    assert!(refused("https://evil.crm.example.com"));
}

fn pinned_bridge() -> HostBridge {
    HostBridge::new(HostTarget::Pinned(own_origin()))
}

#[wasm_bindgen_test]
fn a_message_from_another_window_is_not_read() {
    assert_eq!(
        pinned_bridge().admit(&own_origin(), false, 10),
        Err(Ignored::WrongSender)
    );
}

#[wasm_bindgen_test]
fn a_message_from_another_origin_is_not_read() {
    assert_eq!(
        pinned_bridge().admit("https://evil.test", true, 10),
        Err(Ignored::WrongSender)
    );
}

#[wasm_bindgen_test]
fn a_message_over_64_kib_is_not_read() {
    assert_eq!(
        pinned_bridge().admit(&own_origin(), true, 64 * 1024 + 1),
        Err(Ignored::TooLarge)
    );
    assert_eq!(
        pinned_bridge().admit(&own_origin(), true, 64 * 1024),
        Ok(())
    );
}

#[wasm_bindgen_test]
fn a_standalone_or_refused_widget_reads_no_command() {
    let standalone = HostBridge::new(HostTarget::Standalone);
    assert_eq!(
        standalone.admit(&own_origin(), true, 10),
        Err(Ignored::NotPinned)
    );
}

#[wasm_bindgen_test]
fn ignored_messages_are_counted_by_reason() {
    let mut bridge = pinned_bridge();
    bridge.count(CommandOutcome::Ignored(Ignored::WrongSender));
    bridge.count(CommandOutcome::Ignored(Ignored::TooLarge));
    bridge.count(CommandOutcome::NotACommand);
    bridge.count(CommandOutcome::Accepted);
    let stats = bridge.stats();
    assert_eq!(
        (
            stats.wrong_sender,
            stats.too_large,
            stats.not_commands,
            stats.accepted
        ),
        (1, 1, 1, 1)
    );
}

#[wasm_bindgen_test]
fn replay_posts_the_events_after_since_seq_again_with_their_own_seq() {
    let mut bridge = pinned_bridge();
    for _ in 0..5 {
        bridge.prepare(agent_adapter::host::ready_event(AdapterKind::Call));
    }
    let (again, missing) = bridge.replay_since(3);
    let seqs: Vec<u64> = again.iter().map(|m| m.seq).collect();
    assert_eq!((seqs, missing), (vec![4, 5], 0));
    let parsed: HostMessage = serde_json::from_str(&again[0].json).expect("json");
    assert!(parsed.replay);
}

#[wasm_bindgen_test]
fn replay_says_how_many_events_are_no_longer_kept() {
    let mut bridge = pinned_bridge();
    let kept = agent_adapter::host::REPLAY_LOG as u64;
    for _ in 0..kept + 10 {
        bridge.prepare(agent_adapter::host::ready_event(AdapterKind::Call));
    }
    let (again, missing) = bridge.replay_since(0);
    assert_eq!((again.len() as u64, missing), (kept, 10));
}

/// Starts listening with a bridge pinned to this page (the test page is its own parent), and
/// returns the inbox that sees both the commands and the widget's answers.
fn listening() -> (HostHandle, Owner, Inbox) {
    let inbox = Inbox::listen();
    let owner = Owner::new();
    let host = owner.with(|| {
        let host = HostHandle::new(pinned_bridge());
        host_commands::listen(host, CommandTarget::new());
        host
    });
    (host, owner, inbox)
}

fn send(command: &str) {
    window()
        .post_message(&command.into(), &own_origin())
        .expect("post");
}

/// The widget's answers (Ack / Error events) among what the inbox received.
fn answers(inbox: &Inbox) -> Vec<HostEvent> {
    inbox
        .messages()
        .into_iter()
        .filter_map(|(_, data)| data.as_string())
        .filter_map(|text| serde_json::from_str::<HostMessage>(&text).ok())
        .map(|message| message.event)
        .filter(|event| matches!(event, HostEvent::Ack(_) | HostEvent::Error(_)))
        .collect()
}

#[wasm_bindgen_test]
async fn set_theme_sets_the_custom_property_and_is_acknowledged_with_the_id() {
    let (_host, _owner, inbox) = listening();
    send(r##"{"type":"Set_Theme","id":"t-1","data":{"vars":{"--aa-color-primary":"#123456"}}}"##);
    inbox.drain().await;
    inbox.drain().await;
    let root = window()
        .document()
        .and_then(|d| d.document_element())
        .expect("root");
    let style = root.get_attribute("style").unwrap_or_default();
    assert!(style.contains("--aa-color-primary: #123456"), "{style}");
    match answers(&inbox).as_slice() {
        [HostEvent::Ack(ack)] => assert_eq!(
            (ack.id.as_str(), ack.command.as_str()),
            ("t-1", "Set_Theme")
        ),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_theme_value_that_could_load_something_is_refused_and_nothing_is_set() {
    let (_host, _owner, inbox) = listening();
    send(
        r#"{"type":"Set_Theme","id":"t-2","data":{"vars":{"--aa-color-bg":"url(https://evil.test/x)"}}}"#,
    );
    inbox.drain().await;
    inbox.drain().await;
    let style = window()
        .document()
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("style"))
        .unwrap_or_default();
    assert!(!style.contains("evil.test"), "{style}");
    match answers(&inbox).as_slice() {
        [HostEvent::Error(error)] => assert_eq!(
            (error.id.as_str(), error.code.as_str()),
            ("t-2", "invalid_data")
        ),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn logout_without_a_signed_in_agent_is_answered_not_signed_in() {
    let (_host, _owner, inbox) = listening();
    send(r#"{"type":"Logout","id":"l-1"}"#);
    inbox.drain().await;
    inbox.drain().await;
    match answers(&inbox).as_slice() {
        [HostEvent::Error(error)] => assert_eq!(error.code, "not_signed_in"),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn an_unknown_command_is_answered_and_other_messages_are_ignored() {
    let (host, _owner, inbox) = listening();
    send(r#"{"type":"Reboot","id":"r-1"}"#);
    send(r#"{"hello":"from another library"}"#);
    inbox.drain().await;
    inbox.drain().await;
    match answers(&inbox).as_slice() {
        [HostEvent::Error(error)] => assert_eq!(
            (error.id.as_str(), error.code.as_str()),
            ("r-1", "unknown_command")
        ),
        other => panic!("{other:?}"),
    }
    let stats = host.with(HostBridge::stats).expect("bridge");
    assert_eq!(stats.refused, 1);
    assert!(stats.not_commands >= 1, "{stats:?}");
}

#[wasm_bindgen_test]
async fn sync_request_replays_the_missed_events_then_acknowledges_with_the_last_seq() {
    let (host, _owner, inbox) = listening();
    host.emit(agent_adapter::host::ready_event(AdapterKind::Call));
    host.emit(agent_adapter::host::ready_event(AdapterKind::Call));
    send(r#"{"type":"Sync_Request","id":"s-1","data":{"since_seq":1}}"#);
    inbox.drain().await;
    inbox.drain().await;
    let messages: Vec<HostMessage> = inbox
        .messages()
        .into_iter()
        .filter_map(|(_, data)| data.as_string())
        .filter_map(|text| serde_json::from_str(&text).ok())
        .collect();
    let replayed: Vec<u64> = messages
        .iter()
        .filter(|m| m.replay)
        .map(|m| m.seq)
        .collect();
    assert_eq!(replayed, vec![2]);
    let ack = messages
        .iter()
        .find_map(|m| match &m.event {
            HostEvent::Ack(ack) => Some((m.seq, ack.clone())),
            _ => None,
        })
        .expect("an Ack");
    assert_eq!(ack.0, 3);
    let result = ack.1.result.expect("state");
    assert_eq!(
        (result["last_seq"].as_u64(), result["replayed"].as_u64()),
        (Some(2), Some(1))
    );
}

#[wasm_bindgen_test]
fn the_system_palette_follows_the_system_preference_and_the_others_do_not() {
    use agent_adapter::theme::resolve;
    use protocol::command::ThemeMode;
    assert_eq!(resolve(ThemeMode::System, true), "dark");
    assert_eq!(resolve(ThemeMode::System, false), "light");
    assert_eq!(resolve(ThemeMode::Dark, false), "dark");
    assert_eq!(resolve(ThemeMode::Light, true), "light");
}

#[wasm_bindgen_test]
async fn set_theme_with_the_dark_mode_switches_the_palette() {
    let (_host, _owner, inbox) = listening();
    send(r#"{"type":"Set_Theme","id":"t-3","data":{"mode":"dark"}}"#);
    inbox.drain().await;
    inbox.drain().await;
    let root = window()
        .document()
        .and_then(|d| d.document_element())
        .expect("root");
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    agent_adapter::theme::apply(protocol::command::ThemeMode::Light);
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("light"));
}
