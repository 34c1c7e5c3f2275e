//! The demo host page itself: what it loads and what it accepts.

use e2e::host_page::{ReceivedMessage, received_messages, wait_for_event};
use e2e::{Browser, Stack, eventually};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_adapter_loads_beside_the_call_adapter_and_shows_its_login_form() -> anyhow::Result<()>
{
    // Arrange
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;

    // Act
    browser.goto(&stack.demo_page_url()).await?;

    // Assert: the chat adapter announces itself from the gateway's origin...
    let messages = wait_for_event(
        &browser,
        "Adapter_Ready",
        ReceivedMessage::is_from_chat_adapter,
    )
    .await?;
    let ready = messages
        .iter()
        .filter(|message| message.is_from_chat_adapter())
        .find_map(ReceivedMessage::parsed)
        .ok_or_else(|| anyhow::anyhow!("no parsable chat adapter message"))?;
    assert_eq!(ready["type"], "Adapter_Ready");
    assert_eq!(ready["data"]["adapter"], "chat");
    assert_eq!(ready["seq"], 1);
    assert!(
        messages
            .iter()
            .all(|message| message.origin == stack.gateway_origin)
    );
    // ...and offers to log in.
    browser.enter_frame_named("chat-adapter").await?;
    browser.wait_for_test_id("login-form").await?;
    browser.wait_for_test_id("login-email").await?;
    browser.leave_frame().await?;

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_page_ignores_messages_that_do_not_come_from_the_adapter_origin() -> anyhow::Result<()>
{
    // Arrange: the page is up and listening.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    wait_for_event(
        &browser,
        "Adapter_Ready",
        ReceivedMessage::is_from_call_adapter,
    )
    .await?;

    // Act: the page's own origin (not the adapters') posts a convincing fake event.
    let forged = json!({"type": "New_Call", "data": {"call_id": 424242}, "seq": 2, "v": 1});
    browser
        .client()
        .execute(
            "window.postMessage(arguments[0], window.location.origin);",
            vec![json!(forged.to_string())],
        )
        .await?;

    // Assert
    let rejected = eventually(
        "the rejected counter to count the forged message",
        || async {
            let text = browser.text_of_test_id("event-rejected-count").await?;
            Ok((text == "1").then_some(text))
        },
    )
    .await;
    assert!(rejected.is_ok(), "{rejected:?}");
    let messages = received_messages(&browser).await?;
    assert!(
        messages
            .iter()
            .all(|message| !message.data.to_string().contains("424242")),
        "the forged message was recorded: {messages:#?}"
    );
    let counts = browser
        .client()
        .execute(
            "return [document.querySelector('[data-testid=\"event-count\"]').textContent, \
             String(window.__adapterEvents.length)];",
            vec![],
        )
        .await?;
    assert_eq!(
        counts[0], counts[1],
        "the visible count matches what was accepted"
    );

    browser.close().await
}
