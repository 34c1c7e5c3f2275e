//! A chat from the Aimylogic bot's handoff to the agent and back, seen from the demo host page
//! and from the bot's webhook.

use anyhow::Context;
use e2e::browser::test_id_selector;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, log_in, use_chat_control};
use e2e::host_page::{ReceivedMessage, adapter_events, received_messages, wait_for_event};
use e2e::{Browser, Stack, eventually, screenshot_path};
use serde_json::Value;

const CHAT_FRAME: &str = "chat-adapter";
const CHAT_FRAME_CSS: &str = "iframe[name=\"chat-adapter\"]";
/// What the demo page's customer writes by default.
const CUSTOMER_TEXT: &str = "Hello, where is my order #A-1042?";
const AGENT_REPLY: &str = "Bonjour Léa, it left our warehouse this morning.";
/// WebDriver's Enter key.
const ENTER: &str = "\u{e007}";

fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == kind).collect()
}

/// Waits until the bot's webhook received an event of `kind`, and returns it.
async fn bot_received(stack: &Stack, kind: &str) -> anyhow::Result<Value> {
    eventually(&format!("the bot to receive {kind}"), || async {
        let events = stack.aimylogic_events().await?;
        Ok(events.into_iter().find(|event| event["type"] == kind))
    })
    .await
}

/// Saves a picture of the chat adapter iframe as `file_name`, with the host page scrolled to
/// the top (clicks inside the frame may have scrolled it, and the picture would be cut).
async fn screenshot_chat_frame(browser: &Browser, file_name: &str) -> anyhow::Result<()> {
    browser
        .client()
        .execute("window.scrollTo(0, 0);", vec![])
        .await?;
    browser
        .save_element_screenshot(CHAT_FRAME_CSS, &screenshot_path(file_name)?)
        .await
}

/// Kim signs in to the chat adapter of the demo page, the bot hands a customer over, and Kim
/// accepts the chat. Ends in the top-level page.
async fn accepted_chat(browser: &Browser, stack: &Stack) -> anyhow::Result<()> {
    browser.goto(&stack.demo_page_url()).await?;
    log_in(browser, CHAT_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_chat_control(browser, "chat-start").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.wait_for_test_id("chat-offer").await?;
    browser.leave_frame().await?;
    screenshot_chat_frame(browser, "chat-offer.png").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-accept").await?;
    browser.wait_for_test_id("chat-session").await?;
    browser.leave_frame().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_handoff_accepted_answered_and_closed_posts_the_chat_events_and_reaches_the_bot()
-> anyhow::Result<()> {
    // Arrange: the bot hands a customer over to Sales / FR and Kim accepts.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    accepted_chat(&browser, &stack).await?;
    let messages =
        wait_for_event(&browser, "New_Chat", ReceivedMessage::is_from_chat_adapter).await?;
    let new_chat = of_type(
        &adapter_events(
            &messages,
            &stack.gateway_origin,
            ReceivedMessage::is_from_chat_adapter,
        )?,
        "New_Chat",
    )
    .first()
    .map(|event| event["data"].clone())
    .context("no New_Chat")?;
    assert_eq!(new_chat["agent_email"], AGENT_EMAIL);
    assert_eq!(new_chat["queue_path"], "Sales / FR");
    assert_eq!(new_chat["session_type"], "Messaging Inbound (Web Chat)");
    let chat_id = new_chat["chat_id"].as_u64().context("no chat_id")?;

    // Act 1: the customer writes.
    use_chat_control(&browser, "chat-customer-write").await?;
    wait_for_event(&browser, "Chat_Inbound_Message", |m| {
        m.is_from_chat_adapter()
            && m.parsed()
                .is_some_and(|e| e["data"]["message"] == CUSTOMER_TEXT)
    })
    .await?;

    // Act 2: Kim replies with Enter.
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .type_into_test_id("chat-composer-input", &format!("{AGENT_REPLY}{ENTER}"))
        .await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"delivered\"]",
            test_id_selector("chat-line-delivery")
        ))
        .await?;
    let composer = browser.wait_for_test_id("chat-composer-input").await?;
    assert_eq!(
        composer.prop("value").await?.as_deref(),
        Some(""),
        "the sent draft is cleared"
    );
    browser.leave_frame().await?;
    wait_for_event(&browser, "Chat_Outbound_Message", |m| {
        m.is_from_chat_adapter()
            && m.parsed()
                .is_some_and(|e| e["data"]["message"] == AGENT_REPLY)
    })
    .await?;
    let reply = bot_received(&stack, "TextMessage").await?;
    screenshot_chat_frame(&browser, "chat-active.png").await?;

    // Act 3: Kim ends the chat.
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-close").await?;
    browser.wait_for_test_id("chat-closed-note").await?;
    browser.leave_frame().await?;
    wait_for_event(&browser, "End_Chat", ReceivedMessage::is_from_chat_adapter).await?;
    let closed = bot_received(&stack, "Closed").await?;

    // Assert: the bot heard the reply and the close from Kim, with the employee object.
    assert_eq!(reply["text"], AGENT_REPLY);
    for event in [&reply, &closed] {
        let employee = &event["employee"];
        assert_eq!(employee["firstName"], "Kim", "{event}");
        assert_eq!(employee["lastName"], "Lee", "{event}");
        assert!(employee.get("employeeId").is_some(), "{event}");
        assert!(event["userId"].is_string(), "{event}");
    }
    // The host page got each chat event once, in order, all for this chat.
    let events = adapter_events(
        &received_messages(&browser).await?,
        &stack.gateway_origin,
        ReceivedMessage::is_from_chat_adapter,
    )?;
    let chat_events: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"].as_str().is_some_and(|t| t.contains("Chat")))
        .collect();
    let types: Vec<&str> = chat_events
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert_eq!(
        types,
        vec![
            "New_Chat",
            "Agent_Joined_Chat",
            "Chat_Inbound_Message",
            "Chat_Outbound_Message",
            "End_Chat"
        ]
    );
    assert!(chat_events.iter().all(|e| e["data"]["chat_id"] == chat_id));
    let end = &chat_events[4]["data"];
    assert_eq!(end["agent_email"], AGENT_EMAIL);
    assert!(
        end.get("agent_custom_id").is_some(),
        "End_Chat carries it, null or not: {end}"
    );

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reloaded_chat_adapter_keeps_the_chat_and_its_draft_and_posts_nothing_twice()
-> anyhow::Result<()> {
    // Arrange: an accepted chat with one customer message and a reply being written.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    accepted_chat(&browser, &stack).await?;
    use_chat_control(&browser, "chat-customer-write").await?;
    wait_for_event(
        &browser,
        "Chat_Inbound_Message",
        ReceivedMessage::is_from_chat_adapter,
    )
    .await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .type_into_test_id("chat-composer-input", "Let me check the tracking")
        .await?;

    // Act: the iframe reloads (the session survives, the adapter starts again).
    browser
        .client()
        .execute("window.location.reload();", vec![])
        .await?;
    browser.leave_frame().await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"connected\"]",
            test_id_selector("connection-indicator")
        ))
        .await?;
    let composer = browser.wait_for_test_id("chat-composer-input").await?;
    let draft = composer.prop("value").await?;
    let transcript = browser.text_of_test_id("chat-transcript").await?;
    browser.leave_frame().await?;

    // Assert: the draft and the transcript are back; the host page got each chat event once.
    assert_eq!(draft.as_deref(), Some("Let me check the tracking"));
    assert!(transcript.contains(CUSTOMER_TEXT), "{transcript}");
    let events = adapter_events(
        &received_messages(&browser).await?,
        &stack.gateway_origin,
        ReceivedMessage::is_from_chat_adapter,
    )?;
    for kind in ["New_Chat", "Agent_Joined_Chat", "Chat_Inbound_Message"] {
        assert_eq!(of_type(&events, kind).len(), 1, "{kind}: {events:?}");
    }
    browser.close().await
}

/// Waits until the chat adapter's transcript shows `text`; returns the transcript. Starts and
/// ends in the top-level page of the current window.
async fn transcript_showing(browser: &Browser, text: &str) -> anyhow::Result<String> {
    browser.enter_frame_named(CHAT_FRAME).await?;
    let transcript = eventually(&format!("the transcript to show {text:?}"), || async {
        let transcript = browser.text_of_test_id("chat-transcript").await?;
        Ok(transcript.contains(text).then_some(transcript))
    })
    .await;
    browser.leave_frame().await?;
    transcript
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_windows_of_the_same_agent_show_each_message_once_and_send_a_reply_once()
-> anyhow::Result<()> {
    // Arrange: Kim's chat adapter in two top-level windows of one Chromium (the second one
    // restores the session the first signed in to) and a chat accepted in the first.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CHAT_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    let first = browser.client().window().await?;
    let second = browser.client().new_window(false).await?.handle;
    browser.client().switch_to_window(second.clone()).await?;
    browser.goto(&stack.demo_page_url()).await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"connected\"]",
            test_id_selector("connection-indicator")
        ))
        .await
        .context("the second window is signed in and connected")?;
    browser.leave_frame().await?;
    browser.client().switch_to_window(first.clone()).await?;
    use_chat_control(&browser, "chat-start").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-accept").await?;
    browser.wait_for_test_id("chat-session").await?;
    browser.leave_frame().await?;

    // Act: the customer writes; Kim answers from the second window.
    use_chat_control(&browser, "chat-customer-write").await?;
    browser.client().switch_to_window(second.clone()).await?;
    transcript_showing(&browser, CUSTOMER_TEXT).await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .type_into_test_id("chat-composer-input", &format!("{AGENT_REPLY}{ENTER}"))
        .await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"delivered\"]",
            test_id_selector("chat-line-delivery")
        ))
        .await?;
    browser.leave_frame().await?;
    bot_received(&stack, "TextMessage").await?;
    let in_second = transcript_showing(&browser, AGENT_REPLY).await?;
    let second_events = received_messages(&browser).await?;
    browser.client().switch_to_window(first.clone()).await?;
    let in_first = transcript_showing(&browser, AGENT_REPLY).await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"delivered\"]",
            test_id_selector("chat-line-delivery")
        ))
        .await
        .context("the first window shows the reply as delivered too")?;
    browser.leave_frame().await?;
    let first_events = received_messages(&browser).await?;

    // Assert: the bot got the reply once; both windows show the same transcript with each
    // line once. Both windows follow the agent's stream (neither owns it), so each host page
    // got each chat event once, the same ones.
    let replies: Vec<Value> = stack
        .aimylogic_events()
        .await?
        .into_iter()
        .filter(|event| event["type"] == "TextMessage")
        .collect();
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0]["text"], AGENT_REPLY);
    for (window, transcript) in [("first", &in_first), ("second", &in_second)] {
        assert_eq!(
            transcript.matches(CUSTOMER_TEXT).count(),
            1,
            "{window}: {transcript}"
        );
        assert_eq!(
            transcript.matches(AGENT_REPLY).count(),
            1,
            "{window}: {transcript}"
        );
    }
    for (window, messages) in [("first", &first_events), ("second", &second_events)] {
        let events = adapter_events(
            messages,
            &stack.gateway_origin,
            ReceivedMessage::is_from_chat_adapter,
        )?;
        for kind in [
            "New_Chat",
            "Agent_Joined_Chat",
            "Chat_Inbound_Message",
            "Chat_Outbound_Message",
        ] {
            assert_eq!(
                of_type(&events, kind).len(),
                1,
                "{window} window, {kind}: {events:?}"
            );
        }
    }
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_go_both_ways_the_customers_as_a_link_and_the_agents_through_the_gateway()
-> anyhow::Result<()> {
    // Arrange: an accepted chat, and a file on disk for Kim to send.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    accepted_chat(&browser, &stack).await?;
    let folder = tempfile::tempdir()?;
    let path = folder.path().join("delivery-note.txt");
    std::fs::write(&path, "Parcel 4711: left the warehouse.\n")?;

    // Act: the customer sends a file, then Kim sends one with the file picker.
    use_chat_control(&browser, "chat-customer-file").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    let link = browser.wait_for_test_id("chat-file-link").await?;
    let customer_file = (link.text().await?, link.attr("href").await?);
    let input = browser.wait_for_test_id("chat-file-input").await?;
    input
        .send_keys(path.to_str().context("a UTF-8 path")?)
        .await?;
    browser
        .wait_for_css("[data-direction=\"outbound\"] [data-testid=\"chat-file-link\"]")
        .await?;
    // The pre-chat details open, for the picture.
    browser.click_test_id("chat-attributes-toggle").await?;
    browser.leave_frame().await?;
    let sent = bot_received(&stack, "FileMessage").await?;
    screenshot_chat_frame(&browser, "chat-files.png").await?;

    // Assert: the customer's file is a link; the bot got a download link for Kim's file that
    // serves its bytes.
    assert_eq!(customer_file.0, "parcel-photo.svg");
    assert_eq!(
        customer_file.1.as_deref(),
        Some(format!("{}/favicon.svg", stack.sim_origin).as_str())
    );
    assert_eq!(sent["name"], "delivery-note.txt", "{sent}");
    assert_eq!(sent["size"], 33, "{sent}");
    assert_eq!(sent["employee"]["firstName"], "Kim", "{sent}");
    let url = sent["url"].as_str().context("no url")?;
    assert!(
        url.starts_with(&format!("{}/files/", stack.gateway_origin)),
        "{url}"
    );
    let body = reqwest::get(url).await?.error_for_status()?.text().await?;
    assert_eq!(body, "Parcel 4711: left the warehouse.\n");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_transferred_to_another_destination_posts_transfer_chat_and_the_bot_hears_it()
-> anyhow::Result<()> {
    // Arrange: an accepted chat; Ariel (Support / EN) signs in, so that queue has someone.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    accepted_chat(&browser, &stack).await?;
    browser.click_test_id("colleague-toggle").await?;
    browser
        .wait_for_css(&format!(
            "{}[data-state=\"ok\"]",
            test_id_selector("colleague-status")
        ))
        .await?;

    // Act: Kim transfers the chat to Support / EN.
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-transfer").await?;
    browser
        .wait_for_css(
            "[data-testid=\"chat-destination\"][data-queue-id=\"7678\"][data-online=\"true\"]",
        )
        .await?
        .click()
        .await?;
    browser.leave_frame().await?;
    screenshot_chat_frame(&browser, "chat-transfer.png").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-transfer-confirm").await?;
    let notice = browser.text_of_test_id("chat-notice").await?;
    browser.leave_frame().await?;
    let messages = wait_for_event(
        &browser,
        "Transfer_Chat",
        ReceivedMessage::is_from_chat_adapter,
    )
    .await?;
    let heard = bot_received(&stack, "SelectDestination").await?;

    // Assert: the host page and the bot were told where the chat went, and by whom.
    let events = adapter_events(
        &messages,
        &stack.gateway_origin,
        ReceivedMessage::is_from_chat_adapter,
    )?;
    let transfer = &of_type(&events, "Transfer_Chat")[0]["data"];
    assert_eq!(transfer["from_agent_email"], AGENT_EMAIL);
    assert_eq!(transfer["from_queue_path"], "Sales / FR");
    assert_eq!(transfer["to_queue_path"], "Support / EN");
    assert!(transfer["chat_id"].is_u64(), "{transfer}");
    assert_eq!(heard["destination"]["destinationId"], "7678", "{heard}");
    assert_eq!(heard["destination"]["hasOnline"], true, "{heard}");
    assert_eq!(heard["employee"]["firstName"], "Kim", "{heard}");
    assert_eq!(notice, "Chat with Léa Dubois transferred to Support / EN");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_who_leaves_ends_the_chat_and_dismissing_its_tab_posts_dismissed_chat()
-> anyhow::Result<()> {
    // Arrange: an accepted chat.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    accepted_chat(&browser, &stack).await?;

    // Act: the customer leaves; Kim reads the closing line and closes the tab.
    use_chat_control(&browser, "chat-customer-leave").await?;
    wait_for_event(&browser, "End_Chat", ReceivedMessage::is_from_chat_adapter).await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    let note = browser.text_of_test_id("chat-closed-note").await?;
    let transcript = browser.text_of_test_id("chat-transcript").await?;
    browser.leave_frame().await?;
    screenshot_chat_frame(&browser, "chat-closed.png").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-dismiss").await?;
    browser.wait_for_test_id("chat-inbox").await?;
    browser.leave_frame().await?;
    let messages = wait_for_event(
        &browser,
        "Dismissed_Chat",
        ReceivedMessage::is_from_chat_adapter,
    )
    .await?;

    // Assert: the chat ended once, said so, and its tab went with Dismissed_Chat.
    assert_eq!(note, "The customer closed the chat.");
    assert!(
        transcript.contains("The user closed the dialog"),
        "{transcript}"
    );
    let events = adapter_events(
        &messages,
        &stack.gateway_origin,
        ReceivedMessage::is_from_chat_adapter,
    )?;
    assert_eq!(of_type(&events, "End_Chat").len(), 1, "{events:?}");
    let dismissed = &of_type(&events, "Dismissed_Chat")[0]["data"];
    assert_eq!(dismissed["agent_email"], AGENT_EMAIL);
    assert_eq!(
        dismissed["chat_id"],
        of_type(&events, "New_Chat")[0]["data"]["chat_id"]
    );
    assert!(
        stack.aimylogic_events().await?.is_empty(),
        "the bot closed the chat itself: it is not told again"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_between_two_chats_posts_active_chat_for_the_chat_shown() -> anyhow::Result<()> {
    // Arrange: two customers handed over and accepted; the second one, Tom, is shown.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    accepted_chat(&browser, &stack).await?;
    browser
        .type_into_test_id("chat-customer-name", "Tom Moreau")
        .await?;
    use_chat_control(&browser, "chat-start").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-accept").await?;
    eventually("Tom's chat to be shown", || async {
        let name = browser.text_of_test_id("chat-name").await?;
        Ok((name == "Tom Moreau").then_some(()))
    })
    .await?;

    // Act: Kim switches to Léa's tab.
    let lea_tab = browser
        .wait_for_css("[data-testid=\"chat-tab\"][aria-selected=\"false\"]")
        .await?;
    let lea_id = lea_tab.attr("data-chat-id").await?.context("no chat id")?;
    lea_tab.click().await?;
    browser
        .wait_for_css(&format!(
            "[data-testid=\"chat-session\"][data-chat-id=\"{lea_id}\"]"
        ))
        .await?;
    browser.leave_frame().await?;
    let messages = wait_for_event(
        &browser,
        "Active_Chat",
        ReceivedMessage::is_from_chat_adapter,
    )
    .await?;
    // Tom (the page's latest customer) writes in the chat no longer shown: his tab counts it.
    use_chat_control(&browser, "chat-customer-write").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    let unread = browser.text_of_test_id("chat-tab-unread").await?;
    browser.leave_frame().await?;
    screenshot_chat_frame(&browser, "chat-tabs.png").await?;

    // Assert: one Active_Chat, for Léa's chat; two New_Chat, one per chat.
    let events = adapter_events(
        &messages,
        &stack.gateway_origin,
        ReceivedMessage::is_from_chat_adapter,
    )?;
    let active = of_type(&events, "Active_Chat");
    assert_eq!(active.len(), 1, "{events:?}");
    assert_eq!(active[0]["data"]["chat_id"].to_string(), lea_id);
    assert_eq!(of_type(&events, "New_Chat").len(), 2, "{events:?}");
    assert_eq!(unread, "1");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suggestion_is_inserted_edited_and_sent_and_assist_starts_once() -> anyhow::Result<()> {
    // Arrange: an accepted chat in Sales / FR, whose queue has assist.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    accepted_chat(&browser, &stack).await?;

    // Act 1: the customer writes; the suggestion appears under the transcript.
    use_chat_control(&browser, "chat-customer-write").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.wait_for_test_id("assist-card").await?;
    let suggested = browser.text_of_test_id("assist-text").await?;
    assert!(
        suggested.contains("numéro de commande"),
        "the suggestion answers the question, in the queue's French: {suggested}"
    );
    browser.leave_frame().await?;
    screenshot_chat_frame(&browser, "chat-assist.png").await?;

    // Act 2: Kim inserts it, adds a sentence in the composer, and sends it.
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("assist-insert").await?;
    browser
        .wait_until_gone(&test_id_selector("assist-card"))
        .await?;
    let composer = browser.wait_for_test_id("chat-composer-input").await?;
    assert_eq!(
        composer.prop("value").await?.as_deref(),
        Some(suggested.as_str()),
        "inserted, not sent"
    );
    let added = " It is #A-1042, isn't it?";
    browser
        .append_to_test_id("chat-composer-input", &format!("{added}{ENTER}"))
        .await?;
    browser.leave_frame().await?;
    let edited = format!("{suggested}{added}");
    let messages = wait_for_event(&browser, "Chat_Outbound_Message", |m| {
        m.is_from_chat_adapter()
    })
    .await?;
    let sent = of_type(
        &adapter_events(
            &messages,
            &stack.gateway_origin,
            ReceivedMessage::is_from_chat_adapter,
        )?,
        "Chat_Outbound_Message",
    )
    .first()
    .map(|event| event["data"]["message"].clone())
    .context("no Chat_Outbound_Message")?;
    assert_eq!(
        sent,
        edited.as_str(),
        "the edited suggestion is what was sent"
    );

    // Act 3: the customer writes again: a second suggestion, but no second start.
    browser
        .type_into_test_id("chat-customer-text", "And what about a refund?")
        .await?;
    use_chat_control(&browser, "chat-customer-write").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.wait_for_test_id("assist-card").await?;
    browser.leave_frame().await?;

    // Act 4: Kim captures the customer as a lead, from the details the chat already has.
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("tool-lead").await?;
    let email = browser.wait_for_test_id("tool-field-email").await?;
    assert_eq!(
        email.prop("value").await?.as_deref(),
        Some("lea.dubois@example.com")
    );
    browser
        .type_into_test_id("tool-field-message", "Asked about order A-1042")
        .await?;
    browser.leave_frame().await?;
    screenshot_chat_frame(&browser, "chat-lead-form.png").await?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("lead-submit").await?;
    let done = browser.wait_for_test_id("lead-done").await?.text().await?;
    assert!(done.starts_with("Lead captured (reference lead_"), "{done}");
    browser.click_test_id("lead-cancel").await?;
    browser.leave_frame().await?;

    // Assert: Agent_Assist_Started once, with the CCAI fields; the bot got the edited text.
    let events = adapter_events(
        &received_messages(&browser).await?,
        &stack.gateway_origin,
        ReceivedMessage::is_from_chat_adapter,
    )?;
    let started = of_type(&events, "Agent_Assist_Started");
    assert_eq!(started.len(), 1, "{started:?}");
    let data = &started[0]["data"];
    let chat_id = of_type(&events, "New_Chat")[0]["data"]["chat_id"].clone();
    assert_eq!(data["session_id"], chat_id.to_string());
    assert_eq!(data["queue_id"], "8469");
    assert_eq!(data["queue_language_id"], "fr");
    assert_eq!(data["agent_id"], "1");
    assert!(
        data["conversation_id"]
            .as_str()
            .is_some_and(|c| !c.is_empty())
    );
    assert!(
        data["timestamp"]
            .as_str()
            .is_some_and(|t| t.len() == 8 && t.as_bytes()[2] == b':'),
        "HH:MM:SS: {data}"
    );
    let reply = bot_received(&stack, "TextMessage").await?;
    assert_eq!(reply["text"], edited);

    browser.close().await
}

/// The customer of the chat handed over for `user_id` writes `text` (through the simulated
/// bot, which calls the gateway's Operator API).
async fn customer_writes(stack: &Stack, user_id: &str, text: &str) -> anyhow::Result<()> {
    reqwest::Client::new()
        .post(format!(
            "{}/aimylogic/chats/{user_id}/text",
            stack.sim_origin
        ))
        .json(&serde_json::json!({ "text": text }))
        .send()
        .await?
        .error_for_status()
        .context("the simulated bot could not send the customer's text")?;
    Ok(())
}

/// The number `script` returns in the frame the browser is in.
async fn number(browser: &Browser, script: &str) -> anyhow::Result<f64> {
    let value = browser.client().execute(script, vec![]).await?;
    value.as_f64().context("the script did not return a number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_chat_scrolled_back_stays_in_place_while_new_messages_are_counted()
-> anyhow::Result<()> {
    // Arrange: a chat of 150 customer lines, accepted by Kim.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CHAT_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    let user = "long-chat-customer";
    reqwest::Client::new()
        .post(format!("{}/aimylogic/chats", stack.sim_origin))
        .json(&serde_json::json!({ "userId": user, "userName": "Léa Martin" }))
        .send()
        .await?
        .error_for_status()?;
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-accept").await?;
    browser.wait_for_test_id("chat-session").await?;
    browser.leave_frame().await?;
    for n in 1..=150 {
        customer_writes(&stack, user, &format!("Line {n} of my long question")).await?;
    }
    transcript_showing(&browser, "Line 150 of").await?;

    // Act: Kim scrolls back to read, and the customer writes again.
    browser.enter_frame_named(CHAT_FRAME).await?;
    let lines = "return document.querySelectorAll('[data-testid=\"chat-line\"]').length;";
    let scroll_top =
        "return document.querySelector('[data-testid=\"chat-transcript\"]').scrollTop;";
    assert_eq!(
        number(&browser, lines).await?,
        100.0,
        "only a window of the chat is in the DOM"
    );
    browser
        .client()
        .execute(
            "const list = document.querySelector('[data-testid=\"chat-transcript\"]');
             list.scrollTop = list.scrollHeight / 2;",
            vec![],
        )
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before = number(&browser, scroll_top).await?;
    browser.leave_frame().await?;
    customer_writes(&stack, user, "Are you still there?").await?;

    // Assert: the new line is counted, not shown, and the lines read stay put.
    browser.enter_frame_named(CHAT_FRAME).await?;
    let newest = browser.wait_for_test_id("chat-show-newest").await?;
    assert_eq!(newest.text().await?, "Show 1 newer message");
    let transcript = browser.text_of_test_id("chat-transcript").await?;
    assert!(!transcript.contains("Are you still there?"));
    assert_eq!(number(&browser, scroll_top).await?, before);
    browser.leave_frame().await?;
    screenshot_chat_frame(&browser, "chat-long-held.png").await?;

    // And "show the newest" brings it in.
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.click_test_id("chat-show-newest").await?;
    browser.leave_frame().await?;
    transcript_showing(&browser, "Are you still there?").await?;
    browser.close().await
}
