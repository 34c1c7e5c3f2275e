//! Accessibility of the adapters, audited with axe-core (WCAG 2.0–2.2 A and AA rules) in
//! headless Chromium, in the states agents spend their day in.

use anyhow::Context;
use e2e::flows::{
    AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_chat_control,
    use_telephony_control,
};
use e2e::{Browser, Stack};
use serde_json::Value;

/// axe-core as `scripts/setup.sh` installs it (from the npm registry, never committed).
fn axe_source() -> anyhow::Result<String> {
    let path = e2e::workspace_root().join(".tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .with_context(|| format!("{} is missing: run scripts/setup.sh", path.display()))
}

/// Runs axe in the current frame; the violations, each as "rule: target (impact)".
async fn audit(browser: &Browser) -> anyhow::Result<Vec<String>> {
    let script = format!(
        "{}\nconst done = arguments[arguments.length - 1];\n\
         axe.run(document, {{ runOnly: {{ type: 'tag', values: \
         ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }} }})\n\
           .then((r) => done(r.violations.map((v) => ({{ id: v.id, impact: v.impact, \
             nodes: v.nodes.map((n) => n.target.join(' ')) }}))))\n\
           .catch((e) => done([{{ id: 'axe-error', impact: String(e), nodes: [] }}]));",
        axe_source()?
    );
    let result = browser.client().execute_async(&script, vec![]).await?;
    let violations = result.as_array().cloned().unwrap_or_default();
    Ok(violations
        .iter()
        .map(|v: &Value| {
            format!(
                "{}: {} ({})",
                v["id"].as_str().unwrap_or("?"),
                v["nodes"],
                v["impact"].as_str().unwrap_or("?")
            )
        })
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_call_adapter_in_a_call_has_no_accessibility_violations() -> anyhow::Result<()> {
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    answer_ringing_call(&browser, "call-adapter").await?;

    browser.enter_frame_named("call-adapter").await?;
    browser.wait_for_test_id("call-active").await?;
    let violations = audit(&browser).await?;
    browser.leave_frame().await?;

    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chat_adapter_with_a_suggestion_has_no_accessibility_violations() -> anyhow::Result<()>
{
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "chat-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_chat_control(&browser, "chat-start").await?;
    browser.enter_frame_named("chat-adapter").await?;
    browser.click_test_id("chat-accept").await?;
    browser.wait_for_test_id("chat-session").await?;
    browser.leave_frame().await?;
    use_chat_control(&browser, "chat-customer-write").await?;

    browser.enter_frame_named("chat-adapter").await?;
    browser.wait_for_test_id("assist-card").await?;
    let violations = audit(&browser).await?;
    browser.leave_frame().await?;

    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_screen_has_no_accessibility_violations() -> anyhow::Result<()> {
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;

    browser.enter_frame_named("call-adapter").await?;
    browser.wait_for_test_id("login-form").await?;
    let violations = audit(&browser).await?;
    browser.leave_frame().await?;

    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_view_has_no_accessibility_violations() -> anyhow::Result<()> {
    let browser = Browser::launch(1280, 800).await?;
    let stack = Stack::start().await?;
    browser
        .goto(&format!(
            "{}/agent/?type=supervisor&from=custom",
            stack.gateway_origin
        ))
        .await?;
    browser.wait_for_test_id("login-form").await?;
    browser
        .type_into_test_id("login-email", "sam@example.com")
        .await?;
    browser
        .type_into_test_id("login-password", AGENT_PASSWORD)
        .await?;
    browser.click_test_id("login-submit").await?;
    browser.wait_for_test_id("stats-table").await?;
    browser.wait_for_test_id("supervisor-presence").await?;

    let violations = audit(&browser).await?;

    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_browsed_call_with_the_appointment_form_open_has_no_accessibility_violations()
-> anyhow::Result<()> {
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    answer_ringing_call(&browser, "call-adapter").await?;
    use_telephony_control(&browser, "caller-cobrowse-button").await?;

    browser.enter_frame_named("call-adapter").await?;
    browser.wait_for_test_id("cobrowse-line").await?;
    let with_cobrowse = audit(&browser).await?;
    browser.click_test_id("tool-appointment").await?;
    browser.wait_for_test_id("appointment-dialog").await?;
    browser.click_test_id("appointment-submit").await?;
    browser
        .wait_for_css("[data-testid='tool-error-name']:not(:empty)")
        .await?;
    let with_form = audit(&browser).await?;
    browser.leave_frame().await?;

    assert!(with_cobrowse.is_empty(), "{with_cobrowse:#?}");
    assert!(with_form.is_empty(), "{with_form:#?}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_french_call_adapter_with_its_shortcut_help_open_has_no_accessibility_violations()
-> anyhow::Result<()> {
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser
        .goto(&format!("{}?lang=fr", stack.demo_page_url()))
        .await?;
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    answer_ringing_call(&browser, "call-adapter").await?;

    browser.enter_frame_named("call-adapter").await?;
    browser.click_test_id("shortcuts-button").await?;
    browser.wait_for_test_id("shortcuts-help").await?;
    let violations = audit(&browser).await?;
    browser.leave_frame().await?;

    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await
}
