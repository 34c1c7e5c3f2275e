//! The demo CRM host page as served over HTTP.

mod support;

use reqwest::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use support::{GATEWAY_SECRET, config_for, spawn_fake_gateway, spawn_sim};

#[tokio::test]
async fn the_demo_page_is_served_with_a_policy_that_forbids_inline_code() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    let response = reqwest::get(format!("{sim}/")).await.expect("page answers");

    assert_eq!(response.status(), 200);
    let policy = response
        .headers()
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|value| value.to_str().ok())
        .expect("a Content-Security-Policy header")
        .to_owned();
    let gateway_origin = gateway.url.origin().ascii_serialization();
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(policy.contains("style-src 'self';"), "{policy}");
    assert!(
        policy.contains(&format!("frame-src {gateway_origin} 'self';")),
        "{policy}"
    );
    let html = response.text().await.expect("page body");
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count()
    );
    assert!(!html.contains("<style"), "no inline stylesheet");
    assert!(!html.contains(" style="), "no inline style attribute");
    assert!(
        !has_event_handler_attribute(&html),
        "no inline event handler attribute"
    );
}

/// Whether `html` has an attribute like ` onclick=`.
fn has_event_handler_attribute(html: &str) -> bool {
    html.match_indices(" on").any(|(at, _)| {
        let rest = &html[at + 3..];
        let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
        name_len > 0 && rest[name_len..].starts_with('=')
    })
}

#[test]
fn event_handler_attributes_are_recognised() {
    assert!(has_event_handler_attribute(r#"<button onclick="x()">"#));
    assert!(!has_event_handler_attribute(
        "<p>Answer a call on the phone only</p>"
    ));
}

#[tokio::test]
async fn the_demo_page_embeds_both_adapters_with_the_contract_test_ids() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    let html = reqwest::get(format!("{sim}/"))
        .await
        .expect("page answers")
        .text()
        .await
        .expect("page body");

    let base = gateway.url.as_str();
    assert!(
        html.contains(&format!(r#"src="{base}agent/?type=call&amp;from=custom""#)),
        "{html}"
    );
    assert!(
        html.contains(&format!(r#"src="{base}agent/?type=chat&amp;from=custom""#)),
        "{html}"
    );
    assert_eq!(
        html.matches(r#"allow="microphone; camera; clipboard-write; autoplay""#)
            .count(),
        2
    );
    assert!(html.contains(r#"name="call-adapter""#) && html.contains(r#"name="chat-adapter""#));
    for test_id in [
        "call-adapter",
        "chat-adapter",
        "ring-caller-phone",
        "ring-queue",
        "ring-button",
        "caller-hangup-button",
        "event-log",
        "event-count",
        "visitor-view",
        "visitor-cart",
        "visitor-order",
        "visitor-status",
    ] {
        assert!(
            html.contains(&format!(r#"data-testid="{test_id}""#)),
            "missing {test_id}"
        );
    }
}

#[tokio::test]
async fn the_demo_page_offers_the_three_visitor_actions_by_name() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    let html = reqwest::get(format!("{sim}/"))
        .await
        .expect("page answers")
        .text()
        .await
        .expect("page body");

    for (test_id, label) in [
        ("visitor-view", "Visitor views a page"),
        ("visitor-cart", "Visitor adds to cart"),
        ("visitor-order", "Visitor places order"),
    ] {
        let at = html
            .find(&format!(r#"data-testid="{test_id}""#))
            .unwrap_or_else(|| panic!("missing {test_id}"));
        let button_end = html[at..].find("</button>").expect("a button") + at;
        assert!(
            html[at..button_end].ends_with(label),
            "{test_id}: {}",
            &html[at..button_end]
        );
    }
}

#[tokio::test]
async fn the_page_assets_are_served_with_their_content_types() {
    let gateway = spawn_fake_gateway().await;
    let sim = spawn_sim(config_for(&gateway.url, GATEWAY_SECRET)).await;

    for (path, expected) in [
        ("/demo.js", "text/javascript"),
        ("/demo.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let response = reqwest::get(format!("{sim}{path}"))
            .await
            .expect("asset answers");
        assert_eq!(response.status(), 200, "{path}");
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(content_type.starts_with(expected), "{path}: {content_type}");
    }
}

#[test]
fn the_host_script_never_writes_html_from_strings() {
    let script = include_str!("../assets/demo.js");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!script.contains(sink), "demo.js uses {sink}");
    }
}

#[test]
fn the_host_script_checks_the_origin_and_never_posts_to_any_origin() {
    let script = include_str!("../assets/demo.js");
    assert!(script.contains("event.origin !== ADAPTER_ORIGIN"));
    assert!(!script.contains("'*'") && !script.contains("\"*\""));
}
