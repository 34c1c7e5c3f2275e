//! Co-browsing during a call: the caller shares their page, the agent asks for remote control,
//! the caller accepts, the agent ends it; the host page hears each step with the CCAI events.

use e2e::browser::test_id_selector;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_telephony_control};
use e2e::host_page::{ReceivedMessage, received_messages, wait_for_event};
use e2e::{Browser, Stack, screenshot_path};
use serde_json::Value;

const CALL_FRAME: &str = "call-adapter";
const CALL_FRAME_CSS: &str = "iframe[name=\"call-adapter\"]";

fn cobrowse_events(messages: &[ReceivedMessage]) -> Vec<Value> {
    messages
        .iter()
        .filter(|m| m.is_from_call_adapter())
        .filter_map(ReceivedMessage::parsed)
        .filter(|e| {
            e["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("Cobrowse_"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_browse_session_is_shown_controlled_and_ended_with_its_host_events()
-> anyhow::Result<()> {
    // Arrange: an answered call.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CALL_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    let call_id = stack.latest_gateway_call_id().await?;
    answer_ringing_call(&browser, CALL_FRAME).await?;
    wait_for_event(&browser, "New_Call", ReceivedMessage::is_from_call_adapter).await?;

    // Act 1: the caller starts co-browsing; the call card shows it.
    use_telephony_control(&browser, "caller-cobrowse-button").await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.wait_for_test_id("cobrowse-line").await?;
    let who = browser.text_of_test_id("cobrowse-who").await?;

    // Act 2: Kim asks for remote control; the caller accepts.
    browser.click_test_id("cobrowse-request-control").await?;
    browser
        .wait_for_css(&format!(
            "{}.aa-cobrowse__mode--on",
            test_id_selector("cobrowse-remote-control")
        ))
        .await?;
    browser.leave_frame().await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-cobrowse.png")?)
        .await?;

    // Act 3: Kim ends the session.
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("cobrowse-end").await?;
    browser
        .wait_until_gone(&test_id_selector("cobrowse-line"))
        .await?;
    browser.leave_frame().await?;
    let messages = wait_for_event(&browser, "Cobrowse_Session_Ended", |m| {
        m.is_from_call_adapter()
    })
    .await?;

    // Assert: the card said who started it; the host page got each change once, in order.
    assert_eq!(who, "Customer co-browses");
    let events = cobrowse_events(&messages);
    let steps: Vec<(String, String)> = events
        .iter()
        .map(|e| {
            let mode = e["data"]["cobrowse_session_remote_control"]
                .as_str()
                .unwrap_or_default();
            (
                e["type"].as_str().unwrap_or_default().to_owned(),
                mode.to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("Cobrowse_Session_Started", "off"),
        ("Cobrowse_Session_Remote_Control_Changed", "requested"),
        ("Cobrowse_Session_Remote_Control_Changed", "on"),
        ("Cobrowse_Session_Ended", "on"),
    ]
    .iter()
    .map(|(t, m)| ((*t).to_owned(), (*m).to_owned()))
    .collect();
    assert_eq!(steps, expected);
    for event in &events {
        assert_eq!(event["data"]["call_id"], call_id, "{event}");
        assert_eq!(event["data"]["agent_id"], 1, "{event}");
        assert!(event["data"].get("chat_id").is_none(), "{event}");
    }
    let started = &events[0]["data"];
    assert_eq!(started["cobrowse_session_requested_by"], "end_user");
    let ended = &events[3]["data"];
    assert_eq!(ended["cobrowse_session_ended_by"], "agent");
    let all = received_messages(&browser).await?;
    assert_eq!(cobrowse_events(&all).len(), 4, "nothing posted twice");

    browser.close().await
}
