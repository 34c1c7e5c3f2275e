//! Transferring a call to another agent, as the host page sees it.

use e2e::browser::test_id_selector;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_telephony_control};
use e2e::host_page::{ReceivedMessage, wait_for_event};
use e2e::{Browser, Stack, eventually, screenshot_path};
use serde_json::Value;

const CALL_FRAME: &str = "call-adapter";
const CALL_FRAME_CSS: &str = "iframe[name=\"call-adapter\"]";
const OTHER_AGENT: &str = "ariel@example.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_transferred_to_another_agent_posts_transfer_call_end_call_then_party_added()
-> anyhow::Result<()> {
    // Arrange: Kim answers a call in the demo page; the page's simulated colleague Ariel signs
    // in (she answers whatever rings at her after 2 s).
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CALL_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    let call_id = stack.latest_gateway_call_id().await?;
    answer_ringing_call(&browser, CALL_FRAME).await?;
    browser.click_test_id("colleague-toggle").await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"ok\"]",
            test_id_selector("colleague-status")
        ))
        .await?;

    // Act: Kim transfers the call to Ariel, who answers it.
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("call-transfer").await?;
    browser
        .wait_for_css(&format!(
            "{} .aa-target--free",
            test_id_selector("transfer-agents")
        ))
        .await?;
    browser.click_test_id("transfer-target").await?;
    browser.leave_frame().await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-transfer.png")?)
        .await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("transfer-confirm").await?;
    browser.wait_for_test_id("call-wrap-up").await?;
    browser.leave_frame().await?;
    let messages = wait_for_event(
        &browser,
        "Party_Added",
        ReceivedMessage::is_from_call_adapter,
    )
    .await?;

    // Assert: Transfer_Call, End_Call, Party_Added in that order, with the seed's fields.
    let events: Vec<Value> = messages
        .iter()
        .filter(|m| m.is_from_call_adapter())
        .filter_map(ReceivedMessage::parsed)
        .filter(|e| {
            matches!(
                e["type"].as_str(),
                Some("Transfer_Call" | "End_Call" | "Party_Added")
            )
        })
        .collect();
    let types: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(types, vec!["Transfer_Call", "End_Call", "Party_Added"]);
    let transfer = &events[0]["data"];
    assert_eq!(transfer["call_id"], call_id);
    assert_eq!(transfer["from_agent_email"], AGENT_EMAIL);
    assert_eq!(transfer["to_agent_email"], OTHER_AGENT);
    assert_eq!(transfer["from_queue_path"], "Sales / FR");
    assert!(transfer.get("to_queue_id").is_none(), "{transfer}");
    let party = &events[2]["data"];
    assert_eq!(party["call_id"], call_id);
    assert_eq!(party["agent_email"], OTHER_AGENT);
    assert_eq!(party["type"], "agent");

    // Kim's wrap-up says where the call went and who took it.
    browser.enter_frame_named(CALL_FRAME).await?;
    let how = browser.text_of_test_id("wrap-up-how").await?;
    let taken = browser.text_of_test_id("wrap-up-taken-by").await?;
    browser.leave_frame().await?;
    assert!(how.contains("Ariel Martin"), "{how}");
    assert_eq!(taken, "Ariel Martin took the call");
    let ariel = stack.log_in_agent(OTHER_AGENT, AGENT_PASSWORD).await?;
    let ariel_calls = stack.agent_snapshot(&ariel).await?.calls;
    assert_eq!(
        ariel_calls.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![call_id]
    );
    // The demo page refreshes the colleague's line every second.
    eventually(
        "the colleague's line to count the answered call",
        || async {
            let line = browser.text_of_test_id("colleague-status").await?;
            Ok(line.contains("answered 1 call").then_some(()))
        },
    )
    .await?;

    browser.close().await
}
