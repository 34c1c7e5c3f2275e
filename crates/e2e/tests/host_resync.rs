//! A host page that reloads gets the adapter's state back with Sync_Request.

use e2e::browser::test_id_selector;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_telephony_control};
use e2e::host_page::{ReceivedMessage, wait_for_event};
use e2e::{Browser, Stack};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reloaded_host_page_syncs_and_shows_the_call_in_progress_with_no_missing_seq()
-> anyhow::Result<()> {
    // Arrange: an answered call.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    let call_id = stack.latest_gateway_call_id().await?;
    answer_ringing_call(&browser, "call-adapter").await?;
    wait_for_event(&browser, "New_Call", ReceivedMessage::is_from_call_adapter).await?;

    // Act: the CRM page reloads (and with it the adapter's iframe).
    browser.goto(&stack.demo_page_url()).await?;

    // Assert: the adapter restores its session, the page's Sync_Request is acknowledged with
    // the call in progress, and the page shows that call again.
    let messages = wait_for_event(&browser, "Ack", ReceivedMessage::is_from_call_adapter).await?;
    let events: Vec<Value> = messages
        .iter()
        .filter(|m| m.is_from_call_adapter())
        .filter_map(ReceivedMessage::parsed)
        .collect();
    let types: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(
        &types[..3],
        &["Adapter_Ready", "Agent_Login", "Ack"],
        "{types:?}"
    );
    assert!(
        events.iter().all(|e| e.get("replay").is_none()),
        "nothing was missed: {events:?}"
    );
    let seqs: Vec<u64> = events.iter().filter_map(|e| e["seq"].as_u64()).collect();
    let expected: Vec<u64> = (1..=seqs.len() as u64).collect();
    assert_eq!(seqs, expected, "no missing or repeated seq");
    let ack = &events[2]["data"];
    assert_eq!(ack["command"], "Sync_Request");
    let sessions = ack["result"]["sessions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(sessions.len(), 1, "{ack}");
    assert_eq!(sessions[0]["call_id"], call_id);
    assert_eq!(sessions[0]["state"], "active");
    assert_eq!(ack["result"]["agent"]["agent_email"], AGENT_EMAIL);
    let record = browser
        .wait_for_css(&format!(
            "{}[data-state=\"call\"]",
            test_id_selector("crm-record")
        ))
        .await?;
    assert!(record.text().await?.contains(&format!("#{call_id}")));

    browser.close().await
}
