//! Host commands to the chat adapter: Focus_Session switches the tab, Sync_Request lists the
//! chats.

use anyhow::Context;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, log_in, use_chat_control};
use e2e::host_page::{ReceivedMessage, received_messages};
use e2e::{Browser, Stack, eventually};
use serde_json::{Value, json};

const CHAT_FRAME: &str = "chat-adapter";

/// Posts `command` from the host page to the chat adapter, as an integrator's page does.
async fn send_command(browser: &Browser, stack: &Stack, command: Value) -> anyhow::Result<()> {
    browser
        .client()
        .execute(
            "document.querySelector('iframe[name=\"chat-adapter\"]').contentWindow \
                 .postMessage(JSON.stringify(arguments[0]), arguments[1]); return true;",
            vec![command, json!(stack.gateway_origin)],
        )
        .await?;
    Ok(())
}

/// The chat adapter's answer to command `id` (its `Ack` or `Error` event).
async fn answer_to(browser: &Browser, id: &str) -> anyhow::Result<Value> {
    eventually(&format!("the answer to {id}"), || async {
        let messages = received_messages(browser).await?;
        Ok(messages
            .iter()
            .filter(|m| m.is_from_chat_adapter())
            .filter_map(ReceivedMessage::parsed)
            .find(|e| e["data"]["id"] == id && (e["type"] == "Ack" || e["type"] == "Error")))
    })
    .await
}

/// Kim accepts two chats; the second (Tom's) is shown. Returns the first chat's id.
async fn two_chats(browser: &Browser, stack: &Stack) -> anyhow::Result<u64> {
    browser.goto(&stack.demo_page_url()).await?;
    log_in(browser, CHAT_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    for customer in ["Léa Martin", "Tom Moreau"] {
        browser
            .type_into_test_id("chat-customer-name", customer)
            .await?;
        use_chat_control(browser, "chat-start").await?;
        browser.enter_frame_named(CHAT_FRAME).await?;
        browser.click_test_id("chat-accept").await?;
        eventually("the chat to be shown", || async {
            let name = browser.text_of_test_id("chat-name").await?;
            Ok((name == customer).then_some(()))
        })
        .await?;
        browser.leave_frame().await?;
    }
    browser.enter_frame_named(CHAT_FRAME).await?;
    let first = browser
        .wait_for_css("[data-testid=\"chat-tab\"][aria-selected=\"false\"]")
        .await?
        .attr("data-chat-id")
        .await?
        .context("no chat id")?;
    browser.leave_frame().await?;
    Ok(first.parse()?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_session_from_the_host_shows_that_chat_and_sync_request_lists_both()
-> anyhow::Result<()> {
    // Arrange: two accepted chats, Tom's shown.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    let lea = two_chats(&browser, &stack).await?;

    // Act: the host page asks for Léa's chat, then for the adapter's state.
    send_command(
        &browser,
        &stack,
        json!({"type": "Focus_Session", "id": "f-1", "data": {"chat_id": lea}}),
    )
    .await?;
    let focused = answer_to(&browser, "f-1").await?;
    send_command(
        &browser,
        &stack,
        json!({"type": "Sync_Request", "id": "s-1", "data": {"since_seq": 1000}}),
    )
    .await?;
    let synced = answer_to(&browser, "s-1").await?;

    // Assert: Léa's tab is shown and was announced with Active_Chat; the state lists both chats.
    assert_eq!(focused["type"], "Ack", "{focused}");
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .wait_for_css(&format!(
            "[data-testid=\"chat-session\"][data-chat-id=\"{lea}\"]"
        ))
        .await?;
    browser.leave_frame().await?;
    let messages = received_messages(&browser).await?;
    let active: Vec<Value> = messages
        .iter()
        .filter(|m| m.is_from_chat_adapter())
        .filter_map(ReceivedMessage::parsed)
        .filter(|e| e["type"] == "Active_Chat")
        .collect();
    assert_eq!(
        active.last().map(|e| e["data"]["chat_id"].clone()),
        Some(json!(lea))
    );
    let sessions = synced["data"]["result"]["sessions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(sessions.len(), 2, "{synced}");
    let shown: Vec<&Value> = sessions.iter().filter(|s| s["shown"] == true).collect();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["chat_id"], lea);
    assert!(
        sessions.iter().all(|s| s["state"] == "active"),
        "{sessions:?}"
    );

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focus_session_for_a_chat_the_adapter_does_not_have_is_an_error() -> anyhow::Result<()> {
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CHAT_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;

    send_command(
        &browser,
        &stack,
        json!({"type": "Focus_Session", "id": "f-2", "data": {"chat_id": 999}}),
    )
    .await?;
    let answer = answer_to(&browser, "f-2").await?;

    assert_eq!(answer["type"], "Error");
    assert_eq!(answer["data"]["code"], "unknown_session");
    browser.close().await
}
