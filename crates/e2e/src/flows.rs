//! Steps several tests share, written as a user would do them.

use anyhow::Context;
use fantoccini::Locator;

use crate::browser::test_id_selector;
use crate::{Browser, eventually};

/// The demo agent the tests log in as (`Settings::demo()`).
pub const AGENT_EMAIL: &str = "kim@example.com";
/// Password of every demo agent.
pub const AGENT_PASSWORD: &str = "demo-password";

/// Logs in inside the adapter iframe `frame` and waits for its stream to be connected. Starts
/// and ends in the top-level page.
pub async fn log_in(
    browser: &Browser,
    frame: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<()> {
    browser.enter_frame_named(frame).await?;
    browser.wait_for_test_id("login-form").await?;
    browser.type_into_test_id("login-email", email).await?;
    browser
        .type_into_test_id("login-password", password)
        .await?;
    browser.click_test_id("login-submit").await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"connected\"]",
            test_id_selector("connection-indicator")
        ))
        .await
        .with_context(|| format!("{email} did not get a connected adapter after logging in"))?;
    browser.leave_frame().await
}

/// Answers the call ringing in the call adapter iframe `frame`. Starts and ends in the
/// top-level page.
pub async fn answer_ringing_call(browser: &Browser, frame: &str) -> anyhow::Result<()> {
    browser.enter_frame_named(frame).await?;
    browser.wait_for_test_id("call-ringing").await?;
    browser.click_test_id("call-answer").await?;
    browser.wait_for_test_id("call-active").await?;
    browser.leave_frame().await
}

/// Clicks a telephony control of the host page (`ring-button`, `caller-hangup-button`) and
/// waits for the simulator's verdict; fails with the message the page shows on an error.
pub async fn use_telephony_control(browser: &Browser, test_id: &str) -> anyhow::Result<String> {
    use_simulator_control(browser, test_id, "sim-status").await
}

/// Clicks a visitor control of the host page (`visitor-view`, `visitor-cart`,
/// `visitor-order`: the Optico simulator pushes the update to the gateway) and waits for the
/// simulator's verdict; fails with the message the page shows on an error.
pub async fn use_visitor_control(browser: &Browser, test_id: &str) -> anyhow::Result<String> {
    use_simulator_control(browser, test_id, "visitor-status").await
}

/// Clicks a chat simulator control of the host page (`chat-start`, `chat-customer-write`,
/// `chat-customer-file`, `chat-customer-leave`: the Aimylogic bot calls the gateway's Operator
/// API) and waits for the simulator's verdict; fails with the message the page shows on an
/// error.
pub async fn use_chat_control(browser: &Browser, test_id: &str) -> anyhow::Result<String> {
    use_simulator_control(browser, test_id, "chat-sim-status").await
}

/// Clicks `test_id` and waits until the status line `status_test_id` says `ok` with a new
/// text, or `error`.
async fn use_simulator_control(
    browser: &Browser,
    test_id: &str,
    status_test_id: &str,
) -> anyhow::Result<String> {
    let status = browser.wait_for_test_id(status_test_id).await?;
    let before = status.text().await?;
    browser.click_test_id(test_id).await?;
    let verdict = eventually(&format!("the simulator's answer to {test_id}"), || async {
        let status = browser
            .client()
            .find(Locator::Css(&test_id_selector(status_test_id)))
            .await?;
        let state = status.attr("data-state").await?.unwrap_or_default();
        let text = status.text().await?;
        Ok(match state.as_str() {
            "ok" if text != before => Some(Ok(text)),
            "error" => Some(Err(text)),
            _ => None,
        })
    })
    .await?;
    verdict.map_err(|text| anyhow::anyhow!("{test_id}: the host page reported an error: {text}"))
}
