//! Delivery of the agent's events to the bot's webhook: durable, retried, in order per chat,
//! once each, with dead letters when the retry window ends.

use protocol::aimylogic::WebhookEvent;
use protocol::chat::{DeadLetter, DeliveryState};
use protocol::stream::StreamEvent;

use crate::chat_support::{SALES, eventually, spawn_chat_app, spawn_chat_app_with};

fn texts(received: &[upstream_sim::Received]) -> Vec<String> {
    received
        .iter()
        .map(|r| match &r.event {
            WebhookEvent::TextMessage(t) => t.text.clone(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn a_webhook_that_was_down_gets_everything_once_and_in_order_when_it_is_back() {
    let chat = spawn_chat_app().await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    let mut stream = chat.app.stream(&kim.token, None).await;
    chat.bot.set_failing(true);

    let mut sent = Vec::new();
    for n in 1..=5 {
        sent.push(
            chat.reply(chat_id, &kim.token, &format!("message {n}"))
                .await,
        );
    }
    // The first message is retried (and the agent told so) while the webhook fails.
    let retrying = loop {
        if let StreamEvent::MessageDelivery {
            message_id,
            delivery,
            ..
        } = stream.next().await.event
        {
            break (message_id, delivery);
        }
    };
    assert_eq!(retrying, (sent[0].id, DeliveryState::Retrying));
    eventually("three refused attempts", || async {
        (chat.bot.refused() >= 3).then_some(())
    })
    .await;
    assert!(chat.bot.received().is_empty());

    chat.bot.set_failing(false);

    let received = chat.bot_receives(5).await;
    eventually("an empty outbox", || async {
        let pending = chat.app.count("outbox WHERE state = 'pending'").await;
        (pending == 0).then_some(())
    })
    .await;
    let received_after = chat.bot.received();
    assert_eq!(received_after.len(), 5, "each event exactly once");
    assert_eq!(
        texts(&received),
        (1..=5).map(|n| format!("message {n}")).collect::<Vec<_>>()
    );
    let ids: Vec<String> = received.iter().map(|r| r.event.id().to_owned()).collect();
    let expected: Vec<String> = sent.iter().map(|m| m.id.to_string()).collect();
    assert_eq!(ids, expected);
    let transcript = &chat.app.snapshot(&kim.token).await.chats[0].messages;
    assert!(
        transcript
            .iter()
            .all(|m| m.delivery == Some(DeliveryState::Delivered)),
        "{transcript:?}"
    );
}

#[tokio::test]
async fn messages_sent_before_the_webhook_is_set_are_delivered_once_it_is() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    chat.reply(chat_id, &kim.token, "first").await;
    chat.reply(chat_id, &kim.token, "second").await;
    eventually("a failed attempt", || async {
        let failed = chat.app.count("outbox WHERE attempts > 0").await;
        (failed > 0).then_some(())
    })
    .await;

    chat.set_webhook().await;

    let received = chat.bot_receives(2).await;
    assert_eq!(texts(&received), ["first", "second"]);
}

#[tokio::test]
async fn an_event_past_its_retry_window_becomes_a_dead_letter_and_later_ones_still_go() {
    let chat = spawn_chat_app_with(|settings| {
        if let Some(aimylogic) = settings.aimylogic.as_mut() {
            aimylogic.outbox.retry_window_secs = 0;
        }
    })
    .await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let sam = chat.app.login("sam@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    chat.bot.set_failing(true);

    let lost = chat.reply(chat_id, &kim.token, "lost").await;

    let dead: Vec<DeadLetter> = eventually("a dead letter", || async {
        let response = chat.agent_get("/api/v1/outbox/dead", &sam.token).await;
        let dead: Vec<DeadLetter> = response.json().await.expect("dead letters");
        (!dead.is_empty()).then_some(dead)
    })
    .await;
    assert_eq!(dead[0].chat_id, Some(chat_id));
    assert_eq!(dead[0].event_type, "TextMessage");
    assert_eq!(dead[0].payload["text"], "lost");
    assert_eq!(
        dead[0].last_error.as_deref(),
        Some("the webhook answered HTTP 500")
    );
    let transcript = &chat.app.snapshot(&kim.token).await.chats[0].messages;
    assert_eq!(transcript[0].id, lost.id);
    assert_eq!(transcript[0].delivery, Some(DeliveryState::Failed));
    let forbidden = chat.agent_get("/api/v1/outbox/dead", &kim.token).await;
    assert_eq!(forbidden.status(), 403);

    chat.bot.set_failing(false);
    chat.reply(chat_id, &kim.token, "after the outage").await;
    let received = chat.bot_receives(1).await;
    assert_eq!(texts(&received), ["after the outage"]);
}

#[tokio::test]
async fn queued_events_survive_a_gateway_restart() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    chat.reply(chat_id, &kim.token, "kept across the restart")
        .await;
    let webhook_url = chat.webhook_url.clone();
    let bot = chat.bot.clone();
    let settings = chat.app.settings.clone();
    let db_dir = chat.app.stop().await;

    // The same database, a new gateway; the webhook is set only now.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("address").port();
    let mut settings = settings;
    let api_url = format!(
        "http://127.0.0.1:{port}/operator/{}",
        crate::chat_support::CHANNEL_KEY
    );
    let _app = crate::helpers::spawn_on(listener, settings.clone(), db_dir).await;
    settings.server.port = port;
    let restarted = upstream_sim::AimylogicSim::new(&reqwest::Url::parse(&api_url).expect("url"));
    let reply = restarted.set_webhook(&webhook_url).await.expect("reply");
    assert_eq!(reply.status, 200);

    let received = eventually("the queued message", || async {
        let received = bot.received();
        (!received.is_empty()).then_some(received)
    })
    .await;
    assert_eq!(texts(&received), ["kept across the restart"]);
}

#[tokio::test]
async fn metrics_show_waiting_webhook_events_and_open_chats() {
    let chat = spawn_chat_app().await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-1", SALES).await;
    chat.accept(chat_id, &kim.token).await;
    // No webhook is set: the reply waits in the outbox.
    chat.reply(chat_id, &kim.token, "waiting").await;

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
        metrics.contains("agent_adapter_outbox_pending 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("agent_adapter_outbox_dead 0\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("agent_adapter_chats{state=\"active\"} 1\n"),
        "{metrics}"
    );
}
