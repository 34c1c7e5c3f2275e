//! The agent's in-call controls as the host page sees them.

use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_telephony_control};
use e2e::host_page::wait_for_event;
use e2e::{Browser, Stack, screenshot_path};
use serde_json::json;

const CALL_FRAME: &str = "call-adapter";
const CALL_FRAME_CSS: &str = "iframe[name=\"call-adapter\"]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pausing_and_resuming_the_recording_posts_redaction_started_then_stopped()
-> anyhow::Result<()> {
    // Arrange: an answered call.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CALL_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    let call_id = stack.latest_gateway_call_id().await?;
    answer_ringing_call(&browser, CALL_FRAME).await?;

    // Act: pause the recording, put the caller on hold, then resume the recording.
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("call-redaction").await?;
    browser.wait_for_test_id("call-redaction-badge").await?;
    browser.click_test_id("call-hold").await?;
    browser.wait_for_test_id("call-hold-badge").await?;
    browser.leave_frame().await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-controls.png")?)
        .await?;
    wait_for_event(&browser, "Call_Redaction_Started", |m| {
        m.is_from_call_adapter()
    })
    .await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("call-redaction").await?;
    browser.leave_frame().await?;
    let messages = wait_for_event(&browser, "Call_Redaction_Stopped", |m| {
        m.is_from_call_adapter()
    })
    .await?;

    // Assert: each event once, with the seed's fields, in order.
    let expected = json!({"agent_id": 1, "call_id": call_id});
    let redaction: Vec<_> = messages
        .iter()
        .filter(|m| m.is_from_call_adapter())
        .filter_map(|m| m.parsed())
        .filter(|e| {
            e["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("Call_Redaction_"))
        })
        .collect();
    assert_eq!(redaction.len(), 2, "{redaction:?}");
    assert_eq!(redaction[0]["type"], "Call_Redaction_Started");
    assert_eq!(redaction[0]["data"], expected);
    assert_eq!(redaction[1]["type"], "Call_Redaction_Stopped");
    assert_eq!(redaction[1]["data"], expected);
    Ok(())
}
