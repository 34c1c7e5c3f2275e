//! A call from the telephony webhook to the agent and back, seen from the demo host page.

use e2e::browser::test_id_selector;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_telephony_control};
use e2e::host_page::{ReceivedMessage, adapter_events, wait_for_event};
use e2e::{Browser, Stack, eventually, screenshot_path};
use serde_json::{Value, json};

const CALL_FRAME: &str = "call-adapter";
const CALL_FRAME_CSS: &str = "iframe[name=\"call-adapter\"]";

/// The events of a call's life among `events`: not the Ack of the page's Sync_Request (sent
/// after each Agent_Login) nor the CRM record pop, which come in between.
fn call_lifecycle(events: &[Value]) -> Vec<Value> {
    events
        .iter()
        .filter(|event| event["type"] != "Ack" && event["type"] != "CRM_Record_Pop")
        .cloned()
        .collect()
}

/// Waits until the clock `test_id` shows more than `00:00`, so that screenshots show a live
/// call rather than one frozen at its first frame.
async fn wait_for_clock_to_tick(browser: &Browser, test_id: &str) -> anyhow::Result<()> {
    eventually(&format!("{test_id} to tick"), || async {
        let text = browser.text_of_test_id(test_id).await?;
        Ok((!text.is_empty() && text.trim() != "00:00").then_some(()))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_page_receives_login_new_call_and_end_call_from_the_call_adapter() -> anyhow::Result<()>
{
    // Arrange: the demo page with a logged-in agent.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CALL_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;

    // Act: a call rings through the telephony webhook...
    use_telephony_control(&browser, "ring-button").await?;
    let call_id = stack.latest_gateway_call_id().await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.wait_for_test_id("call-ringing").await?;
    let queue = browser.text_of_test_id("call-queue").await?;
    wait_for_clock_to_tick(&browser, "call-waiting").await?;
    browser.leave_frame().await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-ringing.png")?)
        .await?;

    // ...the agent answers...
    answer_ringing_call(&browser, CALL_FRAME).await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    wait_for_clock_to_tick(&browser, "call-timer").await?;
    browser.leave_frame().await?;
    wait_for_event(
        &browser,
        "Agent_Joined_Call",
        ReceivedMessage::is_from_call_adapter,
    )
    .await?;
    let record_call = browser.text_of_test_id("record-call-id").await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-active.png")?)
        .await?;
    browser
        .save_screenshot(&screenshot_path("demo.png")?)
        .await?;

    // ...and hangs up.
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("call-hangup").await?;
    browser
        .wait_until_gone(&test_id_selector("call-active"))
        .await?;
    browser.leave_frame().await?;
    let messages =
        wait_for_event(&browser, "End_Call", ReceivedMessage::is_from_call_adapter).await?;

    // Assert
    assert!(
        queue.contains("Sales / FR"),
        "ringing card shows the queue, got {queue:?}"
    );
    assert_eq!(
        record_call,
        format!("#{call_id}"),
        "the CRM pane shows the answered call"
    );
    let all = adapter_events(
        &messages,
        &stack.gateway_origin,
        ReceivedMessage::is_from_call_adapter,
    )?;
    let events = call_lifecycle(&all);
    let types: Vec<&str> = events
        .iter()
        .map(|event| event["type"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        types,
        [
            "Adapter_Ready",
            "Agent_Login",
            "New_Call",
            "Agent_Joined_Call",
            "End_Call"
        ],
        "events: {events:#?}"
    );
    let seqs: Vec<u64> = all
        .iter()
        .filter_map(|event| event["seq"].as_u64())
        .collect();
    let expected: Vec<u64> = (1..=all.len() as u64).collect();
    assert_eq!(seqs, expected, "seq starts at 1 and increases by one");
    assert!(
        events.iter().all(|event| event["v"] == 1),
        "protocol version 1: {events:#?}"
    );
    assert_eq!(events[0]["data"]["adapter"], "call");
    assert_eq!(
        events[1]["data"],
        json!({"agent_id": 1, "agent_custom_id": "007", "agent_email": AGENT_EMAIL})
    );
    let call_data = json!({
        "agent_id": 1,
        "agent_custom_id": "007",
        "agent_email": AGENT_EMAIL,
        "queue_id": 8469,
        "queue_path": "Sales / FR",
        "call_id": call_id,
        "session_type": "Voice Inbound",
    });
    assert_eq!(events[2]["data"], call_data, "New_Call");
    assert_eq!(events[3]["data"]["call_id"], call_id, "Agent_Joined_Call");
    assert_eq!(events[4]["data"]["call_id"], call_id, "End_Call");
    assert_eq!(events[4]["data"]["agent_email"], AGENT_EMAIL, "End_Call");

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caller_hanging_up_ends_the_answered_call_and_the_host_page_receives_end_call()
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

    // Act: the caller hangs up (the host page's simulator control).
    use_telephony_control(&browser, "caller-hangup-button").await?;

    // Assert: the adapter leaves the call and tells the host page exactly once.
    let messages =
        wait_for_event(&browser, "End_Call", ReceivedMessage::is_from_call_adapter).await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser
        .wait_until_gone(&test_id_selector("call-active"))
        .await?;
    browser.leave_frame().await?;
    let events = adapter_events(
        &messages,
        &stack.gateway_origin,
        ReceivedMessage::is_from_call_adapter,
    )?;
    let ends: Vec<&Value> = events
        .iter()
        .filter(|event| event["type"] == "End_Call")
        .collect();
    assert_eq!(ends.len(), 1, "one End_Call: {events:#?}");
    assert_eq!(ends[0]["data"]["call_id"], call_id);
    let caller_hangup_disabled = eventually("the hang-up control to switch off", || async {
        let button = browser.wait_for_test_id("caller-hangup-button").await?;
        Ok(button.attr("disabled").await?.map(|_| ()))
    })
    .await;
    assert!(
        caller_hangup_disabled.is_ok(),
        "no call left to hang up on the host page"
    );

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_appointment_is_booked_for_the_caller_from_the_call_card() -> anyhow::Result<()> {
    // Arrange: an answered call.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CALL_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    answer_ringing_call(&browser, CALL_FRAME).await?;

    // Act: Kim opens the appointment form, leaves the caller's name out, then adds it.
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("tool-appointment").await?;
    browser.wait_for_test_id("appointment-dialog").await?;
    browser
        .type_into_test_id("tool-field-email", "caller@example.com")
        .await?;
    browser.click_test_id("appointment-submit").await?;
    let refused = browser
        .wait_for_css(&format!(
            "{}:not(:empty)",
            test_id_selector("tool-error-name")
        ))
        .await?
        .text()
        .await?;
    browser
        .type_into_test_id("tool-field-name", "Camille Laurent")
        .await?;
    browser.leave_frame().await?;
    browser
        .save_element_screenshot(
            CALL_FRAME_CSS,
            &screenshot_path("call-appointment-form.png")?,
        )
        .await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("appointment-submit").await?;
    let done = browser
        .wait_for_test_id("appointment-done")
        .await?
        .text()
        .await?;
    browser.leave_frame().await?;

    // Assert: the empty name was refused in words, then Optimly booked it.
    assert_eq!(refused, "Enter the name.");
    assert!(
        done.starts_with("Appointment booked (reference apt_"),
        "{done}"
    );
    assert!(done.contains("Camille Laurent"), "{done}");
    browser.close().await
}
