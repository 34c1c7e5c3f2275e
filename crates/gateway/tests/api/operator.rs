//! The Operator API as Aimylogic calls it: authentication, validation, handoff to an agent,
//! client messages, repeated deliveries.

use protocol::aimylogic::SendFileRequest;
use protocol::chat::{ChatState, ClosedBy, MessageDirection};
use protocol::stream::StreamEvent;
use serde_json::{Value, json};

use crate::chat_support::{CHANNEL_KEY, SALES, SUPPORT, eventually, handoff, spawn_chat_app};

#[tokio::test]
async fn set_webhook_is_stored_for_the_channel() {
    let chat = spawn_chat_app().await;

    chat.set_webhook().await;

    assert_eq!(chat.app.count("operator_channels").await, 1);
}

#[tokio::test]
async fn a_wrong_channel_secret_is_refused_with_401_and_nothing_is_stored() {
    let chat = spawn_chat_app().await;
    for key in [
        "demo-bot.wrong-secret",
        "demo-bot",
        "other-bot.demo-aimylogic-secret",
    ] {
        let response = chat
            .app
            .client
            .post(chat.app.url(&format!("/operator/{key}/selectDestination")))
            .json(&handoff("u-1", SUPPORT))
            .send()
            .await
            .expect("request");

        assert_eq!(response.status(), 401, "{key}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"], "unauthorized");
    }
    let response = chat
        .app
        .client
        .get(chat.app.url("/operator/demo-bot.nope/getDestinations"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
    assert_eq!(chat.app.count("chats").await, 0);
}

#[tokio::test]
async fn a_handed_off_chat_is_offered_to_an_available_agent_of_its_destination() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let mut stream = chat.app.stream(&kim.token, None).await;

    let chat_id = chat.hand_off("u-1", SALES).await;

    let offered = loop {
        if let StreamEvent::ChatOffered { chat } = stream.next().await.event {
            break chat;
        }
    };
    assert_eq!(offered.id, chat_id);
    assert_eq!(offered.state, ChatState::Offered);
    assert_eq!(offered.user_name, "Alex Morgan");
    assert_eq!(offered.queue.id, SALES);
    assert_eq!(
        offered.attributes.get("plan").map(String::as_str),
        Some("gold")
    );
    assert_eq!(offered.custom_data, Some(json!({"order": "A-17"})));
    assert_eq!(chat.app.snapshot(&kim.token).await.chats[0].id, chat_id);
}

#[tokio::test]
async fn hidden_attributes_are_stored_but_never_reach_the_agent() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;

    chat.hand_off("u-1", SALES).await;

    let snapshot = chat
        .agent_get("/api/v1/me", &kim.token)
        .await
        .text()
        .await
        .expect("body");
    assert!(snapshot.contains("gold"), "{snapshot}");
    assert!(!snapshot.contains("hidden-s3cr3t"), "{snapshot}");
    assert!(!snapshot.contains("crm_token"), "{snapshot}");
    let replay = chat.app.stream(&kim.token, Some(0)).await.next().await;
    assert!(
        !serde_json::to_string(&replay)
            .expect("json")
            .contains("hidden-s3cr3t")
    );
}

#[tokio::test]
async fn without_a_user_name_the_agent_sees_the_channel_and_user_id() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let mut request = handoff("u-42", SALES);
    request.user_name = None;

    let reply = chat.bot.select_destination(&request).await.expect("reply");

    assert_eq!(reply.status, 200);
    assert_eq!(
        chat.app.snapshot(&kim.token).await.chats[0].user_name,
        "demo-bot u-42"
    );
}

#[tokio::test]
async fn get_destinations_reports_has_online_from_agent_presence() {
    let chat = spawn_chat_app().await;

    let (_, before) = chat.bot.get_destinations().await.expect("reply");
    let before = before.expect("the documented body");
    assert!(before.destinations.iter().all(|d| !d.has_online));
    assert_eq!(before.destinations.len(), 2);

    // Ariel serves only `support`.
    chat.app.login("ariel@example.com").await;
    let (_, after) = chat.bot.get_destinations().await.expect("reply");
    let online: Vec<(String, bool)> = after
        .expect("the documented body")
        .destinations
        .into_iter()
        .map(|d| (d.destination_id, d.has_online))
        .collect();
    assert_eq!(
        online,
        [(SALES.to_string(), false), (SUPPORT.to_string(), true)]
    );
}

#[tokio::test]
async fn select_destination_for_an_unknown_destination_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat
        .bot
        .select_destination(&handoff("u-1", 999))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("destinationId")
    );
    assert_eq!(chat.app.count("chats").await, 0);
}

#[tokio::test]
async fn select_destination_without_a_user_id_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat
        .bot
        .post_raw(
            "selectDestination",
            &json!({"destinationId": SALES.to_string()}),
        )
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("userId"),
        "{:?}",
        reply.body
    );
    assert_eq!(chat.app.count("chats").await, 0);
}

#[tokio::test]
async fn select_destination_with_attributes_of_the_wrong_type_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat
        .bot
        .post_raw(
            "selectDestination",
            &json!({"userId": "u-1", "destinationId": SALES.to_string(), "attributes": [1]}),
        )
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chats").await, 0);
}

#[tokio::test]
async fn send_text_for_an_unknown_user_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat.bot.send_text("nobody", "hello").await.expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(reply.body["error"], "invalid_body");
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("unknown userId")
    );
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn send_text_without_text_is_rejected() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let reply = chat
        .bot
        .post_raw("sendText", &json!({"userId": "u-1"}))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("text"),
        "{:?}",
        reply.body
    );
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn send_text_with_a_number_as_text_is_rejected() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let reply = chat
        .bot
        .post_raw("sendText", &json!({"userId": "u-1", "text": 42}))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_rejected() {
    let chat = spawn_chat_app().await;

    let response = chat
        .app
        .client
        .post(chat.app.url(&format!("/operator/{CHANNEL_KEY}/setWebhook")))
        .body("url=http://bot.example.com")
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 400);
    assert_eq!(chat.app.count("operator_channels").await, 0);
}

#[tokio::test]
async fn set_webhook_with_a_url_that_is_not_http_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat
        .bot
        .set_webhook("javascript:alert(1)")
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("operator_channels").await, 0);
}

#[tokio::test]
async fn send_file_with_a_size_that_is_not_an_integer_is_rejected() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let reply = chat
        .bot
        .post_raw(
            "sendFile",
            &json!({"userId": "u-1", "url": "https://files.example.com/a.pdf", "size": "big"}),
        )
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn send_file_with_a_javascript_url_is_rejected() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let reply = chat
        .bot
        .send_file(&SendFileRequest {
            user_id: "u-1".into(),
            url: "javascript:alert(1)".into(),
            file_name: None,
            size: None,
        })
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn client_text_and_files_reach_the_agent_stream_in_order() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    let mut stream = chat.app.stream(&kim.token, None).await;

    chat.bot
        .send_text("u-1", "<b>Where is my order?</b>")
        .await
        .expect("reply");
    chat.bot
        .send_file(&SendFileRequest {
            user_id: "u-1".into(),
            url: "https://files.example.com/receipt.pdf".into(),
            file_name: Some("receipt.pdf".into()),
            size: Some(2048),
        })
        .await
        .expect("reply");

    let mut lines = Vec::new();
    while lines.len() < 2 {
        if let StreamEvent::ChatMessage {
            chat_id: id,
            message,
        } = stream.next().await.event
        {
            assert_eq!(id, chat_id);
            lines.push(message);
        }
    }
    assert_eq!(lines[0].direction, MessageDirection::Inbound);
    assert_eq!(lines[0].text, "<b>Where is my order?</b>");
    let file = lines[1].file.clone().expect("a file");
    assert_eq!(
        (file.name.as_deref(), file.size),
        (Some("receipt.pdf"), Some(2048))
    );
}

// Aimylogic retries a delivery whose answer it did not get; the Operator API gives messages no
// id, so the repeat must be recognised by its content.
#[tokio::test]
async fn a_repeated_send_text_is_stored_once() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;

    let first = chat.bot.send_text("u-1", "hello").await.expect("reply");
    let again = chat.bot.send_text("u-1", "hello").await.expect("reply");

    assert_eq!(first.body["duplicate"], false);
    assert_eq!(again.status, 200);
    assert_eq!(again.body["duplicate"], true);
    assert_eq!(again.body["messageId"], first.body["messageId"]);
    assert_eq!(chat.app.count("chat_messages").await, 1);
    let snapshot = chat.app.snapshot(&kim.token).await;
    assert_eq!(snapshot.chats[0].id, chat_id);
    assert_eq!(snapshot.chats[0].messages.len(), 1);
}

#[tokio::test]
async fn the_same_text_after_another_line_is_a_new_message() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    chat.bot.send_text("u-1", "yes").await.expect("reply");
    chat.bot.send_text("u-1", "and also").await.expect("reply");
    let third = chat.bot.send_text("u-1", "yes").await.expect("reply");

    assert_eq!(third.body["duplicate"], false);
    assert_eq!(chat.app.count("chat_messages").await, 3);
}

#[tokio::test]
async fn a_repeated_select_destination_creates_one_chat() {
    let chat = spawn_chat_app().await;

    let first = chat.hand_off("u-1", SALES).await;
    let again = chat
        .bot
        .select_destination(&handoff("u-1", SALES))
        .await
        .expect("reply");

    assert_eq!(again.body["duplicate"], true);
    assert_eq!(again.body["chatId"].as_u64(), Some(first));
    assert_eq!(chat.app.count("chats").await, 1);
}

#[tokio::test]
async fn a_second_destination_while_a_chat_is_open_is_refused() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let other = chat
        .bot
        .select_destination(&handoff("u-1", SUPPORT))
        .await
        .expect("reply");

    assert_eq!(other.status, 409);
    assert_eq!(chat.app.count("chats").await, 1);
}

#[tokio::test]
async fn the_client_closing_the_chat_ends_it_for_the_agent() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    let mut stream = chat.app.stream(&kim.token, None).await;

    let reply = chat
        .bot
        .close_chat("u-1", "The user closed the dialog")
        .await
        .expect("reply");
    let again = chat
        .bot
        .close_chat("u-1", "The user closed the dialog")
        .await
        .expect("reply");

    assert_eq!(reply.status, 200);
    assert_eq!(again.body["duplicate"], true);
    let ended = loop {
        if let StreamEvent::ChatEnded { chat } = stream.next().await.event {
            break chat;
        }
    };
    assert_eq!((ended.id, ended.state), (chat_id, ChatState::Closed));
    assert_eq!(ended.closed_by, Some(ClosedBy::Customer));
    let last = ended.messages.last().expect("a system line");
    assert_eq!(last.direction, MessageDirection::System);
    assert_eq!(last.text, "The user closed the dialog");
    let after = chat
        .bot
        .send_text("u-1", "still there?")
        .await
        .expect("reply");
    assert_eq!(after.status, 400);
}

#[tokio::test]
async fn a_chat_waits_until_an_agent_of_its_destination_logs_in() {
    let chat = spawn_chat_app().await;
    let chat_id = chat.hand_off("u-1", SUPPORT).await;

    let ariel = chat.app.login("ariel@example.com").await;

    let offered = eventually("the chat offered to Ariel", || async {
        chat.app
            .snapshot(&ariel.token)
            .await
            .chats
            .first()
            .map(|c| c.id)
    })
    .await;
    assert_eq!(offered, chat_id);
}

#[tokio::test]
async fn operator_api_calls_are_counted_in_the_webhook_metrics() {
    let chat = spawn_chat_app().await;
    chat.set_webhook().await;
    chat.bot.send_text("nobody", "hello").await.expect("reply");

    let metrics = chat
        .app
        .client
        .get(chat.app.url("/metrics"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");

    assert!(
        metrics.contains("agent_adapter_webhooks_accepted_total 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("agent_adapter_webhooks_rejected_total 1\n"),
        "{metrics}"
    );
}

#[tokio::test]
async fn close_chat_for_an_unknown_user_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat.bot.close_chat("nobody", "bye").await.expect("reply");

    assert_eq!(reply.status, 400);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("unknown userId")
    );
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn close_chat_without_text_is_rejected() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let reply = chat
        .bot
        .post_raw("closeChat", &json!({"userId": "u-1"}))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chats WHERE state = 'closed'").await, 0);
}

#[tokio::test]
async fn send_file_for_an_unknown_user_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat
        .bot
        .send_file(&SendFileRequest {
            user_id: "nobody".into(),
            url: "https://files.example.com/a.pdf".into(),
            file_name: None,
            size: None,
        })
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn send_file_without_url_is_rejected() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let reply = chat
        .bot
        .post_raw("sendFile", &json!({"userId": "u-1", "fileName": "a.pdf"}))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert!(
        reply.body["message"].as_str().unwrap_or("").contains("url"),
        "{:?}",
        reply.body
    );
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn send_text_with_a_numeric_user_id_is_rejected() {
    let chat = spawn_chat_app().await;
    chat.hand_off("u-1", SALES).await;

    let reply = chat
        .bot
        .post_raw("sendText", &json!({"userId": 1, "text": "hello"}))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chat_messages").await, 0);
}

#[tokio::test]
async fn select_destination_with_an_empty_user_id_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat
        .bot
        .select_destination(&handoff("  ", SALES))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("chats").await, 0);
}

#[tokio::test]
async fn set_webhook_without_url_is_rejected() {
    let chat = spawn_chat_app().await;

    let reply = chat
        .bot
        .post_raw("setWebhook", &json!({}))
        .await
        .expect("reply");

    assert_eq!(reply.status, 400);
    assert_eq!(chat.app.count("operator_channels").await, 0);
}
