//! The agent's side of chats: accept, reply, files, transfer, close, dismiss, and that no agent
//! reaches another agent's chat.

use protocol::aimylogic::WebhookEvent;
use protocol::chat::{ChatState, ChatWithdrawReason, DeliveryState, MessageDirection};
use protocol::stream::StreamEvent;
use serde_json::json;

use crate::chat_support::{SALES, SUPPORT, eventually, spawn_chat_app};

#[tokio::test]
async fn a_chat_makes_the_full_round_trip_between_bot_and_agent() {
    // Arrange: the bot set its webhook, Kim is logged in and listening.
    let chat = spawn_chat_app().await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let mut stream = chat.app.stream(&kim.token, None).await;

    // The bot hands the client over; Kim is offered the chat and accepts it.
    let chat_id = chat.hand_off("u-1", SALES).await;
    loop {
        if let StreamEvent::ChatOffered { chat } = stream.next().await.event {
            assert_eq!(chat.id, chat_id);
            break;
        }
    }
    let accepted = chat.accept(chat_id, &kim.token).await;
    assert_eq!(accepted.state, ChatState::Active);
    assert!(matches!(
        stream.next().await.event,
        StreamEvent::ChatAccepted { .. }
    ));

    // The client writes; it reaches Kim's stream.
    chat.bot
        .send_text("u-1", "Can you help me with my order?")
        .await
        .expect("reply");
    let StreamEvent::ChatMessage { message, .. } = stream.next().await.event else {
        panic!("expected the client's message")
    };
    assert_eq!(message.direction, MessageDirection::Inbound);
    assert_eq!(message.text, "Can you help me with my order?");

    // Kim answers; the bot receives a TextMessage with the employee object.
    let line = chat
        .reply(chat_id, &kim.token, "Of course, one moment")
        .await;
    assert_eq!(line.delivery, Some(DeliveryState::Pending));
    let received = chat.bot_receives(1).await;
    let WebhookEvent::TextMessage(text) = &received[0].event else {
        panic!("expected TextMessage, got {:?}", received[0].event)
    };
    assert_eq!(text.id, line.id.to_string());
    assert_eq!(text.user_id, "u-1");
    assert_eq!(text.text, "Of course, one moment");
    assert_eq!(
        received[0].raw["employee"],
        json!({"employeeId": "1", "firstName": "Kim", "lastName": "Lee", "avatarUrl": ""})
    );
    assert_eq!(received[0].api_key, "demo-api-key");
    let delivered = loop {
        if let StreamEvent::MessageDelivery {
            message_id,
            delivery,
            ..
        } = stream.next().await.event
        {
            break (message_id, delivery);
        }
    };
    assert_eq!(delivered, (line.id, DeliveryState::Delivered));

    // Kim closes; the bot receives Closed, Kim's stream ChatEnded.
    let response = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/close"), &kim.token)
        .await;
    assert_eq!(response.status(), 200);
    let received = chat.bot_receives(2).await;
    let WebhookEvent::Closed(closed) = &received[1].event else {
        panic!("expected Closed, got {:?}", received[1].event)
    };
    assert_eq!(
        (closed.user_id.as_str(), closed.employee.first_name.as_str()),
        ("u-1", "Kim")
    );
    let ended = loop {
        if let StreamEvent::ChatEnded { chat } = stream.next().await.event {
            break chat;
        }
    };
    assert_eq!(ended.state, ChatState::Closed);

    // Kim dismisses the closed tab; the chat leaves her snapshot.
    let response = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/dismiss"), &kim.token)
        .await;
    assert_eq!(response.status(), 204);
    assert!(chat.app.snapshot(&kim.token).await.chats.is_empty());
}

#[tokio::test]
async fn an_agent_file_reaches_the_bot_as_a_download_link_the_client_can_fetch() {
    let chat = spawn_chat_app().await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    let content = b"%PDF-1.4 invoice".to_vec();

    let response = chat
        .app
        .client
        .post(chat.app.url(&format!(
            "/api/v1/chats/{chat_id}/files?name=invoice%20A-17.pdf&comment=Your%20invoice"
        )))
        .bearer_auth(&kim.token)
        .body(content.clone())
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 201);
    let received = chat.bot_receives(1).await;
    let WebhookEvent::FileMessage(file) = &received[0].event else {
        panic!("expected FileMessage, got {:?}", received[0].event)
    };
    assert_eq!(
        (file.name.as_str(), file.size),
        ("invoice A-17.pdf", content.len() as u64)
    );
    assert_eq!(file.comment, "Your invoice");
    assert!(
        received[0].raw["size"].is_u64(),
        "size is sent as an integer"
    );
    let download = chat
        .app
        .client
        .get(&file.url)
        .send()
        .await
        .expect("download");
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap_or("")
            .starts_with("attachment"),
    );
    assert_eq!(download.bytes().await.expect("bytes").to_vec(), content);
}

#[tokio::test]
async fn a_file_download_with_an_unknown_token_is_not_found() {
    let chat = spawn_chat_app().await;

    let response = chat
        .app
        .client
        .get(chat.app.url(&format!("/files/{}", "ab".repeat(32))))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_transferred_chat_goes_to_the_new_destination_and_the_bot_hears_select_destination() {
    let chat = spawn_chat_app().await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;

    let response = chat
        .agent_post(
            &format!("/api/v1/chats/{chat_id}/transfer"),
            &kim.token,
            &json!({"queue_id": SUPPORT}),
        )
        .await;

    assert_eq!(response.status(), 200);
    assert!(chat.app.snapshot(&kim.token).await.chats.is_empty());
    // Regression: Kim serves support too, so once a ring timeout had passed (the offers are
    // aged here) the chat she had transferred away was offered back to her at the next
    // dispatch, which a new handoff triggers.
    chat.app
        .execute("UPDATE chat_offers SET offered_at = 1, closed_at = 2")
        .await;
    let other = chat.hand_off("u-2", SALES).await;
    let kim_chats: Vec<u64> = chat
        .app
        .snapshot(&kim.token)
        .await
        .chats
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(kim_chats, [other]);
    let ariel = chat.app.login("ariel@example.com").await;
    let received = chat.bot_receives(1).await;
    let WebhookEvent::SelectDestination(select) = &received[0].event else {
        panic!("expected SelectDestination, got {:?}", received[0].event)
    };
    assert_eq!(select.destination.destination_id, SUPPORT.to_string());
    assert_eq!(select.destination.name, "Support / EN");
    assert!(select.destination.has_online);
    assert_eq!(
        select.employee.as_ref().map(|e| e.employee_id.as_str()),
        Some("1")
    );
    let offered = eventually("the chat offered to Ariel", || async {
        chat.app
            .snapshot(&ariel.token)
            .await
            .chats
            .into_iter()
            .next()
    })
    .await;
    assert_eq!((offered.id, offered.state), (chat_id, ChatState::Offered));
    assert_eq!(offered.queue.id, SUPPORT);
    let late = chat
        .agent_post(
            &format!("/api/v1/chats/{chat_id}/messages"),
            &kim.token,
            &json!({"text": "x"}),
        )
        .await;
    assert!(
        matches!(late.status().as_u16(), 404 | 409),
        "{}",
        late.status()
    );
}

#[tokio::test]
async fn a_declined_chat_is_offered_to_the_next_agent() {
    let chat = spawn_chat_app().await;
    let ariel = chat.app.login("ariel@example.com").await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SUPPORT).await;
    let (first, second) = if chat.app.snapshot(&ariel.token).await.chats.is_empty() {
        (kim, ariel)
    } else {
        (ariel, kim)
    };
    let mut first_stream = chat.app.stream(&first.token, None).await;

    let response = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/decline"), &first.token)
        .await;

    assert_eq!(response.status(), 204);
    let withdrawn = loop {
        if let StreamEvent::ChatWithdrawn { reason, .. } = first_stream.next().await.event {
            break reason;
        }
    };
    assert_eq!(withdrawn, ChatWithdrawReason::Declined);
    assert_eq!(chat.app.snapshot(&second.token).await.chats[0].id, chat_id);
    assert!(chat.app.snapshot(&first.token).await.chats.is_empty());
}

#[tokio::test]
async fn another_agent_can_neither_read_nor_act_on_a_chat() {
    let chat = spawn_chat_app().await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let ariel = chat.app.login("ariel@example.com").await;
    // Only Kim serves sales-fr.
    let chat_id = chat.hand_off("u-1", SALES).await;

    for accepted in [false, true] {
        if accepted {
            chat.accept(chat_id, &kim.token).await;
        }
        let base = format!("/api/v1/chats/{chat_id}");
        let read = chat.agent_get(&base, &ariel.token).await;
        assert_eq!(read.status(), 404, "read (accepted: {accepted})");
        for action in ["accept", "decline", "close", "dismiss"] {
            let response = chat
                .app
                .post(&format!("{base}/{action}"), &ariel.token)
                .await;
            assert_eq!(response.status(), 404, "{action} (accepted: {accepted})");
        }
        let text = chat
            .agent_post(
                &format!("{base}/messages"),
                &ariel.token,
                &json!({"text": "hi"}),
            )
            .await;
        assert_eq!(text.status(), 404, "messages (accepted: {accepted})");
        let transfer = chat
            .agent_post(
                &format!("{base}/transfer"),
                &ariel.token,
                &json!({"queue_id": SUPPORT}),
            )
            .await;
        assert_eq!(transfer.status(), 404, "transfer (accepted: {accepted})");
        let file = chat
            .app
            .client
            .post(chat.app.url(&format!("{base}/files?name=a.txt")))
            .bearer_auth(&ariel.token)
            .body("x")
            .send()
            .await
            .expect("request");
        assert_eq!(file.status(), 404, "files (accepted: {accepted})");
        let listed = chat.agent_get("/api/v1/chats", &ariel.token).await;
        assert_eq!(listed.text().await.expect("body"), "[]");
        assert!(chat.app.snapshot(&ariel.token).await.chats.is_empty());
    }
    assert_eq!(chat.app.count("chat_messages").await, 0);
    assert_eq!(chat.app.count("outbox").await, 0);
    let state: String = {
        let kim_view = chat
            .agent_get(&format!("/api/v1/chats/{chat_id}"), &kim.token)
            .await;
        kim_view.json::<serde_json::Value>().await.expect("chat")["state"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(state, "active");
}

#[tokio::test]
async fn replying_to_a_chat_that_is_only_offered_is_a_conflict() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;

    let response = chat
        .agent_post(
            &format!("/api/v1/chats/{chat_id}/messages"),
            &kim.token,
            &json!({"text": "hi"}),
        )
        .await;

    assert_eq!(response.status(), 409);
    assert_eq!(chat.app.count("outbox").await, 0);
}

#[tokio::test]
async fn an_empty_reply_is_rejected() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;

    let response = chat
        .agent_post(
            &format!("/api/v1/chats/{chat_id}/messages"),
            &kim.token,
            &json!({"text": "  "}),
        )
        .await;

    assert_eq!(response.status(), 400);
    assert_eq!(chat.app.count("outbox").await, 0);
}

#[tokio::test]
async fn dismissing_a_chat_in_progress_is_a_conflict() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;

    let response = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/dismiss"), &kim.token)
        .await;

    assert_eq!(response.status(), 409);
    assert_eq!(chat.app.snapshot(&kim.token).await.chats.len(), 1);
}

#[tokio::test]
async fn the_chats_of_an_agent_who_logs_out_go_to_another_agent_with_their_transcript() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SUPPORT).await;
    chat.accept(chat_id, &kim.token).await;
    chat.bot
        .send_text("u-1", "are you there?")
        .await
        .expect("reply");
    let ariel = chat.app.login("ariel@example.com").await;

    let response = chat.app.post("/api/v1/auth/logout", &kim.token).await;
    assert_eq!(response.status(), 204);

    let offered = eventually("the chat offered to Ariel", || async {
        chat.app
            .snapshot(&ariel.token)
            .await
            .chats
            .into_iter()
            .next()
    })
    .await;
    assert_eq!((offered.id, offered.state), (chat_id, ChatState::Offered));
    let texts: Vec<&str> = offered.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "are you there?",
            "Kim Lee went offline; the chat waits for another agent"
        ]
    );
}

#[tokio::test]
async fn an_offer_not_accepted_within_the_ring_timeout_moves_to_the_next_agent() {
    let chat = spawn_chat_app().await;
    let ariel = chat.app.login("ariel@example.com").await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SUPPORT).await;
    let (first, second) = if chat.app.snapshot(&ariel.token).await.chats.is_empty() {
        (kim, ariel)
    } else {
        (ariel, kim)
    };
    let mut first_stream = chat.app.stream(&first.token, None).await;

    let reason = loop {
        if let StreamEvent::ChatWithdrawn { reason, .. } = first_stream.next().await.event {
            break reason;
        }
    };

    assert_eq!(reason, ChatWithdrawReason::OfferTimeout);
    let moved = eventually("the offer at the second agent", || async {
        chat.app
            .snapshot(&second.token)
            .await
            .chats
            .into_iter()
            .next()
    })
    .await;
    assert_eq!(moved.id, chat_id);
}

#[tokio::test]
async fn an_agent_at_capacity_is_offered_no_new_chat_until_one_closes() {
    let chat = crate::chat_support::spawn_chat_app_with(|settings| {
        if let Some(aimylogic) = settings.aimylogic.as_mut() {
            aimylogic.chat_capacity = 1;
        }
    })
    .await;
    let kim = chat.app.login("kim@example.com").await;
    let first = chat.hand_off("u-1", SALES).await;
    chat.accept(first, &kim.token).await;

    let second = chat.hand_off("u-2", SALES).await;

    let ids: Vec<u64> = chat
        .app
        .snapshot(&kim.token)
        .await
        .chats
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, [first]);
    let response = chat
        .app
        .post(&format!("/api/v1/chats/{first}/close"), &kim.token)
        .await;
    assert_eq!(response.status(), 200);
    let ids: Vec<u64> = chat
        .app
        .snapshot(&kim.token)
        .await
        .chats
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, [first, second]);
}

#[tokio::test]
async fn a_chat_the_client_leaves_while_it_is_offered_can_be_dismissed_by_that_agent() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;

    chat.bot.close_chat("u-1", "bye").await.expect("reply");

    let snapshot = chat.app.snapshot(&kim.token).await;
    assert_eq!(snapshot.chats[0].state, ChatState::Closed);
    let accept = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/accept"), &kim.token)
        .await;
    assert_eq!(accept.status(), 409);
    let dismiss = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/dismiss"), &kim.token)
        .await;
    assert_eq!(dismiss.status(), 204);
    assert!(chat.app.snapshot(&kim.token).await.chats.is_empty());
}

#[tokio::test]
async fn chats_go_to_the_agent_with_fewest_chats_then_the_one_offered_a_chat_longest_ago() {
    let chat = spawn_chat_app().await;
    // Both serve support; Ariel logged in first, so she has been idle longer.
    let ariel = chat.app.login("ariel@example.com").await;
    let kim = chat.app.login("kim@example.com").await;
    let holder = |token: String| {
        let app = &chat.app;
        async move {
            app.snapshot(&token)
                .await
                .chats
                .iter()
                .map(|c| c.id)
                .collect::<Vec<u64>>()
        }
    };

    let first = chat.hand_off("u-1", SUPPORT).await;
    assert_eq!(holder(ariel.token.clone()).await, [first]);
    chat.accept(first, &ariel.token).await;
    let second = chat.hand_off("u-2", SUPPORT).await;
    assert_eq!(holder(kim.token.clone()).await, [second]);
    chat.accept(second, &kim.token).await;
    let third = chat.hand_off("u-3", SUPPORT).await;

    // One chat each: Ariel was offered hers before Kim was offered his.
    assert_eq!(holder(ariel.token.clone()).await, [first, third]);
    assert_eq!(holder(kim.token.clone()).await, [second]);
}
