//! The CRM record of an answered call or an accepted chat pops in the host page.

use e2e::browser::test_id_selector;
use e2e::flows::{
    AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_chat_control,
    use_telephony_control,
};
use e2e::host_page::{ReceivedMessage, wait_for_event};
use e2e::{Browser, Stack, eventually, screenshot_path};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answered_call_pops_the_callers_crm_record_in_the_host_page() -> anyhow::Result<()> {
    // Arrange: a logged-in agent and a ringing call.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;

    // Act: the agent answers.
    answer_ringing_call(&browser, "call-adapter").await?;

    // Assert: the adapter posts CRM_Record_Pop with the simulated CRM's record page, the host
    // page shows that record, and the call card links it.
    let messages = wait_for_event(
        &browser,
        "CRM_Record_Pop",
        ReceivedMessage::is_from_call_adapter,
    )
    .await?;
    let pops: Vec<String> = messages
        .iter()
        .filter(|m| m.is_from_call_adapter())
        .filter_map(ReceivedMessage::parsed)
        .filter(|e| e["type"] == "CRM_Record_Pop")
        .filter_map(|e| e["data"]["recordUrl"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(pops.len(), 1, "{pops:?}");
    assert!(
        pops[0].starts_with(&format!("{}/crm/records/", stack.sim_origin)),
        "{}",
        pops[0]
    );
    let frame_src = eventually("the record pane", || async {
        let frame = browser.wait_for_test_id("record-frame").await?;
        Ok(frame.attr("src").await?.filter(|src| !src.is_empty()))
    })
    .await?;
    assert_eq!(frame_src, pops[0]);
    browser.enter_frame_named("call-adapter").await?;
    let link = browser
        .wait_for_css(&test_id_selector("crm-record-link"))
        .await?
        .attr("href")
        .await?;
    browser.leave_frame().await?;
    assert_eq!(link.as_deref(), Some(pops[0].as_str()));
    browser
        .save_screenshot(&screenshot_path("demo-crm-pop.png")?)
        .await?;

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_accepted_chat_pops_the_customers_crm_record_and_shows_it_in_the_chat()
-> anyhow::Result<()> {
    // Arrange: Kim signed in to the chat adapter, and the bot hands a customer over.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "chat-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_chat_control(&browser, "chat-start").await?;

    // Act: Kim accepts the chat.
    browser.enter_frame_named("chat-adapter").await?;
    browser.click_test_id("chat-accept").await?;
    browser.wait_for_test_id("chat-session").await?;
    browser.leave_frame().await?;

    // Assert: the chat adapter posts one CRM_Record_Pop for the chat with the simulated CRM's
    // record page, and the chat's CRM line links the same record.
    let messages = wait_for_event(
        &browser,
        "CRM_Record_Pop",
        ReceivedMessage::is_from_chat_adapter,
    )
    .await?;
    let pops: Vec<serde_json::Value> = messages
        .iter()
        .filter(|m| m.is_from_chat_adapter())
        .filter_map(ReceivedMessage::parsed)
        .filter(|e| e["type"] == "CRM_Record_Pop")
        .map(|e| e["data"].clone())
        .collect();
    assert_eq!(pops.len(), 1, "{pops:?}");
    let record_url = pops[0]["recordUrl"].as_str().unwrap_or_default().to_owned();
    assert!(
        record_url.starts_with(&format!("{}/crm/records/", stack.sim_origin)),
        "{pops:?}"
    );
    browser.enter_frame_named("chat-adapter").await?;
    let link = browser
        .wait_for_css(&test_id_selector("crm-record-link"))
        .await?
        .attr("href")
        .await?;
    browser.leave_frame().await?;
    assert_eq!(link.as_deref(), Some(record_url.as_str()));

    browser.close().await
}
