//! The postMessage bridge: origin pinning, refusal, numbering and the JSON strings posted.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::components::adapter_shell::AdapterShell;
use agent_adapter::host::{
    Embedding, HostBridge, HostHandle, HostTarget, Origin, ready_event, resolve_target,
};
use common::{Inbox, by_testid, kim, mount, own_origin, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::host::{AdapterKind, AgentData, HostEvent, HostMessage};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn framed_by(origin: &str) -> Embedding {
    Embedding::Framed {
        embedder: Some(origin.to_owned()),
    }
}

fn login_event() -> HostEvent {
    HostEvent::AgentLogin(AgentData::from_profile(&kim()))
}

#[wasm_bindgen_test]
async fn an_unlisted_embedding_origin_receives_nothing() {
    // The embedder is this very page, so a message posted to it (or to "*") would arrive here.
    let target = resolve_target(
        &framed_by(&own_origin()),
        &["https://crm.example.com".into()],
    );
    let inbox = Inbox::listen();
    let owner = Owner::new();
    owner.with(|| {
        let host = HostHandle::new(HostBridge::new(target));
        host.emit(ready_event(AdapterKind::Call));
        host.emit(login_event());
    });
    tick().await;
    inbox.drain().await;
    assert!(
        inbox.messages().is_empty(),
        "posted to an unlisted origin: {:?}",
        inbox.messages()
    );
}

#[wasm_bindgen_test]
async fn the_refusal_screen_names_the_embedding_origin_and_posts_nothing() {
    let bridge = HostBridge::new(resolve_target(
        &framed_by(&own_origin()),
        &["https://crm.example.com".into()],
    ));
    let inbox = Inbox::listen();
    let (root, _mounted) =
        mount(move || view! { <AdapterShell kind=AdapterKind::Call bridge=bridge /> });
    tick().await;
    inbox.drain().await;

    assert!(
        by_testid(&root, "origin-refused").is_some(),
        "no refusal screen"
    );
    assert!(
        text_of(&root, "origin-refused").contains(&own_origin()),
        "origin not named"
    );
    assert!(
        by_testid(&root, "login-form").is_none(),
        "the refused widget still offers to sign in"
    );
    assert!(
        inbox.messages().is_empty(),
        "a refused widget posted {:?}",
        inbox.messages()
    );
}

#[wasm_bindgen_test]
async fn an_allowed_origin_receives_json_strings_numbered_from_one() {
    let target = resolve_target(&framed_by(&own_origin()), &[own_origin()]);
    assert_eq!(target, HostTarget::Pinned(own_origin()));
    let inbox = Inbox::listen();
    let owner = Owner::new();
    owner.with(|| {
        let host = HostHandle::new(HostBridge::new(target));
        host.emit(ready_event(AdapterKind::Call));
        host.emit(login_event());
    });
    inbox.drain().await;

    let messages = inbox.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let decoded: Vec<HostMessage> = messages
        .iter()
        .map(|(origin, data)| {
            assert_eq!(origin, &own_origin());
            let json = data
                .as_string()
                .expect("the message is a JSON string, not an object");
            serde_json::from_str(&json).expect("valid host message JSON")
        })
        .collect();
    assert_eq!(decoded[0].event, ready_event(AdapterKind::Call));
    assert_eq!(decoded[1].event, login_event());
    assert_eq!(
        decoded.iter().map(|m| m.seq).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert!(decoded.iter().all(|m| m.v == protocol::PROTOCOL_VERSION));
}

#[wasm_bindgen_test]
async fn a_running_adapter_posts_adapter_ready_first() {
    let bridge = HostBridge::new(HostTarget::Pinned(own_origin()));
    let inbox = Inbox::listen();
    let (root, _mounted) =
        mount(move || view! { <AdapterShell kind=AdapterKind::Chat bridge=bridge /> });
    tick().await;
    inbox.drain().await;

    let messages = inbox.messages();
    let first = messages
        .first()
        .and_then(|(_, data)| data.as_string())
        .expect("a message");
    let first: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(first["type"], "Adapter_Ready");
    assert_eq!(first["seq"], 1);
    assert_eq!(first["data"]["adapter"], "chat");
    assert!(by_testid(&root, "origin-refused").is_none());
}

#[wasm_bindgen_test]
fn a_standalone_widget_posts_nothing() {
    let mut bridge = HostBridge::new(resolve_target(&Embedding::Standalone, &[own_origin()]));
    assert_eq!(bridge.target(), &HostTarget::Standalone);
    assert_eq!(bridge.prepare(login_event()), None);
}

#[wasm_bindgen_test]
fn a_framed_widget_with_an_unknown_embedder_is_refused() {
    let target = resolve_target(&Embedding::Framed { embedder: None }, &[own_origin()]);
    assert_eq!(target, HostTarget::Refused { embedder: None });
}

#[wasm_bindgen_test]
fn prepared_messages_are_numbered_without_gaps_and_pinned() {
    let mut bridge = HostBridge::new(HostTarget::Pinned("https://crm.example.com".into()));
    let first = bridge
        .prepare(ready_event(AdapterKind::Call))
        .expect("posted");
    let second = bridge.prepare(login_event()).expect("posted");
    assert_eq!((first.seq, second.seq), (1, 2));
    assert_eq!(first.target_origin, "https://crm.example.com");
    assert!(
        second.json.contains(r#""type":"Agent_Login""#),
        "{}",
        second.json
    );
    assert!(second.json.contains(r#""seq":2"#), "{}", second.json);
}

#[wasm_bindgen_test]
fn origins_match_only_with_the_same_scheme_host_and_port() {
    let allowed = [
        "https://crm.example.com".to_owned(),
        "http://127.0.0.1:8701".to_owned(),
    ];
    let target = |origin: &str| resolve_target(&framed_by(origin), &allowed);

    assert_eq!(
        target("https://crm.example.com"),
        HostTarget::Pinned("https://crm.example.com".into())
    );
    assert_eq!(
        target("http://127.0.0.1:8701"),
        HostTarget::Pinned("http://127.0.0.1:8701".into())
    );
    for refused in [
        "http://crm.example.com",
        "https://crm.example.com:8443",
        "https://evil.crm.example.com",
        "https://crm.example.com.evil.net",
        "http://127.0.0.1:8702",
        "http://localhost:8701",
        "null",
    ] {
        assert!(
            matches!(target(refused), HostTarget::Refused { .. }),
            "{refused} was allowed"
        );
    }
}

#[wasm_bindgen_test]
fn origin_parsing_ignores_case_default_ports_and_a_trailing_slash() {
    let canonical = Origin::parse("https://crm.example.com").expect("valid");
    assert_eq!(
        Origin::parse("HTTPS://CRM.Example.com:443/"),
        Some(canonical.clone())
    );
    assert_eq!(canonical.serialize(), "https://crm.example.com");
    assert_eq!(Origin::parse("https://crm.example.com/path"), None);
    assert_eq!(Origin::parse("https://user@crm.example.com"), None);
    assert_eq!(
        Origin::of_url("https://crm.example.com:8443/contacts?id=4#top").map(|o| o.serialize()),
        Some("https://crm.example.com:8443".into())
    );
    assert_eq!(
        Origin::parse("http://[::1]:8080").map(|o| o.serialize()),
        Some("http://[::1]:8080".into())
    );
}

/// The CRM origin every look-alike below imitates.
const CRM: &str = "https://crm.example.com";

/// Whether a page at `origin` is refused both as the embedder events go to and as the sender
/// of commands to an adapter pinned to [`CRM`].
fn refused_everywhere(origin: &str) -> bool {
    let as_embedder = matches!(
        resolve_target(&framed_by(origin), &[CRM.to_owned()]),
        HostTarget::Refused { .. }
    );
    let bridge = HostBridge::new(HostTarget::Pinned(CRM.into()));
    let as_sender = bridge.admit(origin, true, 64).is_err();
    as_embedder && as_sender
}

#[wasm_bindgen_test]
fn the_allowed_origin_itself_is_accepted_both_ways() {
    assert!(!refused_everywhere(CRM));
}

#[wasm_bindgen_test]
fn a_look_alike_suffix_domain_is_refused() {
    assert!(refused_everywhere("https://crm.example.com.evil.test"));
}

#[wasm_bindgen_test]
fn a_subdomain_of_the_allowed_host_is_refused() {
    assert!(refused_everywhere("https://evil.crm.example.com"));
}

#[wasm_bindgen_test]
fn another_port_of_the_allowed_host_is_refused() {
    assert!(refused_everywhere("https://crm.example.com:8443"));
}

#[wasm_bindgen_test]
fn plain_http_on_the_allowed_host_is_refused() {
    assert!(refused_everywhere("http://crm.example.com"));
}

#[wasm_bindgen_test]
fn the_opaque_null_origin_is_refused() {
    assert!(refused_everywhere("null"));
}

#[wasm_bindgen_test]
fn a_punycode_look_alike_is_refused() {
    // "crm.exаmple.com" with a Cyrillic "а", as browsers serialize it.
    assert!(refused_everywhere("https://crm.xn--exmple-4nf.com"));
}

#[wasm_bindgen_test]
fn a_unicode_look_alike_is_refused() {
    assert!(refused_everywhere("https://crm.ex\u{0430}mple.com"));
}

#[wasm_bindgen_test]
fn the_allowed_origin_is_refused_as_sender_when_not_the_parent_window() {
    let bridge = HostBridge::new(HostTarget::Pinned(CRM.into()));
    assert!(bridge.admit(CRM, false, 64).is_err());
}
